"""The life of a decision: draft -> with the board -> ready for signature -> signed.

Each transition is one function here. It checks the decision's state and the
actor's permission, locks the row, sets the state and its timestamp together in
one transaction, and records history with the acting user and a reason. Nothing
else writes a decision's status: the admin's buttons call these functions.
"""

import dataclasses
import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from decisions import audit, notices, notifications, publishing
from decisions.models import (
    AgendaItem,
    Amendment,
    AuditAction,
    BoardComment,
    BoardMeeting,
    Decision,
    DecisionStatus,
    InterestDeclaration,
    ReferenceCounter,
    RegisterVersion,
    Signatory,
    VersionEvent,
)
from decisions.models.decision import reference_slug
from decisions.models.parts import AmendmentKind

log = logging.getLogger("decisions.workflow")

DRAFT_PERMISSION = "decisions.draft_decision"
COMMENT_PERMISSION = "decisions.comment_on_decision"
SIGN_PERMISSION = "decisions.sign_decision"

S = DecisionStatus


class TransitionRefused(Exception):
    """A transition that may not happen now, with a message for the person who tried."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    permission: str
    who: str
    explanation: str
    reason: str = "none"  # "none", "optional" or "required"


TRANSITIONS = {
    t.name: t
    for t in (
        Transition(
            "put_to_board",
            "Put to a board meeting",
            (S.DRAFT,),
            DRAFT_PERMISSION,
            "a drafter",
            "The draft goes on the agenda of the meeting you choose. The board's members "
            "are emailed and can read it and comment. You can still revise it.",
        ),
        Transition(
            "send_for_signature",
            "Send for signature",
            (S.WITH_BOARD, S.DRAFT),
            DRAFT_PERMISSION,
            "a drafter",
            "The draft is frozen for the Commissioner's review and the Commissioner is "
            "emailed. To change it again, it must be sent back to draft.",
            reason="optional",
        ),
        Transition(
            "send_urgent_for_signature",
            "Send for signature without the board (urgent)",
            (S.DRAFT,),
            DRAFT_PERMISSION,
            "a drafter",
            "The draft skips the board and goes straight to the Commissioner. The reason "
            "you give is printed on the published notice.",
            reason="required",
        ),
        Transition(
            "recall",
            "Take back to draft",
            (S.WITH_BOARD, S.READY),
            DRAFT_PERMISSION,
            "a drafter",
            "The decision returns to draft so it can be revised. Comments already made are kept.",
            reason="required",
        ),
        Transition(
            "comment",
            "Comment on this draft",
            (S.WITH_BOARD,),
            COMMENT_PERMISSION,
            "a member of the board",
            "Your comment is recorded against the draft with your name and the time, and "
            "the drafter is emailed.",
            reason="required",
        ),
        Transition(
            "send_back",
            "Send back to draft",
            (S.READY,),
            SIGN_PERMISSION,
            "the Commissioner",
            "The decision returns to the office as a draft, with your reason, and the "
            "drafter is emailed.",
            reason="required",
        ),
        Transition(
            "sign",
            "Sign",
            (S.READY,),
            SIGN_PERMISSION,
            "the Commissioner",
            "You sign the notice exactly as previewed. It is given the next number of the "
            "year, frozen, and published on the public register at once.",
        ),
        Transition(
            "propose_amendment",
            "Propose an amendment",
            (S.SIGNED,),
            DRAFT_PERMISSION,
            "a drafter",
            "An amendment with a public change note is prepared for the Commissioner to "
            "sign. The signed notice itself never changes.",
            reason="required",
        ),
        Transition(
            "propose_withdrawal",
            "Propose withdrawal",
            (S.SIGNED,),
            DRAFT_PERMISSION,
            "a drafter",
            "A withdrawal, with the reason you give, is prepared for the Commissioner to "
            "sign. A withdrawn decision stays on the register, marked withdrawn.",
            reason="required",
        ),
    )
}

# What happens next, in words, for the decision page.
NEXT_STEP = {
    S.DRAFT: "A drafter puts it to a board meeting (or, if urgent, sends it for signature).",
    S.WITH_BOARD: "Board members comment; a drafter revises it and sends it for signature.",
    S.READY: "The Commissioner previews and signs it, or sends it back to draft.",
    S.SIGNED: "Published. A drafter may propose an amendment or a withdrawal.",
    S.WITHDRAWN: "Withdrawn. It stays on the register, marked withdrawn.",
}


NO_SIGNATORY_TERM = (
    "Your account is not linked to a current term of office as a signatory. "
    "An administrator can add it under Signatories."
)


def refusal(name: str, decision: Decision, user) -> str | None:
    """Why this user may not take this transition now, or None if they may."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        return "There is no such step."
    if not (user and user.is_active and user.has_perm(transition.permission)):
        return f"Only {transition.who} can {transition.label.lower()}."
    if decision.status not in transition.sources:
        return (
            f"This decision is {decision.get_status_display().lower()}, so it cannot be "
            f"{'given this step' if name == 'comment' else 'moved on this way'} now."
        )
    unseen_draft = decision.status == S.DRAFT and not decision.agenda_items.exists()
    if name == "send_for_signature" and unseen_draft:
        return (
            "The board has not seen this draft. Put it to a board meeting first, or, "
            "if it is urgent, send it for signature without the board, with a reason."
        )
    if name == "send_urgent_for_signature" and decision.agenda_items.exists():
        return "The board has seen this draft: send it for signature in the usual way."
    if name == "comment" and not _current_item_for(decision, user):
        return "Only members of the board it is with can comment on this draft."
    if name == "sign" and signatory_for(user) is None:
        return NO_SIGNATORY_TERM
    if (
        name in ("propose_amendment", "propose_withdrawal")
        and decision.amendments.filter(signed_at__isnull=True).exists()
    ):
        return "An amendment or withdrawal is already waiting for the Commissioner's signature."
    return None


def available(decision: Decision, user) -> list[Transition]:
    return [t for name, t in TRANSITIONS.items() if refusal(name, decision, user) is None]


def _check(name, decision, user, expected_version=None):
    """Lock the decision and check the transition again, inside the transaction."""
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if expected_version is not None and version_of(locked) != expected_version:
        raise TransitionRefused(
            "This decision changed after you opened the page, so nothing was done. "
            "Review it as it is now and try again."
        )
    problem = refusal(name, locked, user)
    if problem:
        raise TransitionRefused(problem)
    return locked


def version_of(decision: Decision) -> str:
    """A token for 'the decision as the user saw it', to refuse actions from stale pages."""
    return f"{decision.status}:{decision.updated_at.isoformat()}"


def _save(decision, user, reason, **extra):
    decision._history_user = user
    decision._change_reason = reason
    decision.save(**extra)
    audit.record(
        AuditAction.TRANSITION,
        user=user,
        decision=decision,
        detail=f"{decision.display_reference} -> {decision.get_status_display()}: {reason}",
    )
    log.info(
        "decision %s (%s) -> %s by %s: %s",
        decision.pk,
        decision.display_reference,
        decision.status,
        user,
        reason,
    )


def _require(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise TransitionRefused(f"Give {what}.")
    return value


# --- The office -------------------------------------------------------------


def put_to_board(
    decision, *, by, meeting: BoardMeeting, expected_version=None, is_private=False, **report
):
    with transaction.atomic():
        locked = _check("put_to_board", decision, by, expected_version)
        if meeting.date < timezone.localdate():
            raise TransitionRefused("That meeting has already taken place; choose a later one.")
        if AgendaItem.objects.filter(meeting=meeting, decision=locked).exists():
            raise TransitionRefused("This decision is already on that meeting's agenda.")
        item = AgendaItem(
            meeting=meeting,
            decision=locked,
            number=meeting.items.count() + 1,
            is_private=is_private,
            report_title=report.get("report_title") or locked.title,
            purpose=report.get("purpose", ""),
            background=report.get("background", ""),
            recommendations=report.get("recommendations", ""),
        )
        item._history_user = by
        item.save()
        locked.status = S.WITH_BOARD
        locked.put_to_board_at = timezone.now()
        _save(locked, by, f"Put to {meeting}")
        transaction.on_commit(lambda: notifications.put_to_board(item))
    return locked


def publish_agenda(meeting: BoardMeeting, *, by):
    """Publish a meeting's agenda and papers. A public meeting's papers then go on the register."""
    if not by.has_perm(DRAFT_PERMISSION):
        raise TransitionRefused("Only a drafter can publish a meeting's agenda.")
    with transaction.atomic():
        locked = BoardMeeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.agenda_published_at:
            raise TransitionRefused("This meeting's agenda is already published.")
        locked.agenda_published_at = timezone.now()
        locked._history_user = by
        locked._change_reason = "Agenda and papers published"
        locked.save()
    log.info("meeting %s agenda published by %s", meeting.pk, by)
    return locked


def send_for_signature(decision, *, by, reason="", expected_version=None):
    with transaction.atomic():
        locked = _check("send_for_signature", decision, by, expected_version)
        _mark_ready(locked, by, reason.strip() or "Sent for signature")
    return locked


def send_urgent_for_signature(decision, *, by, reason, expected_version=None):
    reason = _require(reason, "the reason this decision cannot wait for the board")
    with transaction.atomic():
        locked = _check("send_urgent_for_signature", decision, by, expected_version)
        locked.urgency_reason = reason
        _mark_ready(locked, by, f"Urgent, without the board: {reason}")
    return locked


def _mark_ready(locked, by, reason):
    _require_complete(locked)
    locked.status = S.READY
    locked.sent_for_signature_at = timezone.now()
    _save(locked, by, reason)
    transaction.on_commit(lambda: notifications.ready_for_signature(locked))


def recall(decision, *, by, reason, expected_version=None):
    reason = _require(reason, "a reason for taking it back to draft")
    with transaction.atomic():
        locked = _check("recall", decision, by, expected_version)
        locked.status = S.DRAFT
        _save(locked, by, f"Taken back to draft: {reason}")
    return locked


def comment(decision, *, by, body, expected_version=None):
    body = _require(body, "your comment")
    with transaction.atomic():
        locked = _check("comment", decision, by, expected_version)
        item = _current_item_for(locked, by)
        note = BoardComment(agenda_item=item, author=by, body=body)
        note._history_user = by
        note.save()
        log.info("comment on decision %s by %s", locked.pk, by)
        transaction.on_commit(lambda: notifications.commented(note))
    return note


def _current_item_for(decision, user):
    return (
        decision.agenda_items.filter(meeting__board__members=user)
        .select_related("meeting__board")
        .order_by("-meeting__date")
        .first()
    )


def _require_complete(decision):
    missing = [
        label
        for label, value in (("a title", decision.title), ("the decision", decision.decision_text))
        if not (value or "").strip()
    ]
    if missing:
        raise TransitionRefused(f"Add {' and '.join(missing)} before sending it for signature.")


# --- The Commissioner -------------------------------------------------------


def send_back(decision, *, by, reason, expected_version=None):
    reason = _require(reason, "a reason for sending it back")
    with transaction.atomic():
        locked = _check("send_back", decision, by, expected_version)
        locked.status = S.DRAFT
        _save(locked, by, f"Sent back by the Commissioner: {reason}")
        transaction.on_commit(lambda: notifications.sent_back(locked, reason))
    return locked


CHANGED_SINCE_SEEN = "This draft changed after you opened this page: review it again."


def sign(decision, *, by, declaration, interests="", seen=None, expected_version=None):
    """Sign: number, freeze and publish the decision, in one short transaction.

    `seen` is the digest of the notice the Commissioner previewed (notices.signing_digest): if
    anything it shows has changed since, nothing is signed. The PDF is made by the
    background worker once this commits, so no signing waits on another's rendering.
    """
    if declaration not in (InterestDeclaration.NONE, InterestDeclaration.DECLARED):
        raise TransitionRefused("Confirm the declaration of interests before signing.")
    interests = (interests or "").strip()
    if declaration == InterestDeclaration.DECLARED and not interests:
        raise TransitionRefused("Describe the interest you declare, or declare none.")
    with transaction.atomic():
        locked = _check("sign", decision, by, expected_version)
        signatory = signatory_for(by)
        seen_now = notices.draft_notice(notices.notice_queryset().get(pk=locked.pk))
        if seen is not None and seen != notices.signing_digest(seen_now, signatory=signatory):
            raise TransitionRefused(CHANGED_SINCE_SEEN)
        now = timezone.now()
        year = timezone.localdate(now).year
        number, reference = _next_reference(year)
        locked.reference = reference
        locked.slug = reference_slug(reference)
        locked.reference_year = year
        locked.reference_number = number
        locked.signatory = signatory
        locked.signed_name = signatory.name
        locked.signed_title = signatory.title
        locked.declaration = declaration
        locked.interests_declared = interests if declaration == InterestDeclaration.DECLARED else ""
        locked.signed_at = now
        locked.published_at = now
        locked.status = S.SIGNED
        # Exactly what was previewed, now with its number and signature.
        signed = notices.with_signature(seen_now, locked)
        _freeze_search_and_boards(locked, signed)
        _save(locked, by, f"Signed as {reference}")
        publishing.record_version(locked, notice=signed, event=VersionEvent.SIGNED, at=now)
        RegisterVersion.bump()
        transaction.on_commit(lambda: notifications.signed(locked))
    return locked


def _freeze_search_and_boards(locked, notice):
    """The columns signing fixes beside the notice's content: its search text and boards."""
    locked.search_document = notices.search_document(notice)
    locked.signed_boards = "; ".join(notice.boards)
    locked.set_search_vector()


def signatory_for(user) -> Signatory | None:
    if user is None or not user.is_authenticated:
        return None
    today = timezone.localdate()
    return (
        Signatory.objects.filter(user=user, term_start__lte=today)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .order_by("-term_start")
        .first()
    )


def _next_reference(year: int) -> tuple[int, str]:
    """The next number of the year. The counter row is locked until the signing commits,
    so two signings at the same moment wait for each other: no gaps, no repeats."""
    ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year)], ignore_conflicts=True)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    while True:
        # One step at a time, as the database insists: a number already taken by a
        # decision recorded by hand is stepped over, never skipped.
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
        number = counter.last_number
        reference = settings.REFERENCE_FORMAT.format(year=year, number=number)
        taken = Decision.objects.filter(
            Q(reference=reference) | Q(reference_year=year, reference_number=number)
        )
        if not taken.exists():
            return number, reference


# --- After signing ----------------------------------------------------------


def propose_amendment(decision, *, by, change_note, body="", expected_version=None):
    change_note = _require(change_note, "a public change note saying what changes and why")
    return _propose(decision, by, AmendmentKind.AMENDMENT, change_note, body, expected_version)


def propose_withdrawal(decision, *, by, reason, expected_version=None):
    reason = _require(reason, "the reason for withdrawing this decision")
    return _propose(decision, by, AmendmentKind.WITHDRAWAL, reason, "", expected_version)


def _propose(decision, by, kind, note, body, expected_version):
    name = "propose_amendment" if kind == AmendmentKind.AMENDMENT else "propose_withdrawal"
    with transaction.atomic():
        locked = _check(name, decision, by, expected_version)
        amendment = Amendment(
            decision=locked, kind=kind, change_note=note, body=(body or "").strip(), proposed_by=by
        )
        amendment._history_user = by
        amendment._change_reason = f"{amendment.get_kind_display()} proposed"
        amendment.save()
        log.info("%s proposed for decision %s by %s", kind, locked.pk, by)
        transaction.on_commit(lambda: notifications.amendment_proposed(amendment))
    return amendment


def sign_amendment(amendment: Amendment, *, by, seen=None):
    """The Commissioner signs a proposed amendment or withdrawal: a new version of the
    notice, published beside the unchanged original."""
    if not by.has_perm(SIGN_PERMISSION):
        raise TransitionRefused("Only the Commissioner can sign an amendment or withdrawal.")
    signatory = signatory_for(by)
    if signatory is None:
        raise TransitionRefused(NO_SIGNATORY_TERM)
    with transaction.atomic():
        locked = Amendment.objects.select_for_update().get(pk=amendment.pk)
        decision = Decision.objects.select_for_update().get(pk=locked.decision_id)
        if locked.signed_at is not None:
            raise TransitionRefused("This has already been signed.")
        if decision.status != S.SIGNED:
            raise TransitionRefused("Only a signed decision that is not withdrawn can change.")
        standing = publishing.current_notice(decision)
        if seen is not None and seen != amendment_digest(locked, signatory, standing):
            raise TransitionRefused(CHANGED_SINCE_SEEN)
        now = timezone.now()
        locked.signatory = signatory
        locked.signed_name = signatory.name
        locked.signed_title = signatory.title
        locked.signed_at = now
        locked._history_user = by
        locked._change_reason = f"{locked.get_kind_display()} signed"
        locked.save()
        withdrawal = locked.kind == AmendmentKind.WITHDRAWAL
        if withdrawal:
            decision.status = S.WITHDRAWN
            decision.withdrawn_at = now
            decision.withdrawal_reason = locked.change_note
            _save(
                decision,
                by,
                f"Withdrawn: {locked.change_note}",
                update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"],
            )
        else:
            log.info("amendment %s to decision %s signed by %s", locked.pk, decision.pk, by)
        publishing.record_version(
            decision,
            notice=dataclasses.replace(standing, changes=(*standing.changes, _change(locked))),
            event=VersionEvent.WITHDRAWN if withdrawal else VersionEvent.AMENDED,
            at=now,
            change_note=locked.change_note,
            amendment=locked,
        )
        RegisterVersion.bump()
        transaction.on_commit(lambda: notifications.amendment_signed(locked))
    return locked


def _change(amendment) -> notices.Change:
    return notices.Change(
        kind=amendment.kind,
        signed_at=amendment.signed_at,
        name=amendment.signed_name,
        title=amendment.signed_title,
        change_note=amendment.change_note,
        body=amendment.body,
    )


def amendment_digest(amendment: Amendment, signatory, standing=None) -> str:
    """What the Commissioner sees on an amendment's sign page: the notice as it stands,
    the amendment's text, and who signs."""
    notice = standing or publishing.current_notice(amendment.decision)
    change = {"kind": amendment.kind, "change_note": amendment.change_note, "body": amendment.body}
    return notices.signing_digest(notice, signatory=signatory, change=change)


# --- Recording the past -----------------------------------------------------


def record_signed_decision(
    decision, *, reference, signatory, signed_on: datetime.date, declaration, reason, by=None
):
    """Enter a decision signed before this register existed, exactly as it was signed."""
    with transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        if locked.is_signed:
            raise TransitionRefused("This decision is already signed.")
        signed_at = timezone.make_aware(datetime.datetime.combine(signed_on, datetime.time(12)))
        year = signed_on.year
        digits = [int(d) for d in "".join(c if c.isdigit() else " " for c in reference).split()]
        number = next((d for d in reversed(digits) if d != year), None)
        locked.reference = reference
        locked.slug = reference_slug(reference)
        locked.reference_year = year if number is not None else None
        locked.reference_number = number
        locked.signatory = signatory
        locked.signed_name = signatory.name
        locked.signed_title = signatory.title
        locked.declaration = declaration
        locked.signed_at = signed_at
        locked.published_at = signed_at
        locked.status = S.SIGNED
        signed = notices.with_signature(
            notices.draft_notice(notices.notice_queryset().get(pk=locked.pk)), locked
        )
        _freeze_search_and_boards(locked, signed)
        _save(locked, by, reason)
        # The year's counter is left alone: signing steps over a number taken here.
        publishing.record_version(locked, notice=signed, event=VersionEvent.SIGNED, at=signed_at)
        RegisterVersion.bump()
    return locked


def record_board_item(decision, *, meeting: BoardMeeting, authors=(), reason, **report):
    """Enter a draft that was put to a board meeting before this register existed."""
    with transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        if locked.status != S.DRAFT:
            raise TransitionRefused("Only a draft can be put on an agenda.")
        item = AgendaItem.objects.create(
            meeting=meeting, decision=locked, number=meeting.items.count() + 1, **report
        )
        item.authors.set(authors)
        locked.status = S.WITH_BOARD
        locked.put_to_board_at = timezone.make_aware(
            datetime.datetime.combine(meeting.date, datetime.time(12))
        )
        _save(locked, None, reason)
    return item
