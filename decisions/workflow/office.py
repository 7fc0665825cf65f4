"""The office's steps: putting a draft to the board, the board's comments, sending it
for signature or taking it back, and proposing amendments and withdrawals."""

from django.db import transaction
from django.utils import timezone

from decisions import notifications
from decisions.models import AgendaItem, Amendment, BoardComment, BoardMeeting
from decisions.models.parts import AmendmentKind
from decisions.workflow.forms import AmendmentForm, PutToBoardForm, text_form
from decisions.workflow.steps import (
    COMMENT_PERMISSION,
    DRAFT_PERMISSION,
    SIGNER,
    Guard,
    S,
    TransitionRefused,
    locked,
    log,
    record,
    required,
    return_to_draft,
    step,
)

A_DRAFTER = "a drafter"


def _current_item_for(decision, user):
    return (
        decision.agenda_items.filter(meeting__board__members=user)
        .select_related("meeting__board")
        .order_by("-meeting__date")
        .first()
    )


BOARD_HAS_SEEN = Guard(
    lambda decision, user: decision.status != S.DRAFT or decision.agenda_items.exists(),
    "The board has not seen this draft. Put it to a board meeting first, or, if it is "
    "urgent, send it for signature without the board, with a reason.",
)
BOARD_HAS_NOT_SEEN = Guard(
    lambda decision, user: not decision.agenda_items.exists(),
    "The board has seen this draft: send it for signature in the usual way.",
)
ON_THEIR_BOARD = Guard(
    lambda decision, user: _current_item_for(decision, user) is not None,
    "Only members of the board it is with can comment on this draft.",
)
NOTHING_WAITING = Guard(
    lambda decision, user: not decision.amendments.filter(signed_at__isnull=True).exists(),
    f"An amendment or withdrawal is already waiting for the {SIGNER}'s signature.",
)


@step(
    label="Put to a board meeting",
    sources=[S.DRAFT],
    permission=DRAFT_PERMISSION,
    who=A_DRAFTER,
    explanation="The draft goes on the agenda of the meeting you choose. The board's members "
    "are emailed and can read it and comment. You can still revise it.",
    done="The draft is on the meeting's agenda and the board has been emailed.",
    form=PutToBoardForm,
)
def put_to_board(
    decision, *, by, meeting: BoardMeeting, is_private=False, report_title="", purpose="",
    background="", recommendations="", expected_version=None,
):  # fmt: skip
    with transaction.atomic():
        row = locked("put_to_board", decision, by, expected_version)
        if meeting.date < timezone.localdate():
            raise TransitionRefused("That meeting has already taken place; choose a later one.")
        if AgendaItem.objects.filter(meeting=meeting, decision=row).exists():
            raise TransitionRefused("This decision is already on that meeting's agenda.")
        item = AgendaItem(
            meeting=meeting, decision=row, number=meeting.items.count() + 1,
            is_private=is_private, report_title=report_title or row.title, purpose=purpose,
            background=background, recommendations=recommendations,
        )  # fmt: skip
        item._history_user = by
        item.save()
        row.status = S.WITH_BOARD
        row.put_to_board_at = timezone.now()
        record(row, by, f"Put to {meeting}")
        transaction.on_commit(lambda: notifications.put_to_board(item))
    return row


def publish_agenda(meeting: BoardMeeting, *, by):
    """Publish a meeting's agenda and papers. A public meeting's papers then go on the register."""
    if not by.has_perm(DRAFT_PERMISSION):
        raise TransitionRefused("Only a drafter can publish a meeting's agenda.")
    with transaction.atomic():
        row = BoardMeeting.objects.select_for_update().get(pk=meeting.pk)
        if row.agenda_published_at:
            raise TransitionRefused("This meeting's agenda is already published.")
        row.agenda_published_at = timezone.now()
        row._history_user = by
        row._change_reason = "Agenda and papers published"
        row.save()
    log.info("meeting %s agenda published by %s", meeting.pk, by)
    return row


@step(
    label="Send for signature",
    sources=[S.WITH_BOARD, S.DRAFT],
    permission=DRAFT_PERMISSION,
    who=A_DRAFTER,
    explanation=f"The draft is frozen for the {SIGNER}'s review and the {SIGNER} is "
    "emailed. To change it again, it must be sent back to draft.",
    done=f"Sent to the {SIGNER} for signature.",
    form=text_form("reason", f"Note for the {SIGNER} (optional)", required=False),
    guards=[BOARD_HAS_SEEN],
    page=lambda decision, user: ({"warning": board_not_yet_met(decision)}, {}),
)
def send_for_signature(decision, *, by, reason="", expected_version=None):
    with transaction.atomic():
        row = locked("send_for_signature", decision, by, expected_version)
        _mark_ready(row, by, reason.strip() or SENT_WITHOUT_A_NOTE, note=reason.strip())
    return row


def board_not_yet_met(decision) -> str:
    """A warning, if the board meeting this draft was put to has not happened yet: it
    may be sent on, but then the board has not discussed it."""
    today = timezone.localdate()
    coming = decision.agenda_items.filter(meeting__date__gt=today).select_related("meeting")
    item = coming.order_by("meeting__date").first()
    if item is None:
        return ""
    return (
        f"The {item.meeting.board} meets on {item.meeting.date:%-d %B %Y}, after today, so it "
        "has not discussed this draft yet. Send it now only if it cannot wait for the "
        "meeting; the board's comments so far go with it."
    )


SENT_WITHOUT_A_NOTE = "Sent for signature"
URGENT = "Urgent, without the board: "


def note_for_signer(decision) -> tuple[str, str] | None:
    """(the note, who wrote it) the drafter sent with a decision now waiting for
    signature, or None: kept as the reason of that step in the decision's history."""
    if decision.status != S.READY:
        return None
    sent = decision.history.filter(status=S.READY).order_by("-history_date", "-history_id")
    row = sent.select_related("history_user").first()
    reason = row.history_change_reason if row else None
    # Sent urgently, the reason is shown as why it was taken without the board.
    if not reason or reason == SENT_WITHOUT_A_NOTE or reason.startswith(URGENT):
        return None
    user = row.history_user
    return reason, (user.get_full_name() or user.username) if user else ""


@step(
    label="Send for signature without the board (urgent)",
    sources=[S.DRAFT],
    permission=DRAFT_PERMISSION,
    who=A_DRAFTER,
    explanation=f"The draft skips the board and goes straight to the {SIGNER}. The reason "
    "you give is printed on the published notice.",
    done=f"Sent to the {SIGNER} for signature, without the board.",
    form=text_form("reason", "Why it cannot wait for the board (printed on the notice)"),
    guards=[BOARD_HAS_NOT_SEEN],
)
def send_urgent_for_signature(decision, *, by, reason, expected_version=None):
    reason = required(reason, "the reason this decision cannot wait for the board")
    with transaction.atomic():
        row = locked("send_urgent_for_signature", decision, by, expected_version)
        row.urgency_reason = reason
        _mark_ready(row, by, f"{URGENT}{reason}")
    return row


def _mark_ready(row, by, reason, note=""):
    missing = [
        label
        for label, value in (("a title", row.title), ("the decision", row.decision_text))
        if not (value or "").strip()
    ]
    if missing:
        raise TransitionRefused(f"Add {' and '.join(missing)} before sending it for signature.")
    row.status = S.READY
    row.sent_for_signature_at = timezone.now()
    record(row, by, reason)
    transaction.on_commit(lambda: notifications.ready_for_signature(row, note=note, by=by))


@step(
    label="Take back to draft",
    sources=[S.WITH_BOARD, S.READY],
    permission=DRAFT_PERMISSION,
    who=A_DRAFTER,
    explanation="The decision returns to draft so it can be revised. Comments already made "
    "are kept.",
    done="Taken back to draft.",
    form=text_form("reason", "Why it goes back to draft"),
)
def recall(decision, *, by, reason, expected_version=None):
    reason = required(reason, "a reason for taking it back to draft")
    return return_to_draft(
        "recall", decision, by, expected_version, f"Taken back to draft: {reason}"
    )


@step(
    label="Comment on this draft",
    sources=[S.WITH_BOARD],
    permission=COMMENT_PERMISSION,
    who="a member of the board",
    explanation="Your comment is recorded against the draft with your name and the time, "
    "and the drafter is emailed.",
    done="Your comment is recorded.",
    form=text_form("body", "Your comment"),
    guards=[ON_THEIR_BOARD],
)
def comment(decision, *, by, body, expected_version=None):
    body = required(body, "your comment")
    with transaction.atomic():
        row = locked("comment", decision, by, expected_version)
        note = BoardComment(agenda_item=_current_item_for(row, by), author=by, body=body)
        note._history_user = by
        note.save()
        log.info("comment on decision %s by %s", row.pk, by)
        transaction.on_commit(lambda: notifications.commented(note))
    return note


@step(
    label="Propose an amendment",
    sources=[S.SIGNED],
    permission=DRAFT_PERMISSION,
    who=A_DRAFTER,
    explanation=f"An amendment with a public change note is prepared for the {SIGNER} to "
    "sign. The signed notice itself never changes.",
    done=f"The amendment is waiting for the {SIGNER}'s signature.",
    form=AmendmentForm,
    guards=[NOTHING_WAITING],
)
def propose_amendment(decision, *, by, change_note, body="", expected_version=None):
    change_note = required(change_note, "a public change note saying what changes and why")
    return _propose(decision, by, AmendmentKind.AMENDMENT, change_note, body, expected_version)


@step(
    label="Propose withdrawal",
    sources=[S.SIGNED],
    permission=DRAFT_PERMISSION,
    who=A_DRAFTER,
    explanation=f"A withdrawal, with the reason you give, is prepared for the {SIGNER} to "
    "sign. A withdrawn decision stays on the register, marked withdrawn.",
    done=f"The withdrawal is waiting for the {SIGNER}'s signature.",
    form=text_form("reason", "Why the decision is withdrawn (published)"),
    guards=[NOTHING_WAITING],
)
def propose_withdrawal(decision, *, by, reason, expected_version=None):
    reason = required(reason, "the reason for withdrawing this decision")
    return _propose(decision, by, AmendmentKind.WITHDRAWAL, reason, "", expected_version)


def _propose(decision, by, kind, note, body, expected_version):
    name = "propose_amendment" if kind == AmendmentKind.AMENDMENT else "propose_withdrawal"
    with transaction.atomic():
        row = locked(name, decision, by, expected_version)
        amendment = Amendment(
            decision=row, kind=kind, change_note=note, body=(body or "").strip(), proposed_by=by
        )
        amendment._history_user = by
        amendment._change_reason = f"{amendment.get_kind_display()} proposed"
        amendment.save()
        log.info("%s proposed for decision %s by %s", kind, row.pk, by)
        transaction.on_commit(lambda: notifications.amendment_proposed(amendment))
    return amendment
