"""The staff side: where the office drafts, the board comments and the Commissioner signs."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from decisions.forms import AnnexForm, BackgroundPaperForm, GatewayRowForm
from decisions.models import (
    AgendaItem,
    Amendment,
    Annex,
    BackgroundPaper,
    Board,
    BoardComment,
    BoardMeeting,
    ConfidentialPart,
    Contact,
    Decision,
    DecisionLink,
    GatewayRow,
    Section,
    Signatory,
)

# A link typed without a scheme is taken as https (Django 6's default, chosen now).
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = ["order", "level", "heading", "body"]


class GatewayInline(admin.TabularInline):
    model = GatewayRow
    form = GatewayRowForm
    extra = 0


class BackgroundPaperInline(admin.TabularInline):
    model = BackgroundPaper
    formfield_overrides = HTTPS_LINKS
    form = BackgroundPaperForm
    extra = 0


class AnnexInline(admin.TabularInline):
    model = Annex
    formfield_overrides = HTTPS_LINKS
    form = AnnexForm
    extra = 0


class DecisionLinkInline(admin.TabularInline):
    model = DecisionLink
    formfield_overrides = HTTPS_LINKS
    fk_name = "from_decision"
    extra = 0
    autocomplete_fields = ["to_decision"]
    verbose_name = "link to an earlier decision"
    verbose_name_plural = "links to earlier decisions"


class ConfidentialPartInline(admin.StackedInline):
    model = ConfidentialPart
    extra = 0
    verbose_name = "confidential part (never published)"
    verbose_name_plural = "confidential parts (never published)"


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["decision", "authors"]


class SignedYearFilter(admin.SimpleListFilter):
    title = "year signed"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Decision.objects.published().dates("signed_at", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(signed_at__year=int(value))
        return queryset


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["display_reference", "title", "status", "signed_at", "updated_at"]
    list_display_links = ["display_reference", "title"]
    list_filter = ["status", SignedYearFilter, "agenda_items__meeting__board"]
    search_fields = ["reference", "title", "executive_summary"]
    autocomplete_fields = ["contact_officer", "signatory"]
    readonly_fields = ["status", "signed_at", "signed_name", "signed_title"]
    inlines = [
        SectionInline,
        GatewayInline,
        BackgroundPaperInline,
        AnnexInline,
        DecisionLinkInline,
        ConfidentialPartInline,
    ]
    fieldsets = [
        (None, {"fields": ["reference", "title", "status"]}),
        (
            "The notice",
            {"fields": ["executive_summary", "decision_heading", "decision_text", "reasons"]},
        ),
        ("Where and how it is made", {"fields": ["made_at", "made_on", "urgency_reason"]}),
        ("Contact officer", {"fields": ["contact_officer"]}),
        ("Gateway timetable", {"fields": ["gateway_is_indicative", "gateway_note"]}),
        (
            "Signature",
            {
                "fields": [
                    "signatory",
                    "signed_name",
                    "signed_title",
                    "signed_at",
                    "declaration",
                    "interests_declared",
                ]
            },
        ),
        ("Public access", {"fields": ["public_access_statement"]}),
    ]

    @admin.display(description="reference", ordering="reference")
    def display_reference(self, obj):
        return obj.display_reference

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # Numbers are assigned by signing. Only a register administrator may type
        # one, to record a decision signed before this register existed.
        if not request.user.is_superuser:
            readonly.append("reference")
        return readonly

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        if obj.reference == "":
            obj.reference = None
        super().save_model(request, obj, form, change)


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "position", "organisation", "telephone", "email"]
    search_fields = ["name", "position", "organisation", "email"]


@admin.register(Signatory)
class SignatoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title", "term_start", "term_end", "user"]
    search_fields = ["name", "title"]


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]


@admin.register(BoardMeeting)
class BoardMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "start_time", "place", "held_in_public", "agenda_published_at"]
    list_filter = ["board", "held_in_public"]
    date_hierarchy = "date"
    autocomplete_fields = ["board"]
    search_fields = ["board__name", "place"]
    inlines = [AgendaItemInline]


@admin.register(BoardComment)
class BoardCommentAdmin(SimpleHistoryAdmin):
    list_display = ["agenda_item", "author", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Amendment)
class AmendmentAdmin(SimpleHistoryAdmin):
    list_display = ["decision", "kind", "proposed_at", "signed_at"]
    list_filter = ["kind"]


# Registered so each part's own history can be opened and searched; parts are
# edited inline on their decision.
for part in (Section, GatewayRow, BackgroundPaper, Annex, DecisionLink, ConfidentialPart):
    admin.site.register(part, SimpleHistoryAdmin)
