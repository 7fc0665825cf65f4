"""Signing numbers, freezes and publishes a decision; what the Commissioner sees first."""

import threading

import pytest
from django.core import mail
from django.db import connection

from decisions import workflow
from decisions.models import Decision, DecisionStatus, InterestDeclaration
from tests import factories
from tests.admin_forms import hidden_fields

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]


def _ready(alice, carol, board, **fields):
    return factories.in_state(
        DecisionStatus.READY, drafter=alice, commissioner=carol, board_=board, **fields
    )


def test_signing_assigns_the_next_number_of_the_year_in_the_office_format(
    settings, alice, carol, board
):
    settings.REFERENCE_FORMAT = "WMPCC {number:03d}/{year}"
    first = workflow.sign(_ready(alice, carol, board), by=carol, declaration="none")
    second = workflow.sign(_ready(alice, carol, board), by=carol, declaration="none")
    year = first.signed_at.year
    assert first.reference == f"WMPCC 001/{year}"
    assert second.reference == f"WMPCC 002/{year}"
    assert first.slug == f"wmpcc-001-{year}"


def test_numbering_steps_past_a_number_recorded_by_hand(settings, alice, carol, board):
    settings.REFERENCE_FORMAT = "WMPCC {year}-{number:03d}"
    year = factories.draft().created_at.year
    factories.signed(reference=f"WMPCC {year}-001")
    signed = workflow.sign(_ready(alice, carol, board), by=carol, declaration="none")
    assert signed.reference == f"WMPCC {year}-002"


def test_the_sign_page_shows_the_exact_notice_and_asks_for_the_declaration(
    client, alice, carol, board
):
    decision = _ready(alice, carol, board, title="Custody healthcare contract")
    client.force_login(carol)
    page = client.get(f"/admin/decisions/decision/{decision.pk}/step/sign/").content.decode()
    assert "This is exactly the notice that will be published" in page
    assert "Custody healthcare contract" in page
    assert decision.display_reference in page  # still the placeholder
    assert "I have no disclosable pecuniary interest" in page


def test_signing_without_confirming_the_declaration_is_refused_with_a_message(
    client, alice, carol, board
):
    decision = _ready(alice, carol, board)
    client.force_login(carol)
    url = f"/admin/decisions/decision/{decision.pk}/step/sign/"
    seen = hidden_fields(client, url)
    response = client.post(url, {**seen, "declaration": "none"})
    assert response.status_code == 200
    assert "Confirm that you have read the notice before signing." in response.content.decode()
    response = client.post(url, {**seen, "declaration": "declared", "confirm": "on"})
    assert "Describe the interest you declare, or declare none." in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.READY


def test_a_declared_interest_is_recorded_and_published(client, alice, carol, board):
    decision = _ready(alice, carol, board)
    client.force_login(carol)
    url = f"/admin/decisions/decision/{decision.pk}/step/sign/"
    client.post(
        url,
        {
            **hidden_fields(client, url),
            "declaration": "declared",
            "interests": "My brother is a director of the bidder.",
            "confirm": "on",
        },
    )
    decision.refresh_from_db()
    assert decision.declaration == InterestDeclaration.DECLARED
    client.logout()
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "My brother is a director of the bidder." in page


def test_signing_records_who_when_and_why_and_tells_the_drafter(
    alice, carol, board, django_capture_on_commit_callbacks
):
    decision = _ready(alice, carol, board)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        signed = workflow.sign(decision, by=carol, declaration="none")
    latest = signed.history.first()
    assert latest.history_user == carol
    assert latest.history_change_reason == f"Signed as {signed.reference}"
    assert signed.signed_name == "Sam Taylor"
    assert signed.signed_title == "West Midlands Police and Crime Commissioner"
    assert [m.to for m in mail.outbox] == [["alice@opcc.example"]]
    assert signed.reference in mail.outbox[0].body
    assert signed.get_absolute_url() in mail.outbox[0].body


def test_a_stale_page_is_refused_and_changes_nothing(client, alice, carol, board):
    decision = _ready(alice, carol, board)
    stale = workflow.version_of(decision)
    workflow.recall(decision, by=alice, reason="One more fix.")
    decision = workflow.send_for_signature(Decision.objects.get(pk=decision.pk), by=alice)
    client.force_login(carol)
    url = f"/admin/decisions/decision/{decision.pk}/step/sign/"
    response = client.post(
        url,
        {**hidden_fields(client, url), "version": stale, "declaration": "none", "confirm": "on"},
        follow=True,
    )
    assert "This decision changed after you opened the page" in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.READY and decision.reference is None


def test_the_commissioner_sends_back_with_a_reason_and_the_drafter_is_told(
    alice, carol, board, django_capture_on_commit_callbacks
):
    decision = _ready(alice, carol, board)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.send_back(decision, by=carol, reason="Add the equality impact assessment.")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT
    assert "Add the equality impact assessment." in decision.history.first().history_change_reason
    assert "Add the equality impact assessment." in mail.outbox[0].body


def test_an_urgent_decision_skips_the_board_only_with_a_reason_shown_on_the_notice(
    alice, carol, client
):
    decision = factories.draft(created_by=alice)
    with pytest.raises(workflow.TransitionRefused):
        workflow.send_urgent_for_signature(decision, by=alice, reason="  ")
    decision = workflow.send_urgent_for_signature(
        decision, by=alice, reason="The contract lapses on Friday."
    )
    signed = workflow.sign(decision, by=carol, declaration="none")
    page = client.get(signed.get_absolute_url()).content.decode()
    assert "The contract lapses on Friday." in page


def test_board_members_are_emailed_when_a_draft_is_put_to_their_meeting(
    alice, bob, board, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    decision = factories.draft(created_by=alice)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.put_to_board(decision, by=alice, meeting=factories.meeting(board))
    assert [m.to for m in mail.outbox] == [["bob@opcc.example"]]
    assert f"/admin/decisions/decision/{decision.pk}/change/" in mail.outbox[0].body


def test_the_commissioner_is_emailed_when_it_is_ready(
    alice, carol, board, django_capture_on_commit_callbacks
):
    decision = factories.in_state(
        DecisionStatus.WITH_BOARD, drafter=alice, commissioner=carol, board_=board
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.send_for_signature(decision, by=alice)
    assert [m.to for m in mail.outbox] == [["carol@opcc.example"]]
    assert "ready for your signature" in mail.outbox[0].body


def test_a_board_comment_is_shown_with_author_and_time_and_emailed_to_the_drafter(
    client, alice, bob, carol, board, django_capture_on_commit_callbacks
):
    decision = factories.in_state(
        DecisionStatus.WITH_BOARD, drafter=alice, commissioner=carol, board_=board
    )
    mail.outbox.clear()
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/decisions/decision/{decision.pk}/step/comment/",
            {
                "version": workflow.version_of(decision),
                "body": "Say what the break clause costs.",
            },
        )
    assert "Say what the break clause costs." in mail.outbox[0].body
    for viewer in (alice, carol):
        client.force_login(viewer)
        page = client.get(f"/admin/decisions/decision/{decision.pk}/change/").content.decode()
        assert "Say what the break clause costs." in page
        assert "bob" in page


def test_a_board_member_cannot_see_drafts_that_are_not_before_their_board(client, bob, alice):
    decision = factories.draft(created_by=alice, title="Not for the board")
    client.force_login(bob)
    assert client.get(f"/admin/decisions/decision/{decision.pk}/change/").status_code == 302
    listing = client.get("/admin/decisions/decision/").content.decode()
    assert "Not for the board" not in listing


def test_an_amendment_is_signed_and_published_beside_the_unchanged_original(
    client, alice, carol, board
):
    decision = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
    )
    original_text = decision.decision_text
    amendment = workflow.propose_amendment(
        decision, by=alice, change_note="Corrected the contract value to £1.2m."
    )
    assert "Corrected" not in client.get(decision.get_absolute_url()).content.decode()
    workflow.sign_amendment(amendment.decision, by=carol)
    decision.refresh_from_db()
    assert decision.decision_text == original_text
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "Corrected the contract value to £1.2m." in page


def test_a_withdrawn_decision_stays_visible_with_its_reason(client, alice, carol, board):
    decision = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
    )
    withdrawal = workflow.propose_withdrawal(decision, by=alice, reason="The bidder withdrew.")
    client.force_login(carol)
    url = f"/admin/decisions/decision/amendment/{withdrawal.pk}/sign/"
    confirm = client.get(url)
    assert "stays on the public register, marked withdrawn" in confirm.content.decode()
    client.post(url, hidden_fields(client, url))
    client.logout()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.WITHDRAWN
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "This decision has been withdrawn" in page and "The bidder withdrew." in page


def test_only_the_commissioner_signs_an_amendment(client, alice, carol, board):
    decision = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
    )
    amendment = workflow.propose_amendment(decision, by=alice, change_note="Typo.")
    client.force_login(carol)
    seen = hidden_fields(client, f"/admin/decisions/decision/amendment/{amendment.pk}/sign/")
    client.force_login(alice)
    client.post(f"/admin/decisions/decision/amendment/{amendment.pk}/sign/", seen)
    amendment.refresh_from_db()
    assert amendment.signed_at is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_signings_get_consecutive_numbers_with_no_gaps_or_repeats(
    transactional_db, alice, carol, board
):
    count = 12
    ready = [_ready(alice, carol, board, title=f"Concurrent {n}") for n in range(count)]
    barrier = threading.Barrier(count)
    errors = []

    def sign(decision):
        try:
            barrier.wait(timeout=30)
            workflow.sign(decision, by=carol, declaration="none")
        except Exception as exc:  # the test reports every failure below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(d,)) for d in ready]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    numbers = sorted(Decision.objects.published().values_list("reference_number", flat=True))
    assert numbers == list(range(1, count + 1))
    references = Decision.objects.published().values_list("reference", flat=True)
    assert len(set(references)) == count


def test_it_shows_the_commissioner_the_drafters_note_on_the_page_and_in_the_email(
    client, alice, carol, board, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = factories.meeting(board)
    decision = factories.draft(created_by=alice, title="Noted")
    workflow.put_to_board(decision, by=alice, meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.send_for_signature(decision, by=alice, reason="Finance has agreed the sum.")
    client.force_login(carol)
    page = client.get(f"/admin/decisions/decision/{decision.pk}/change/").content.decode()
    assert "Note for the Commissioner from" in page and "Finance has agreed the sum." in page
    email = next(m for m in mailoutbox if "Ready for your signature" in m.subject)
    assert "Finance has agreed the sum." in email.body


def test_it_shows_no_note_when_the_drafter_wrote_none(client, alice, carol, board):
    meeting = factories.meeting(board)
    decision = factories.draft(created_by=alice, title="Unnoted")
    workflow.put_to_board(decision, by=alice, meeting=meeting)
    workflow.send_for_signature(decision, by=alice)
    client.force_login(carol)
    page = client.get(f"/admin/decisions/decision/{decision.pk}/change/").content.decode()
    assert "Note for the Commissioner" not in page


@pytest.mark.parametrize("days", [14, -1])
def test_it_warns_before_sending_a_draft_whose_board_has_not_met(as_alice, alice, board, days):
    import datetime

    from django.utils import timezone

    meeting = factories.meeting(board)
    decision = factories.draft(created_by=alice)
    workflow.put_to_board(decision, by=alice, meeting=meeting)
    meeting.date = timezone.localdate() + datetime.timedelta(days)  # held, or still to come
    meeting.save()
    url = f"/admin/decisions/decision/{decision.pk}/step/send_for_signature/"
    page = as_alice.get(url).content.decode()
    warned = "after today, so it has not discussed this draft yet" in page
    assert warned == (days > 0)
