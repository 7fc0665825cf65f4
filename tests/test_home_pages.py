"""Each role's home page in the admin shows what waits on them."""

import pytest

from decisions import workflow
from decisions.models import DecisionStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(alice, bob, carol, board):
    meeting = factories.meeting(board)
    with_board = factories.draft(created_by=alice, title="On the agenda")
    workflow.put_to_board(with_board, by=alice, meeting=meeting)
    workflow.comment(with_board, by=bob, body="Cost it again, please.")
    ready = factories.draft(created_by=alice, title="Ready to sign")
    workflow.put_to_board(ready, by=alice, meeting=meeting)
    workflow.comment(ready, by=bob, body="The board supports this.")
    workflow.send_for_signature(ready, by=alice, reason="Finance has agreed the sum.")
    factories.draft(created_by=alice, title="Just started")
    return meeting


def _home(client, user):
    client.force_login(user)
    return client.get("/admin/").content.decode()


def test_it_shows_a_drafter_the_offices_drafts_and_what_comes_next(client, alice, office):
    page = _home(client, alice)
    for title in ("On the agenda", "Ready to sign", "Just started"):
        assert title in page
    assert "Board members comment; a drafter revises it" in page
    assert "Waiting for your signature" not in page
    assert 'href="/admin/decisions/decision/add/">Start a new decision' in page


def test_it_offers_a_new_decision_only_to_those_who_draft(client, bob, carol):
    for user in (bob, carol):
        assert "Start a new decision" not in _home(client, user)


def test_it_shows_a_board_member_their_next_meeting_with_a_comment_button(client, bob, office):
    page = _home(client, bob)
    assert "Your next board meetings" in page and str(office) in page
    assert "On the agenda" in page
    assert "/step/comment/" in page and "Drafts in progress" not in page


def test_it_shows_the_commissioner_what_waits_with_note_comments_and_notice(client, carol, office):
    page = _home(client, carol)
    section = page[page.index("Waiting for your signature") :]
    assert "Ready to sign" in section and "Finance has agreed the sum." in section
    assert "The board supports this." in section
    assert "The notice as it would be signed" in section and 'class="notice"' in section
    assert "/step/sign/" in section
    assert "On the agenda" not in section.split("Records")[0]


def test_it_lists_proposals_waiting_for_the_commissioner(client, alice, carol, board):
    signed = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
    )
    workflow.propose_amendment(signed, by=alice, change_note="Raise it to £2m.")
    page = _home(client, carol)
    assert "Amendments and withdrawals waiting" in page and "Raise it to £2m." in page


def test_it_shows_staff_with_no_role_only_the_records(client, dave):
    page = _home(client, dave)
    assert "Waiting for your signature" not in page and "Drafts in progress" not in page


def test_it_shows_a_board_member_the_draft_as_it_would_be_published(client, bob, office):
    from decisions.models import Decision, Section

    draft = Decision.objects.get(title="On the agenda")
    Section.objects.create(decision=draft, order=1, heading="Background", body="Costs rose.")
    client.force_login(bob)
    page = client.get(f"/admin/decisions/decision/{draft.pk}/change/").content.decode()
    assert '<details class="notice-preview" open>' in page
    assert "Background" in page and "Costs rose." in page


def test_it_offers_the_panel_report_to_the_office_and_the_commissioner_only(
    client, alice, bob, carol, dave
):
    page = _home(client, alice)
    assert 'href="/admin/decisions/panelreport/add/">Prepare the Panel report' in page
    assert "No report has been made yet." in page
    carol_page = _home(client, carol)
    assert "Every report made" in carol_page and "Prepare the Panel report" not in carol_page
    for user in (bob, dave):
        assert "The Police and Crime Panel" not in _home(client, user)


def test_it_links_the_latest_panel_report_made(client, alice):
    import datetime

    from decisions import tasks
    from decisions.models import PanelReport

    report = PanelReport.objects.create(
        date_from=datetime.date(2025, 1, 1), date_to=datetime.date(2025, 1, 31), prepared_by=alice
    )
    tasks.prepare_panel_report.enqueue(report.pk)
    page = _home(client, alice)
    assert "The latest report, for 1 January 2025 to 31 January 2025" in page
    assert f'href="/admin/decisions/panelreport/{report.pk}/pdf/"' in page
