"""Every step, by every role, in every state: done or refused, through the admin over HTTP.

The rules: a drafter puts drafts to the board, sends them for signature (or,
urgently, straight from draft), takes them back, and proposes amendments and
withdrawals of signed decisions; a board member comments on drafts with their
board; the Commissioner signs or sends back what is ready, and releases or keeps a
signed decision's confidential part due for review. Anyone else: nothing.
"""

import pytest

from decisions.models import DecisionStatus as S
from decisions.models import ReleaseReview, Signatory
from decisions.notices import draft_notice, notice_queryset, signing_digest
from decisions.publishing import current_notice
from decisions.workflow import version_of
from decisions.workflow.release import release_digest
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]

ALLOWED = {
    "put_to_board": {("alice", S.DRAFT)},
    "send_for_signature": {("alice", S.WITH_BOARD)},
    "send_urgent_for_signature": {("alice", S.DRAFT)},
    "recall": {("alice", S.WITH_BOARD), ("alice", S.READY)},
    "comment": {("bob", S.WITH_BOARD)},
    "send_back": {("carol", S.READY)},
    "sign": {("carol", S.READY)},
    "propose_amendment": {("alice", S.SIGNED)},
    "propose_withdrawal": {("alice", S.SIGNED)},
    "release_part": {("carol", S.SIGNED)},
    "keep_part": {("carol", S.SIGNED)},
}
ACTORS = ["alice", "bob", "carol", "dave", "anonymous"]
STATES = [S.DRAFT, S.WITH_BOARD, S.READY, S.SIGNED, S.WITHDRAWN]


def _form(step, decision, meeting):
    data = {"version": version_of(decision), "reason": "Because the board asked."}
    if step == "comment":
        data["body"] = data.pop("reason")
    if step == "put_to_board":
        data.update(meeting=str(meeting.pk), recommendations="Comment, please.")
    if step == "sign":
        # What carol's sign page carries: the digest of the notice it shows her.
        notice = draft_notice(notice_queryset().get(pk=decision.pk))
        carol = Signatory.objects.get(user__username="carol")
        seen = signing_digest(notice, signatory=carol)
        data.update(declaration="none", confirm="on", seen=seen)
    if step == "propose_amendment":
        data.update(change_note="Corrected the contract value.", body="£1.2m, not £12m.")
    part = decision.confidential_parts.first()
    if step == "release_part":
        carol = Signatory.objects.get(user__username="carol")
        seen = release_digest(part, carol, current_notice(decision)) if decision.is_signed else ""
        data.update(part=str(part.pk), confirm="on", seen=seen)
    if step == "keep_part":
        data.update(part=str(part.pk), next_review_on="2099-01-01")
    return data


def _observable(decision):
    """What anyone could see change: state, comments, agenda items, amendments."""
    decision.refresh_from_db()
    return (
        decision.status,
        decision.reference,
        decision.agenda_items.count(),
        sum(item.comments.count() for item in decision.agenda_items.all()),
        decision.amendments.count(),
        decision.versions.count(),
        ReleaseReview.objects.filter(part__decision=decision).count(),
    )


@pytest.mark.parametrize("state", STATES, ids=lambda s: s.value)
@pytest.mark.parametrize("step", sorted(ALLOWED))
@pytest.mark.parametrize("actor", ACTORS)
def test_step_by_role_in_state(client, alice, bob, carol, dave, board, actor, step, state):
    decision = factories.in_state(
        state, drafter=alice, commissioner=carol, board_=board, confidential={}
    )
    meeting = factories.meeting(board, date=decision.created_at.date().replace(year=2099))
    users = {"alice": alice, "bob": bob, "carol": carol, "dave": dave}
    if actor in users:
        client.force_login(users[actor])
    before = _observable(decision)

    url = f"/admin/decisions/decision/{decision.pk}/step/{step}/"
    response = client.post(url, _form(step, decision, meeting))

    assert response.status_code in (302, 403, 404), response.status_code
    changed = _observable(decision) != before
    should = (actor, state) in ALLOWED[step]
    assert changed == should, f"{actor} {step} on {state}: changed={changed}"
    if not should and actor in ("alice", "carol") and response.status_code == 302:
        # Refused with a message on the decision's page, not silently.
        page = client.get(response["Location"]).content.decode()
        assert "errornote" in page or 'class="error"' in page
