"""The admin's home page, per role: what is waiting on each person, above the usual
list of records. A drafter sees the office's drafts and what waits on them; a board
member the next meetings of their boards with each draft on the agenda; the
Commissioner what waits for their signature, with the drafter's note, the board's
comments and the notice as it would be signed. Those who may read the Panel's report
see the latest made, and the drafter a button to prepare the next."""

from dataclasses import dataclass, field

from django.utils import timezone

from decisions import workflow
from decisions.models import (
    AgendaItem,
    Amendment,
    BoardComment,
    BoardMeeting,
    ConfidentialPart,
    Decision,
    DecisionStatus,
    PanelReport,
)
from decisions.notices import draft_notice, notice_queryset

S = DecisionStatus
LISTED = 20


@dataclass
class Waiting:
    """A decision waiting for the Commissioner's signature, as their home page shows it."""

    decision: Decision
    note: tuple[str, str] | None
    comments: list = field(default_factory=list)
    notice: object = None


def home_for(user) -> dict:
    sections = {}
    if user.has_perm(workflow.DRAFT_PERMISSION):
        sections["drafts"] = _drafts()
    if user.has_perm(workflow.COMMENT_PERMISSION):
        sections["meetings"] = _meetings_of(user)
    if user.has_perm(workflow.SIGN_PERMISSION):
        sections["to_sign"] = _to_sign()
        sections["proposals"] = _proposals()
    if user.has_perm(workflow.SIGN_PERMISSION) or user.has_perm(workflow.DRAFT_PERMISSION):
        # The Commissioner releases or keeps each; a drafter sees what is coming to them.
        sections["due_reviews"] = _due_reviews()
        sections["may_review"] = user.has_perm(workflow.SIGN_PERMISSION)
    if user.has_perm("decisions.view_panelreport"):
        sections["panel_report"] = {
            "latest": PanelReport.objects.filter(prepared_at__isnull=False)
            .select_related("prepared_by")
            .order_by("-prepared_at")
            .first(),
            "may_prepare": user.has_perm("decisions.add_panelreport"),
        }
    return sections


def _due_reviews():
    """Confidential parts whose review date has come, oldest first."""
    return list(ConfidentialPart.objects.due_for_review(timezone.localdate())[:LISTED])


def _drafts():
    drafts = Decision.objects.filter(status__in=[S.DRAFT, S.WITH_BOARD, S.READY])
    listed = list(drafts.select_related("created_by").order_by("-updated_at")[:LISTED])
    for decision in listed:
        decision.next_step = workflow.NEXT_STEP[decision.status]
    return listed


def _meetings_of(user):
    today = timezone.localdate()
    meetings = (
        BoardMeeting.objects.filter(board__members=user, date__gte=today)
        .select_related("board")
        .order_by("date")[:5]
    )
    items = AgendaItem.objects.filter(meeting__in=list(meetings)).select_related("decision")
    by_meeting = {}
    for item in items.order_by("number"):
        by_meeting.setdefault(item.meeting_id, []).append(item)
    return [(meeting, by_meeting.get(meeting.pk, [])) for meeting in meetings]


def _to_sign():
    waiting = []
    for decision in Decision.objects.filter(status=S.READY).order_by("sent_for_signature_at"):
        comments = BoardComment.objects.filter(agenda_item__decision=decision).select_related(
            "author", "agenda_item__meeting__board"
        )
        notice = draft_notice(notice_queryset().get(pk=decision.pk))
        waiting.append(
            Waiting(decision, workflow.note_for_signer(decision), list(comments), notice)
        )
    return waiting


def _proposals():
    pending = Amendment.objects.filter(signed_at__isnull=True).select_related(
        "decision", "proposed_by"
    )
    return list(pending.order_by("proposed_at"))
