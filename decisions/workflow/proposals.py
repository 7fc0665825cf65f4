"""Closing a proposed amendment or withdrawal without signing it: the Commissioner
declines it, or the drafter takes it back. Either way the signed notice is as it was,
the proposal's whole life stays in its history, and another can then be proposed."""

from django.db import transaction

from decisions import audit, notifications
from decisions.models import Amendment, AuditAction
from decisions.workflow.forms import text_form
from decisions.workflow.office import A_DRAFTER
from decisions.workflow.signing import SOMETHING_WAITING, THE_COMMISSIONER, pending_amendment
from decisions.workflow.steps import (
    DRAFT_PERMISSION,
    SIGN_PERMISSION,
    SIGNER,
    S,
    locked,
    log,
    required,
    step,
)


@step(
    label="Decline the proposal",
    sources=[S.SIGNED],
    permission=SIGN_PERMISSION,
    who=THE_COMMISSIONER,
    explanation="The proposed amendment or withdrawal is closed unsigned: the notice stays "
    "as signed, and the drafter is told why.",
    done="Declined: the drafter has been told.",
    form=text_form("reason", "Why you decline it (sent to the drafter, not published)"),
    guards=[SOMETHING_WAITING],
)
def decline_proposal(decision, *, by, reason, expected_version=None):
    reason = required(reason, "why you decline it")
    return _close("decline_proposal", decision, by, f"Declined by the {SIGNER}: {reason}",
                  expected_version, reason=reason)  # fmt: skip


@step(
    label="Take back the proposal",
    sources=[S.SIGNED],
    permission=DRAFT_PERMISSION,
    who=A_DRAFTER,
    explanation=f"The proposed amendment or withdrawal is closed before the {SIGNER} signs "
    "it. The notice stays as signed.",
    done="The proposal is taken back.",
    form=text_form("reason", "Why (kept in the history)"),
    guards=[SOMETHING_WAITING],
)
def take_back_proposal(decision, *, by, reason, expected_version=None):
    reason = required(reason, "why you take it back")
    return _close("take_back_proposal", decision, by, f"Taken back: {reason}", expected_version)


def _close(name, decision, by, why, expected_version, *, reason=""):
    with transaction.atomic():
        row = locked(name, decision, by, expected_version)
        proposal = Amendment.objects.select_for_update().get(pk=pending_amendment(row).pk)
        proposal._history_user = by
        proposal._change_reason = why
        proposal.delete()  # simple-history keeps it, with who and why
        audit.record(AuditAction.TRANSITION, user=by, decision=row, detail=why)
        log.info("%s of decision %s closed by %s: %s", proposal.kind, row.pk, by, why)
        if reason:
            transaction.on_commit(lambda: notifications.proposal_declined(proposal, reason))
    return proposal
