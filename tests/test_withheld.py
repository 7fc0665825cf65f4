"""Say what is withheld: a notice with confidential parts tells the public so, with each
part's exemption ground and review date, on its page, in its PDF and in the open data,
and never shows what the parts say."""

import csv
import datetime
import io
import json

import pytest

from decisions import workflow
from decisions.models import ConfidentialPart, DecisionStatus
from tests import factories
from tests.pdf_tools import Pdf

pytestmark = pytest.mark.django_db

GROUND = "Commercially sensitive (FOI Act s.43)"
SECRET_HEADING = "Part 2: the bidders' prices"
SECRET_BODY = "Bidder A offered 4.2m."


@pytest.fixture
def withheld(alice, carol, board):
    decision = factories.draft(created_by=alice, title="Custody contract")
    ConfidentialPart.objects.create(
        decision=decision, order=1, heading=SECRET_HEADING, body=SECRET_BODY,
        exemption=GROUND, release_after=datetime.date(2029, 4, 1),
    )  # fmt: skip
    ConfidentialPart.objects.create(
        decision=decision, order=2, heading="Part B", body="Names of staff.",
        exemption="Personal data (FOI Act s.40)",
    )  # fmt: skip
    workflow.put_to_board(decision, by=alice, meeting=factories.meeting(board))
    workflow.send_for_signature(decision, by=alice)
    return workflow.sign(decision, by=carol, declaration="none")


def _words(text):
    return " ".join(text.split())


def test_the_notice_page_says_what_is_withheld_and_not_what_it_says(client, withheld):
    page = _words(client.get(withheld.get_absolute_url()).content.decode())
    assert "Information not published" in page
    assert "2 parts of this decision are confidential and not published." in page
    assert f"Exemption: {GROUND}. To be reviewed for release after 1 April 2029." in page
    assert "Exemption: Personal data (FOI Act s.40). No date is set to review it" in page
    assert SECRET_HEADING not in page and "Bidder A" not in page


def test_the_pdf_says_what_is_withheld(withheld, tmp_path):
    text = _words(Pdf(withheld.documents.latest().file.read(), tmp_path).text())
    assert "Information not published" in text
    assert "To be reviewed for release after 1 April 2029." in text
    assert "Bidder A" not in text and "bidders' prices" not in text


def test_the_open_data_lists_each_ground_and_review_date(client, withheld):
    row = json.loads(client.get(f"/api/decisions/{withheld.slug}.json").content)
    assert row["withheld"] == [
        {"ground": GROUND, "review_on": "2029-04-01"},
        {"ground": "Personal data (FOI Act s.40)", "review_on": ""},
    ]
    listing = b"".join(client.get("/decisions.json").streaming_content)
    assert json.loads(listing)["decisions"][0]["withheld"] == row["withheld"]
    rows = list(csv.DictReader(io.StringIO(
        b"".join(client.get("/decisions.csv").streaming_content).decode()
    )))  # fmt: skip
    assert rows[0]["withheld"] == (
        f"{GROUND}; review after 2029-04-01\nPersonal data (FOI Act s.40); review after no date set"
    )
    assert "Bidder A" not in listing.decode()


def test_a_notice_with_nothing_withheld_says_nothing_about_it(client, alice, carol, board):
    signed = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
    )
    assert "Information not published" not in client.get(signed.get_absolute_url()).content.decode()
    row = json.loads(client.get(f"/api/decisions/{signed.slug}.json").content)
    assert row["withheld"] == []


def test_the_public_side_loads_what_it_may_say_of_each_part_and_never_its_words(
    withheld, django_assert_num_queries
):
    with django_assert_num_queries(1):
        notes = list(ConfidentialPart.objects.filter(decision=withheld).withheld_notes())
        said = [(p.decision_id, p.order, p.exemption, p.release_after) for p in notes]
    assert said == [
        (withheld.pk, 1, GROUND, datetime.date(2029, 4, 1)),
        (withheld.pk, 2, "Personal data (FOI Act s.40)", None),
    ]
    assert all({"heading", "body"} <= p.get_deferred_fields() for p in notes)


def test_it_stops_calling_a_part_withheld_on_the_board_paper_once_it_is_released(
    client, alice, carol, board
):
    meeting = factories.meeting(board)
    decision = factories.draft(created_by=alice, title="Custody contract")
    released = factories.confidential_part(decision, order=1, exemption=GROUND)
    factories.confidential_part(decision, order=2, exemption="Personal data (FOI Act s.40)",
                                release_after=datetime.date(2030, 1, 1))  # fmt: skip
    workflow.put_to_board(decision, by=alice, meeting=meeting)
    workflow.publish_agenda(meeting, by=alice)
    workflow.send_for_signature(decision, by=alice)
    signed = workflow.sign(decision, by=carol, declaration="none")
    workflow.release_part(signed, by=carol, part=released.pk)
    paper = _words(client.get(f"/meetings/{meeting.pk}/items/1/").content.decode())
    assert "One part of this decision is confidential and not published." in paper
    assert "Exemption: Personal data (FOI Act s.40)." in paper
    assert f"Exemption: {GROUND}." not in paper
