"""A proposed amendment or withdrawal can be closed unsigned: declined by the
Commissioner, or taken back by a drafter. The signed notice never changes, the
proposal's life stays in its history, and another can then be proposed."""

import pytest
from django.utils.timezone import localdate

from decisions import workflow
from decisions.models import Amendment, DecisionStatus
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]


@pytest.fixture
def proposed(alice, carol, board):
    decision = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
    )
    workflow.propose_amendment(decision, by=alice, change_note="Raise it to £2m.", body="£2m")
    return decision


def _post(client, user, decision, step, reason="Not what the board agreed."):
    if user is not None:
        client.force_login(user)
    url = f"/admin/decisions/decision/{decision.pk}/step/{step}/"
    return client.post(url, {"version": workflow.version_of(decision), "reason": reason})


def test_it_lets_the_commissioner_decline_a_proposal_and_tells_the_drafter(
    client, proposed, alice, carol, mailoutbox, django_capture_on_commit_callbacks
):
    page_before = client.get(proposed.get_absolute_url()).content
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, carol, proposed, "decline_proposal")
    assert response.status_code == 302
    assert not Amendment.objects.filter(decision=proposed).exists()
    declined = Amendment.history.filter(decision_id=proposed.pk, history_type="-").get()
    assert declined.history_change_reason.endswith("Not what the board agreed.")
    assert declined.history_user == carol
    email = next(m for m in mailoutbox if "declined" in m.subject)
    assert email.to == [alice.email] and "Not what the board agreed." in email.body
    client.logout()
    assert client.get(proposed.get_absolute_url()).content == page_before
    workflow.propose_withdrawal(proposed, by=alice, reason="Superseded.")  # free again


def test_it_lets_a_drafter_take_back_a_proposal(client, proposed, alice):
    response = _post(client, alice, proposed, "take_back_proposal", "Wrong figure.")
    assert response.status_code == 302
    assert workflow.pending_amendment(proposed) is None
    taken = Amendment.history.filter(decision_id=proposed.pk, history_type="-").get()
    assert taken.history_change_reason == "Taken back: Wrong figure."


@pytest.mark.parametrize(
    ("actor", "step"),
    [("alice", "decline_proposal"), ("bob", "decline_proposal"), ("dave", "decline_proposal"),
     (None, "decline_proposal"), ("carol", "take_back_proposal"), ("bob", "take_back_proposal"),
     ("dave", "take_back_proposal"), (None, "take_back_proposal")],
)  # fmt: skip
def test_it_lets_no_one_else_close_a_proposal(
    client, proposed, alice, bob, carol, dave, actor, step
):
    users = {"alice": alice, "bob": bob, "carol": carol, "dave": dave}
    _post(client, users.get(actor), proposed, step)
    assert workflow.pending_amendment(proposed) is not None


def test_it_asks_why_before_declining(client, proposed, carol):
    response = _post(client, carol, proposed, "decline_proposal", reason="  ")
    assert workflow.pending_amendment(proposed) is not None
    assert response.status_code == 200
    assert 'id="id_reason_error"><li>This field is required.' in response.content.decode()


def test_it_offers_nothing_to_close_when_nothing_is_proposed(client, alice, carol, board):
    signed = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
    )
    client.force_login(carol)
    page = client.get(f"/admin/decisions/decision/{signed.pk}/change/").content.decode()
    assert "Decline the proposal" not in page
    workflow.propose_amendment(signed, by=alice, change_note="Fix.")
    page = client.get(f"/admin/decisions/decision/{signed.pk}/change/").content.decode()
    assert "Decline the proposal" in page


def _sign_page(client, carol, decision):
    client.force_login(carol)
    page = client.get(f"/admin/decisions/decision/{decision.pk}/step/sign_amendment/")
    assert page.status_code == 200
    return page.content.decode()


def test_the_amendment_sign_page_shows_the_notice_as_it_will_be_published(
    client, alice, carol, board
):
    decision = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
    )
    workflow.propose_amendment(
        decision, by=alice, change_note="The sum rises.", body="Funding of **£9.9m**."
    )
    page = _sign_page(client, carol, decision)
    preview = page[page.index('class="notice-preview"') :]
    assert "Funding of <strong>£9.9m</strong>." in preview
    assert "**£9.9m**" not in page
    signer = workflow.signatory_for(carol).name
    assert f"Amendment</strong>, signed {localdate():%-d %B %Y} by {signer}" in preview


def test_the_withdrawal_sign_page_shows_the_notice_withdrawn(client, alice, carol, board):
    decision = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
    )
    workflow.propose_withdrawal(decision, by=alice, reason="Superseded by a national scheme.")
    preview = _sign_page(client, carol, decision).split('class="notice-preview"', 1)[1]
    assert f"Withdrawn on {localdate():%-d %B %Y}." in preview
    assert "Superseded by a national scheme." in preview
