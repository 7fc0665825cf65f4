from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from decisions import workflow
from decisions.admin.access import is_board_member_only
from decisions.admin.history import RecordAdmin
from decisions.models import AgendaItem, Board, BoardMeeting


@admin.register(Board)
class BoardAdmin(RecordAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]


class AgendaItemInline(admin.StackedInline):
    """Items are added by putting a draft to the meeting; here their report is edited."""

    model = AgendaItem
    extra = 0
    fields = [
        "number",
        "decision",
        "is_private",
        "report_title",
        "purpose",
        "background",
        "recommendations",
        "authors",
    ]
    readonly_fields = ["decision"]
    autocomplete_fields = ["authors"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BoardMeeting)
class BoardMeetingAdmin(RecordAdmin):
    list_display = ["__str__", "start_time", "place", "held_in_public", "agenda_published_at"]
    list_filter = ["board", "held_in_public"]
    date_hierarchy = "date"
    autocomplete_fields = ["board"]
    search_fields = ["board__name", "place"]
    readonly_fields = ["agenda_published_at"]
    inlines = [AgendaItemInline]
    change_form_template = "admin/decisions/boardmeeting/change_form.html"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_board_member_only(request.user):
            return queryset.filter(board__members=request.user)
        return queryset

    def get_urls(self):
        return [
            path(
                "<path:object_id>/publish-agenda/",
                self.admin_site.admin_view(self.publish_agenda_view),
                name="decisions_boardmeeting_publish_agenda",
            ),
            *super().get_urls(),
        ]

    def publish_agenda_view(self, request, object_id):
        meeting = get_object_or_404(self.get_queryset(request), pk=object_id)
        back = reverse("admin:decisions_boardmeeting_change", args=[meeting.pk])
        if request.method == "POST":
            try:
                workflow.publish_agenda(meeting, by=request.user)
            except workflow.TransitionRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, f"The agenda and papers of {meeting} are published.")
            return redirect(back)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Publish the agenda of {meeting}",
            "meeting": meeting,
            "opts": self.model._meta,
            "back": back,
        }
        return TemplateResponse(
            request, "admin/decisions/boardmeeting/publish_agenda.html", context
        )
