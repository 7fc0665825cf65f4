"""Both seed notices are held and published without loss.

Every paragraph, list item, heading, table cell, name, phone number and date of
the two original documents is looked for in what the register stores and
renders; the gateway months are checked as months.
"""

import pytest
from django.template.loader import render_to_string

from decisions.models import Decision, DecisionStatus
from decisions.notices import draft_notice, notice_queryset
from tests.seed_text import page_text, seed_phrases

pytestmark = pytest.mark.django_db


def _missing(phrases, text):
    return [phrase for phrase in phrases if phrase not in text]


def test_it_publishes_every_line_of_wmpcc_2012_001(client, demo):
    phrases, _ = seed_phrases("wmpcc-2012-001.txt")
    response = client.get("/decisions/wmpcc-2012-001/")
    assert response.status_code == 200
    assert len(phrases) > 30
    assert _missing(phrases, page_text(response.content.decode())) == []
    # Paragraphs keep the numbers they were published with (1 to 11).
    html = response.content.decode()
    for number in (2, 6, 7, 8, 9, 10, 11):
        assert f'<ol start="{number}">' in html


def test_it_holds_every_line_of_the_iip_draft_and_its_board_report(demo):
    phrases, months = seed_phrases("iip-draft-2013.txt")
    decision = notice_queryset().get(title__startswith="West Midlands Police and Crime")
    item = decision.agenda_items.get()
    rendered = render_to_string(
        "decisions/_partials/board_report.html", {"item": item}
    ) + render_to_string("decisions/_partials/notice.html", {"notice": draft_notice(decision)})
    assert len(phrases) > 60
    assert _missing(phrases, page_text(rendered)) == []
    stored_months = {row.milestone_planned for row in decision.gateways.all()}
    assert set(months) == stored_months


def test_the_signed_seed_keeps_its_signature_and_contact(demo):
    decision = Decision.objects.get(reference="WMPCC 2012-001")
    assert decision.status == DecisionStatus.SIGNED
    assert decision.signed_name == "Bob Jones"
    assert decision.signed_title == "West Midlands Police and Crime Commissioner"
    assert decision.signed_at.date().isoformat() == "2012-11-22"
    assert decision.made_on.isoformat() == "2012-11-22"
    contact = decision.contact_officer
    assert (contact.name, contact.position, contact.telephone, contact.email) == (
        "Jacky Courtney",
        "Chief Executive",
        "0121 626 6060",
        "j.courtney@west-midlands.pnn.police.uk",
    )
    assert [p.title for p in decision.background_papers.all()] == [
        "PCC Transformation Options Paper"
    ]
    numbered = [line for line in (decision.reasons.splitlines()) if line[:2].rstrip(".").isdigit()]
    assert [line.split(".")[0] for line in numbered] == ["2", "3", "4", "5"]


def test_the_draft_seed_is_on_the_board_agenda_with_its_timetable_and_link(demo):
    decision = Decision.objects.get(title__contains="Innovation and Integration Partner")
    assert decision.reference is None
    assert decision.display_reference == "0XX/2013"
    assert decision.status == DecisionStatus.WITH_BOARD
    item = decision.agenda_items.get()
    assert item.meeting.board.name == "Strategic Policing and Crime Board"
    assert item.meeting.date.isoformat() == "2013-07-16"
    assert [a.name for a in item.authors.order_by("name")] == ["Chris Sims", "Jacky Courtney"]
    gates = [(g.gate, g.milestone_planned.strftime("%b-%Y")) for g in decision.gateways.all()]
    assert gates == [(0, "Jul-2013"), (1, "Oct-2013"), (2, "Nov-2013"), (3, "Jan-2014")]
    assert decision.gateway_is_indicative
    link = decision.links_out.get()
    assert (link.to_reference, link.to_title, link.to_date.isoformat()) == (
        "WMPCC 005/2013",
        "Technology Task Force",
        "2013-02-14",
    )
    assert [a.label for a in decision.annexes.all()] == ["B"]
    assert decision.sections.filter(heading="Legal implications").count() == 2
