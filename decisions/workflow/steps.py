"""What a workflow step is, and the one table of them.

Each step is declared once, with @step on its function: the states it starts from,
the role that takes it, its guards (each with its own message), its confirmation
form, and its words. refusal() and available() read the table; the function
checks it again under the row lock; the admin derives its buttons, pages and
messages from it.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Model

from decisions import audit
from decisions.models import AuditAction, Decision, DecisionStatus

# Who signs, in the office's own word ("Commissioner", "Mayor").
SIGNER = settings.DECISION_MAKER

log = logging.getLogger("decisions.workflow")

DRAFT_PERMISSION = "decisions.draft_decision"
COMMENT_PERMISSION = "decisions.comment_on_decision"
SIGN_PERMISSION = "decisions.sign_decision"

S = DecisionStatus

# What happens next, in words, for the decision page.
NEXT_STEP = {
    S.DRAFT: "A drafter puts it to a board meeting (or, if urgent, sends it for signature).",
    S.WITH_BOARD: "Board members comment; a drafter revises it and sends it for signature.",
    S.READY: f"The {SIGNER} previews and signs it, or sends it back to draft.",
    S.SIGNED: "Published. A drafter may propose an amendment or a withdrawal.",
    S.WITHDRAWN: "Withdrawn. It stays on the register, marked withdrawn.",
    S.DEFERRED: "From the earlier register: on the public register as deferred.",
    S.WITHDRAWN_UNSIGNED: "From the earlier register: withdrawn before signature.",
    S.NOT_PUBLISHED: "From the earlier register: on the public register as not published, "
    "with its reason.",
}


class TransitionRefused(Exception):
    """A step that may not happen now, with a message for the person who tried."""


@dataclass(frozen=True)
class Guard:
    """A condition a step needs beyond its state and role, and what to say when it fails."""

    allows: Callable[[Decision, Model], bool]
    message: str


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: tuple[str, ...]
    permission: str
    who: str
    explanation: str
    done: str
    form: type
    function: Callable
    guards: tuple[Guard, ...] = ()
    # For a confirmation page that shows more than the form (the notice to sign):
    # (decision, user) -> (extra context, initial form values).
    page: Callable | None = None
    # For a step on one of the decision's parts: the form field (and query parameter)
    # naming it; the page is given its value by that name, and says which it shows.
    choice: str = ""


STEPS: dict[str, Step] = {}


def step(
    *, label, sources, permission, who, explanation, done, form, guards=(), page=None, choice=""
):
    """Declare the decorated function as a workflow step named after it."""

    def register(function):
        STEPS[function.__name__] = Step(
            name=function.__name__, label=label, sources=tuple(sources),
            permission=permission, who=who, explanation=explanation, done=done, form=form,
            function=function, guards=tuple(guards), page=page, choice=choice,
        )  # fmt: skip
        return function

    return register


def refusal(name: str, decision: Decision, user) -> str | None:
    """Why this user may not take this step now, or None if they may."""
    declared = STEPS.get(name)
    if declared is None:
        return "There is no such step."
    if not (user and user.is_active and user.has_perm(declared.permission)):
        return f"Only {declared.who} can {declared.label.lower()}."
    if decision.status not in declared.sources:
        return (
            f"This decision is {decision.get_status_display().lower()}, so "
            f"“{declared.label}” is not a step it can take now."
        )
    return next((g.message for g in declared.guards if not g.allows(decision, user)), None)


def available(decision: Decision, user) -> list[Step]:
    return [declared for declared in STEPS.values() if not refusal(declared.name, decision, user)]


def locked(name, decision, user, expected_version=None) -> Decision:
    """The decision, locked, with the step checked again inside the transaction."""
    row = Decision.objects.select_for_update().get(pk=decision.pk)
    if expected_version is not None and version_of(row) != expected_version:
        raise TransitionRefused(
            "This decision changed after you opened the page, so nothing was done. "
            "Review it as it is now and try again."
        )
    if problem := refusal(name, row, user):
        raise TransitionRefused(problem)
    return row


def version_of(decision: Decision) -> str:
    """A token for 'the decision as the user saw it', to refuse actions from stale pages."""
    return f"{decision.status}:{decision.updated_at.isoformat()}"


def record(decision, user, reason, **save_options):
    """Save a step's change with who and why, in the history and the audit log."""
    decision._history_user = user
    decision._change_reason = reason
    decision.save(**save_options)
    audit.record(
        AuditAction.TRANSITION,
        user=user,
        decision=decision,
        detail=f"{decision.display_reference} -> {decision.get_status_display()}: {reason}",
    )
    log.info(
        "decision %s (%s) -> %s by %s: %s",
        decision.pk, decision.display_reference, decision.status, user, reason,
    )  # fmt: skip


def return_to_draft(name, decision, by, expected_version, why):
    """The decision goes back to draft to be revised, with who took it back and why."""
    with transaction.atomic():
        row = locked(name, decision, by, expected_version)
        row.status = S.DRAFT
        record(row, by, why)
    return row


def required(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise TransitionRefused(f"Give {what}.")
    return value
