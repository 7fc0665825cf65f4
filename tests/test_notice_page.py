"""A signed notice shows each field of its records as it was signed, and nothing of its
confidential parts but their exemption and review date."""

import datetime

import pytest

from decisions import workflow
from decisions.models import (
    Annex,
    BackgroundPaper,
    ConfidentialPart,
    DecisionLink,
    GatewayRow,
    Section,
)
from decisions.models.parts import SectionLevel
from tests import factories

pytestmark = pytest.mark.django_db


def _words(response):
    return " ".join(response.content.decode().split())


@pytest.fixture
def notice(alice, carol, board):
    earlier = factories.signed(title="The earlier plan", reference="PCD 5",
                               signed_on=datetime.date(2019, 3, 4))  # fmt: skip
    decision = factories.draft(
        created_by=alice, title="Custody contract", decision_heading="Recommendation",
        decision_text="- to award the **custody** contract.", reasons="1. It costs least.",
        urgency_reason="The contract ends in May.", made_at="Board meeting",
        made_on=datetime.date(2026, 2, 3), gateway_is_indicative=False,
        gateway_note="Dates *agreed* with the supplier.",
        public_access_statement="Ask the office for the papers.",
        contact_officer=factories.contact(
            name="Jo Bloggs", position="Head of Estates", organisation="The Office",
            telephone="0121 000 0000", email="jo@example.org",
        ),
    )  # fmt: skip
    Section.objects.create(decision=decision, order=2, heading="Options", body="Two **options**.",
                           level=SectionLevel.SUB_HEADING)  # fmt: skip
    GatewayRow.objects.create(
        decision=decision, gate=3, description="Contract award",
        milestone_planned=datetime.date(2026, 4, 1), milestone_actual=datetime.date(2026, 5, 1),
    )  # fmt: skip
    BackgroundPaper.objects.create(decision=decision, title="Options paper",
                                   url="https://example.org/options")  # fmt: skip
    Annex.objects.create(decision=decision, label="B", title="Costs",
                         url="https://example.org/costs")  # fmt: skip
    DecisionLink.objects.create(from_decision=decision, to_decision=earlier)
    DecisionLink.objects.create(
        from_decision=decision, to_reference="OLD 7", to_title="Before the register",
        to_date=datetime.date(2011, 1, 2), to_url="https://example.org/old-7",
    )  # fmt: skip
    ConfidentialPart.objects.create(decision=decision, heading="Part 2", body="PRICE-MARKER",
                                    exemption="Commercial (s.43)",
                                    release_after=datetime.date(2030, 1, 1))  # fmt: skip
    workflow.put_to_board(decision, by=alice, meeting=factories.meeting(board))
    workflow.send_for_signature(decision, by=alice)
    return workflow.sign(decision, by=carol, declaration="none")


def test_it_shows_each_field_of_the_records_on_the_signed_notice(client, notice):
    page = _words(client.get(notice.get_absolute_url()))
    for shown in [
        '<h2 id="the-decision">Recommendation</h2>',
        "to award the <strong>custody</strong> contract.",
        "<h3>Reasons</h3><ol> <li>It costs least.</li>",
        "<p>The contract ends in May.</p>",
        "Made at: Board meeting, 3 February 2026",
        "<h3>Options</h3> <p>Two <strong>options</strong>.</p>",
        '<th scope="row">3</th><td>Contract award</td><td>April 2026</td><td>May 2026</td>',
        "Dates <em>agreed</em> with the supplier.",
        "<p>Ask the office for the papers.</p>",
        "<dt>Name</dt><dd>Jo Bloggs</dd>",
        "<dt>Position</dt><dd>Head of Estates</dd>",
        "<dt>Organisation</dt><dd>The Office</dd>",
        "<dt>Telephone</dt><dd>0121 000 0000</dd>",
        '<a href="mailto:jo@example.org">jo@example.org</a>',
        '<a href="https://example.org/options">Options paper</a>',
        'Annex B: <a href="https://example.org/costs">Costs</a>',
        '<a href="/decisions/pcd-5/">PCD 5</a>: The earlier plan (4 March 2019)',
        '<a href="https://example.org/old-7">OLD 7</a>: Before the register (2 January 2011)',
        "Exemption: Commercial (s.43). To be reviewed for release after 1 January 2030.",
    ]:
        assert shown in page, shown
    assert "(indicative)" not in page
    assert "Part 2" not in page and "PRICE-MARKER" not in page


def test_it_calls_a_gateway_timetable_indicative_unless_told_otherwise(client):
    decision = factories.draft(title="Timetabled")
    GatewayRow.objects.create(
        decision=decision, gate=1, description="Start", milestone_planned=datetime.date(2026, 4, 1)
    )
    signed = factories.record_signature(decision)
    page = _words(client.get(signed.get_absolute_url()))
    assert "Gateway timetable (indicative)" in page
    assert "Please note that this is an indicative timetable and therefore may change." in page


def test_it_names_in_the_open_data_the_boards_a_decision_was_put_to(client, notice, board):
    row = client.get(f"/api/decisions/{notice.slug}.json").json()
    assert row["boards"] == board.name


def test_it_links_a_background_paper_s_file_to_its_download(client):
    from django.core.files.base import ContentFile

    decision = factories.draft(title="With a paper")
    paper = BackgroundPaper(decision=decision, title="Report", original_filename="report.pdf")
    paper.file.save("report.pdf", ContentFile(b"%PDF-1.7 paper"), save=False)
    paper.save()
    signed = factories.record_signature(decision)
    page = _words(client.get(signed.get_absolute_url()))
    assert f'<a href="/documents/paper/{paper.pk}/">Report</a>' in page
    download = client.get(f"/documents/paper/{paper.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.7 paper"
