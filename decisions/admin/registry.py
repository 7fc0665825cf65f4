"""Admins for the register's people, and read-only views of records the workflow writes."""

from django.contrib import admin
from django.utils import timezone

from decisions.admin.access import is_board_member_only
from decisions.admin.history import RecordAdmin
from decisions.models import (
    Amendment,
    Annex,
    AuditEvent,
    BackgroundPaper,
    BoardComment,
    ConfidentialPart,
    Contact,
    DecisionLink,
    GatewayRow,
    NumberingSeries,
    Section,
    Signatory,
)


@admin.register(Contact)
class ContactAdmin(RecordAdmin):
    list_display = ["name", "position", "organisation", "telephone", "email"]
    search_fields = ["name", "position", "organisation", "email"]


@admin.register(NumberingSeries)
class NumberingSeriesAdmin(RecordAdmin):
    """The office's numbering, edited here with its history. A change applies from the
    next signing: references already given never change."""

    list_display = ["name", "pattern", "period", "is_default", "next_reference"]
    fields = ["name", "pattern", "period", "is_default"]

    @admin.display(description="next signing today gives")
    def next_reference(self, obj):
        return obj.next_reference(timezone.localdate())[2]

    def has_delete_permission(self, request, obj=None):
        # A series that has numbered a decision is part of the record.
        if obj is not None and obj.decisions.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Signatory)
class SignatoryAdmin(RecordAdmin):
    list_display = ["name", "title", "term_start", "term_end", "user"]
    search_fields = ["name", "title"]
    autocomplete_fields = ["user"]


class ReadOnlyAdmin(RecordAdmin):
    """Records written only by the workflow, or only inline on their decision."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BoardComment)
class BoardCommentAdmin(ReadOnlyAdmin):
    list_display = ["agenda_item", "author", "created_at"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_board_member_only(request.user):
            # Only the comments on their own boards' agendas.
            return queryset.filter(agenda_item__meeting__board__members=request.user)
        return queryset


@admin.register(Amendment)
class AmendmentAdmin(ReadOnlyAdmin):
    list_display = ["decision", "kind", "proposed_at", "signed_at"]
    list_filter = ["kind"]


# Registered so each part's own history can be opened; parts are edited inline
# on their decision, where a signed decision's parts are read-only.
for part in (Section, GatewayRow, BackgroundPaper, Annex, DecisionLink, ConfidentialPart):
    admin.site.register(part, ReadOnlyAdmin)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only, for administrators: who signed in, failed, was locked out, or acted."""

    list_display = ["at", "action", "username", "ip_address", "decision", "detail"]
    list_filter = ["action", ("at", admin.DateFieldListFilter)]
    search_fields = ["username", "ip_address", "detail"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
