"""The decision page: edit a draft, see its state, and take the next step."""

from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from decisions import publishing, workflow
from decisions.admin.access import is_board_member_only
from decisions.admin.earlier import RECORD_PERMISSION, EarlierRegisterPages
from decisions.admin.files import StaffFiles
from decisions.admin.history import RecordAdmin, decision_history
from decisions.admin.parts import INLINES, is_editable
from decisions.admin.steps import StepPages
from decisions.admin.text_limits import TextLimits
from decisions.models import BoardComment, Decision, NumberingSeries
from decisions.models.freeze import FrozenDecisionError
from decisions.notices import draft_notice, notice_queryset
from decisions.workflow.steps import SIGNER


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
class DecisionAdmin(TextLimits, StaffFiles, EarlierRegisterPages, StepPages, RecordAdmin):
    list_display = ["display_reference", "title", "status", "signed_at", "updated_at"]
    list_display_links = ["display_reference", "title"]
    list_filter = ["status", SignedYearFilter, "agenda_items__meeting__board"]
    search_fields = ["reference", "title", "executive_summary"]
    autocomplete_fields = ["contact_officer"]
    change_form_template = "admin/decisions/decision/change_form.html"
    change_list_template = "admin/decisions/decision/change_list.html"
    inlines = INLINES
    # The groups a drafter works through (issue 13): what the decision is; its text, with
    # its sections; its timetable, with its gates; then papers, annexes, links and
    # confidential parts (the inlines, in INLINES' order). What most decisions leave
    # alone is folded.
    fieldsets = [
        (
            "What the decision is",
            {"fields": ["reference", "series", "title", "status", "contact_officer"]},
        ),
        (
            "The text",
            {"fields": ["executive_summary", "decision_heading", "decision_text", "reasons"]},
        ),
        (
            "Where and how it is made",
            {"fields": ["made_at", "made_on", "urgency_reason"], "classes": ["collapse"]},
        ),
        ("Timetable", {"fields": ["gateway_is_indicative", "gateway_note"]}),
        ("Public access", {"fields": ["public_access_statement"], "classes": ["collapse"]}),
    ]
    inline_placement = {
        "What the decision is": ["forward_plan"],
        "The text": ["sections"],
        "Timetable": ["gateways"],
    }
    # Five lines each, not the admin's ten, so the text's four boxes no longer fill the
    # first screen (a box can still be dragged taller).
    formfield_overrides = {
        models.TextField: {"widget": widgets.AdminTextareaWidget(attrs={"rows": 5})}
    }
    signed_fieldset = (
        "Signature",
        {
            "fields": [
                "signed_name",
                "signed_title",
                "signed_at",
                "declaration",
                "interests_declared",
            ]
        },
    )

    @admin.display(description="reference", ordering="reference")
    def display_reference(self, obj):
        return obj.display_reference

    # --- Who sees and edits what ---------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_board_member_only(request.user):
            # Board members read only the drafts put to their boards.
            return queryset.filter(agenda_items__meeting__board__members=request.user).distinct()
        return queryset

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.is_signed:
            fieldsets.append(self.signed_fieldset)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not is_editable(obj):
            return [f for _, opts in self.get_fieldsets(request, obj) for f in opts["fields"]]
        # References are given by signing, from the series: never typed on a draft.
        return ["reference", "status"]

    def get_changeform_initial_data(self, request):
        return {
            "series": NumberingSeries.objects.default().pk,
            **super().get_changeform_initial_data(request),
        }

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.is_signed or obj.is_entry):
            return False
        return super().has_delete_permission(request, obj)

    def changelist_view(self, request, extra_context=None):
        may_record = request.user.has_perm(RECORD_PERMISSION)
        extra_context = {**(extra_context or {}), "may_record_past": may_record}
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, *args, **kwargs):
        context["inline_placement"] = self.inline_placement
        return super().render_change_form(request, context, *args, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        decision = self.get_object(request, object_id)
        if decision is not None and request.method == "POST" and not is_editable(decision):
            # A stale or hand-made form: say why nothing was saved, never a server error.
            messages.error(request, _frozen_message(decision))
            return HttpResponseRedirect(request.path)
        extra_context = {**(extra_context or {}), **self._workflow_context(request, decision)}
        if decision is not None and not is_editable(decision):
            # Nothing here can be saved: no button should suggest it can.
            extra_context.update(
                show_save=False, show_save_and_continue=False, show_save_and_add_another=False
            )
        try:
            return super().change_view(request, object_id, form_url, extra_context)
        except FrozenDecisionError as frozen:
            messages.error(request, str(frozen))
            return HttpResponseRedirect(request.path)

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def _workflow_context(self, request, decision):
        if decision is None:
            return {}
        comments = BoardComment.objects.filter(agenda_item__decision=decision).select_related(
            "author", "agenda_item__meeting__board"
        )
        return {
            "decision": decision,
            "next_step": workflow.NEXT_STEP[decision.status],
            "steps": workflow.available(decision, request.user),
            "frozen_message": None if is_editable(decision) else _frozen_message(decision),
            "comments": comments,
            "agenda_items": decision.agenda_items.select_related("meeting__board"),
            "pending_amendments": decision.amendments.filter(signed_at__isnull=True),
            "note_for_signer": workflow.note_for_signer(decision),
            # Everyone who may see the decision reads it as it would be published; a
            # board member, who cannot edit it, has it open.
            "notice": _notice_as_it_stands(decision),
            "notice_open": is_board_member_only(request.user),
        }

    def history_view(self, request, object_id, extra_context=None):
        decision = self.decision_or_404(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": f"History of {decision.display_reference}",
            "decision": decision,
            "rows": decision_history(decision),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/decisions/decision/full_history.html", context)


def _notice_as_it_stands(decision):
    if decision.is_entry:
        return None
    if decision.is_signed:
        return publishing.current_notice(decision)
    return draft_notice(notice_queryset().get(pk=decision.pk))


def _frozen_message(decision) -> str:
    if decision.is_entry:
        return (
            f"{decision.reference} is an entry of the earlier register on the public "
            "register, so it cannot be changed."
        )
    if decision.is_withdrawn:
        return (
            f"{decision.reference} has been withdrawn. It stays on the public register, "
            "marked withdrawn, and can no longer be changed, amended or withdrawn again."
        )
    if decision.is_signed:
        return str(FrozenDecisionError(decision.reference))
    return (
        f"This decision is waiting for the {SIGNER}'s signature, so it cannot be edited. "
        "To change it, take it back to draft first."
    )
