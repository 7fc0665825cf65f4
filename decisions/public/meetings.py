"""/meetings/: board meetings, their agendas and, for public meetings, their papers.

The law makes a public meeting's agenda and reports public once published, and
with them the drafts put to the meeting. They are shown here, and only here,
marked as drafts that are not decisions, and never with their confidential parts.
Private items and meetings held in private show no content at all.
"""

from django.core.cache import cache
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from decisions.models import AgendaItem, BoardComment, BoardMeeting
from decisions.notices import draft_notice, notice_queryset


def public_meetings():
    return BoardMeeting.objects.select_related("board")


class MeetingListView(ListView):
    template_name = "decisions/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 50

    def get_queryset(self):
        return public_meetings().order_by("-date", "-start_time", "-id")


class MeetingDetailView(DetailView):
    template_name = "decisions/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        items = AgendaItem.objects.select_related("decision").prefetch_related(
            "authors",
            Prefetch("comments", queryset=BoardComment.objects.select_related("author")),
        )
        return public_meetings().prefetch_related(Prefetch("items", queryset=items))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        context["agenda_public"] = bool(meeting.agenda_published_at)
        context["papers_public"] = bool(meeting.agenda_published_at and meeting.held_in_public)
        context["held"] = meeting.date < timezone.localdate()
        return context


def _public_item(meeting_pk, number):
    return get_object_or_404(
        AgendaItem.objects.public_papers().select_related("meeting__board", "decision"),
        meeting_id=meeting_pk,
        number=number,
    )


class BoardPaperView(DetailView):
    """A draft put to a public meeting: its board report and the draft, marked as a draft."""

    template_name = "decisions/board_paper.html"
    context_object_name = "item"

    def get_object(self, queryset=None):
        return _public_item(self.kwargs["pk"], self.kwargs["number"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision = notice_queryset().get(pk=self.object.decision_id)
        # The draft as the board saw it, from its records (a signed decision's are frozen).
        context["notice"] = draft_notice(decision)
        context["signed_decision"] = decision if decision.is_signed else None
        return context


def _item_version(item):
    latest = item.history.order_by("-history_date").values_list("history_date", flat=True).first()
    return latest.timestamp() if latest else 0


def board_paper_pdf(request, pk, number):
    from decisions.pdf import render_draft_paper_pdf

    item = _public_item(pk, number)
    if item.decision.is_signed:
        raise Http404("This decision has been signed: its notice has its own PDF.")
    # A draft can still be revised, so its paper is rendered on demand, but only
    # once per version of the draft and its report.
    version = f"{item.decision.updated_at.timestamp()}:{item.pk}:{_item_version(item)}"
    key = f"board-paper-pdf:{version}"
    data = cache.get(key)
    if data is None:
        data = render_draft_paper_pdf(item)
        cache.set(key, data, timeout=24 * 3600)
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"board-paper-{item.meeting.date.isoformat()}-item-{item.number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
