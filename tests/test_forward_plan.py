"""The forward plan: what the office expects to decide, told to the public in its own
words, by month, with each draft's board meeting and gateways; never the draft's text
or confidential parts; leaving the plan when signed or taken off with a reason."""

import csv
import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from icalendar import Calendar

from decisions import workflow
from decisions.models import ConfidentialPart, DecisionStatus, ForwardPlanEntry, GatewayRow
from tests import factories
from tests.admin_forms import decision_form

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]
DRAFT_WORDS = "DRAFTWORDS the sum is 4.2m"
SECRET = "SECRETPART bidders' prices"


@pytest.fixture
def planned(alice, board):
    decision = factories.draft(created_by=alice, title="Draft title", decision_text=DRAFT_WORDS)
    ConfidentialPart.objects.create(decision=decision, order=1, heading=SECRET, body=SECRET,
                                    exemption="Commercially sensitive")  # fmt: skip
    GatewayRow.objects.create(decision=decision, gate=1, description="Supplier appointed",
                              milestone_planned=datetime.date(2027, 6, 1))  # fmt: skip
    meeting = factories.meeting(board, date=datetime.date(2027, 3, 9))
    workflow.put_to_board(decision, by=alice, meeting=meeting)
    ForwardPlanEntry.objects.create(
        decision=decision, title="Rural crime partnership",
        expected_month=datetime.date(2027, 4, 1),
        description="Whether to fund a partnership with the county's farmers.",
    )  # fmt: skip
    later = factories.draft(created_by=alice, title="Another draft")
    ForwardPlanEntry.objects.create(
        decision=later, title="Victim care contract", expected_month=datetime.date(2027, 5, 1),
        description="Who provides victim care from 2028.",
    )  # fmt: skip
    return decision, later


def _all(client):
    urls = ("/forward-plan/", "/forward-plan/feed/", "/forward-plan.csv", "/forward-plan.ics")
    return "".join(client.get(url).content.decode() for url in urls)


def test_it_lists_what_is_expected_by_month_with_its_meeting_and_gateways(client, planned):
    page = client.get("/forward-plan/").content.decode()
    assert page.index("April 2027") < page.index("Rural crime partnership")
    assert page.index("Rural crime partnership") < page.index("May 2027")
    assert "Whether to fund a partnership with the county&#x27;s farmers." in page
    assert "Strategic Policing and Crime Board, 9 March 2027" in page
    assert "Gate 1: planned for June 2027" in page
    assert "Supplier appointed" not in page  # the draft's own words


def test_it_never_shows_the_drafts_text_title_or_confidential_parts(client, planned):
    everything = _all(client)
    for private in ("DRAFTWORDS", "SECRETPART", "Draft title", "Another draft"):
        assert private not in everything, private


def test_it_gives_the_plan_as_a_feed_a_csv_and_a_calendar(client, planned):
    feed = ET.fromstring(client.get("/forward-plan/feed/").content)  # noqa: S314 - our own
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")]
    assert titles == ["Rural crime partnership (expected April 2027)",
                      "Victim care contract (expected May 2027)"]  # fmt: skip
    assert feed.find(f"{atom}author") is not None
    rows = list(csv.DictReader(io.StringIO(client.get("/forward-plan.csv").content.decode())))
    assert [(r["title"], r["expected_month"]) for r in rows] == [
        ("Rural crime partnership", "2027-04"), ("Victim care contract", "2027-05")
    ]  # fmt: skip
    assert rows[0]["board_meetings"] == "Strategic Policing and Crime Board, 9 March 2027"
    calendar = Calendar.from_ical(client.get("/forward-plan.ics").content)
    months = [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in calendar.walk("VEVENT")]
    assert months == [
        (datetime.date(2027, 4, 1), datetime.date(2027, 5, 1)),
        (datetime.date(2027, 5, 1), datetime.date(2027, 6, 1)),
    ]
    assert all(e["UID"] and e["DTSTAMP"] for e in calendar.walk("VEVENT"))


def test_a_signed_decision_leaves_the_plan_for_its_notice(client, planned, alice, carol):
    decision, _ = planned
    workflow.send_for_signature(decision, by=alice)
    signed = workflow.sign(decision, by=carol, declaration="none")
    page = client.get("/forward-plan/").content.decode()
    upcoming, decided = page.split('id="decided"') if 'id="decided"' in page else (page, "")
    assert "Rural crime partnership" not in upcoming
    assert f'href="{signed.get_absolute_url()}"' in decided
    assert "Rural crime partnership" not in client.get("/forward-plan.csv").content.decode()


def test_the_office_takes_an_entry_off_the_plan_with_a_public_reason(client, planned, as_alice):
    _, later = planned
    entry = later.forward_plan
    entry.removed_reason = "The contract was extended for a year instead."
    entry.save()
    page = client.get("/forward-plan/").content.decode()
    upcoming, taken_off = page.split('id="taken-off"')
    assert "Victim care contract" not in upcoming
    assert "Victim care contract: The contract was extended for a year instead." in taken_off
    assert entry.removed_at is not None


def test_a_drafter_puts_a_draft_on_the_plan_in_the_drafting_form(as_alice):
    data = decision_form(
        forward_plan=[{"title": "Speed cameras", "expected_month": "June 2027",
                       "description": "Two cameras on the A38.", "removed_reason": ""}]
    )  # fmt: skip
    assert as_alice.post("/admin/decisions/decision/add/", data).status_code == 302
    entry = ForwardPlanEntry.objects.get()
    assert (entry.title, entry.expected_month) == ("Speed cameras", datetime.date(2027, 6, 1))
    assert entry.decision.status == DecisionStatus.DRAFT


def test_the_demo_office_has_a_decision_on_its_forward_plan(client, demo):
    page = client.get("/forward-plan/").content.decode()
    assert "Technology Task Force: an innovation and integration partner" in page
