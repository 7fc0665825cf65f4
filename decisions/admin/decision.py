"""The decision page: edit a draft, see its state, and take the next step."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from decisions import audit, notices, publishing, workflow
from decisions.admin.access import is_board_member_only
from decisions.admin.history import RecordAdmin, decision_history
from decisions.admin.transition_forms import AmendmentForm, PutToBoardForm, ReasonForm, SignForm
from decisions.forms import AnnexForm, BackgroundPaperForm, GatewayRowForm
from decisions.models import (
    Amendment,
    Annex,
    AuditAction,
    BackgroundPaper,
    BoardComment,
    ConfidentialPart,
    Decision,
    DecisionLink,
    DecisionStatus,
    GatewayRow,
    Section,
)
from decisions.models.freeze import FrozenDecisionError
from decisions.notices import draft_notice, notice_queryset

# A link typed without a scheme is taken as https (Django 6's default, chosen now).
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}
EDITABLE_STATES = (DecisionStatus.DRAFT, DecisionStatus.WITH_BOARD)


def is_editable(decision) -> bool:
    return decision is None or decision.status in EDITABLE_STATES


class PartInline:
    """A notice's parts can change only while the decision can."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return is_editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return is_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_editable(obj) and super().has_delete_permission(request, obj)


class SectionInline(PartInline, admin.StackedInline):
    model = Section
    fields = ["order", "level", "heading", "body"]


class GatewayInline(PartInline, admin.TabularInline):
    model = GatewayRow
    form = GatewayRowForm


class BackgroundPaperInline(PartInline, admin.TabularInline):
    model = BackgroundPaper
    form = BackgroundPaperForm
    formfield_overrides = HTTPS_LINKS


class AnnexInline(PartInline, admin.TabularInline):
    model = Annex
    form = AnnexForm
    formfield_overrides = HTTPS_LINKS


class DecisionLinkInline(PartInline, admin.TabularInline):
    model = DecisionLink
    fk_name = "from_decision"
    autocomplete_fields = ["to_decision"]
    formfield_overrides = HTTPS_LINKS
    verbose_name = "link to an earlier decision"
    verbose_name_plural = "links to earlier decisions"


class ConfidentialPartInline(PartInline, admin.StackedInline):
    model = ConfidentialPart
    verbose_name = "confidential part (never published)"
    verbose_name_plural = "confidential parts (never published)"


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


# Each workflow step: the form that confirms it, and how to call the workflow with it.
STEPS = {
    "put_to_board": (
        PutToBoardForm,
        {},
        lambda d, u, data, v: workflow.put_to_board(
            d,
            by=u,
            meeting=data["meeting"],
            is_private=data["is_private"],
            report_title=data["report_title"],
            purpose=data["purpose"],
            background=data["background"],
            recommendations=data["recommendations"],
            expected_version=v,
        ),
    ),
    "send_for_signature": (
        ReasonForm,
        {"required": False, "label": "Note for the Commissioner (optional)"},
        lambda d, u, data, v: workflow.send_for_signature(
            d, by=u, reason=data["reason"], expected_version=v
        ),
    ),
    "send_urgent_for_signature": (
        ReasonForm,
        {"label": "Why it cannot wait for the board (printed on the notice)"},
        lambda d, u, data, v: workflow.send_urgent_for_signature(
            d, by=u, reason=data["reason"], expected_version=v
        ),
    ),
    "recall": (
        ReasonForm,
        {"label": "Why it goes back to draft"},
        lambda d, u, data, v: workflow.recall(d, by=u, reason=data["reason"], expected_version=v),
    ),
    "comment": (
        ReasonForm,
        {"label": "Your comment"},
        lambda d, u, data, v: workflow.comment(d, by=u, body=data["reason"], expected_version=v),
    ),
    "send_back": (
        ReasonForm,
        {"label": "Why you are sending it back"},
        lambda d, u, data, v: workflow.send_back(
            d, by=u, reason=data["reason"], expected_version=v
        ),
    ),
    "sign": (
        SignForm,
        {},
        lambda d, u, data, v: workflow.sign(
            d,
            by=u,
            declaration=data["declaration"],
            interests=data["interests"],
            seen=data["seen"],
            expected_version=v,
        ),
    ),
    "propose_amendment": (
        AmendmentForm,
        {},
        lambda d, u, data, v: workflow.propose_amendment(
            d, by=u, change_note=data["change_note"], body=data["body"], expected_version=v
        ),
    ),
    "propose_withdrawal": (
        ReasonForm,
        {"label": "Why the decision is withdrawn (published)"},
        lambda d, u, data, v: workflow.propose_withdrawal(
            d, by=u, reason=data["reason"], expected_version=v
        ),
    ),
}

DONE = {
    "put_to_board": "The draft is on the meeting's agenda and the board has been emailed.",
    "send_for_signature": "Sent to the Commissioner for signature.",
    "send_urgent_for_signature": "Sent to the Commissioner for signature, without the board.",
    "recall": "Taken back to draft.",
    "comment": "Your comment is recorded.",
    "send_back": "Sent back to draft, with your reason.",
    "sign": "Signed and published.",
    "propose_amendment": "The amendment is waiting for the Commissioner's signature.",
    "propose_withdrawal": "The withdrawal is waiting for the Commissioner's signature.",
}


@admin.register(Decision)
class DecisionAdmin(RecordAdmin):
    list_display = ["display_reference", "title", "status", "signed_at", "updated_at"]
    list_display_links = ["display_reference", "title"]
    list_filter = ["status", SignedYearFilter, "agenda_items__meeting__board"]
    search_fields = ["reference", "title", "executive_summary"]
    autocomplete_fields = ["contact_officer"]
    change_form_template = "admin/decisions/decision/change_form.html"
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
        ("Public access", {"fields": ["public_access_statement"]}),
    ]
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
        readonly = ["status"]
        # Numbers are assigned by signing. Only a register administrator may type
        # one, to record a decision signed before this register existed.
        if not request.user.is_superuser or obj is not None:
            readonly.append("reference")
        return readonly

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_signed:
            return False
        return super().has_delete_permission(request, obj)

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
        if obj.reference == "":
            obj.reference = None
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
            "can_sign": request.user.has_perm(workflow.SIGN_PERMISSION),
        }

    # --- Workflow pages --------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/step/<slug:name>/",
                view(self.step_view),
                name="decisions_decision_step",
            ),
            path(
                "<path:object_id>/preview/",
                view(self.preview_view),
                name="decisions_decision_preview",
            ),
            path(
                "amendment/<int:amendment_id>/sign/",
                view(self.sign_amendment_view),
                name="decisions_decision_sign_amendment",
            ),
            *super().get_urls(),
        ]

    def _decision_or_404(self, request, object_id):
        decision = self.get_object(request, object_id)
        if decision is None:
            raise Http404("No such decision, or it is not one you can see.")
        if not self.has_view_or_change_permission(request, decision):
            raise PermissionDenied
        return decision

    def step_view(self, request, object_id, name):
        decision = self._decision_or_404(request, object_id)
        if name not in STEPS:
            raise Http404("No such step.")
        back = reverse("admin:decisions_decision_change", args=[decision.pk])
        problem = workflow.refusal(name, decision, request.user)
        if problem:
            _refused(request, decision, name, problem)
            return redirect(back)
        form_class, options, perform = STEPS[name]
        notice = None
        initial = {"version": workflow.version_of(decision)}
        if name == "sign":
            # The sign page shows the exact notice, and carries its digest: signing is
            # refused if anything it shows changes before the Commissioner presses Sign.
            notice = draft_notice(notice_queryset().get(pk=decision.pk))
            signatory = workflow.signatory_for(request.user)
            initial["seen"] = notices.signing_digest(notice, signatory=signatory)
        if request.method == "POST":
            form = form_class(request.POST, **options)
            if form.is_valid():
                try:
                    perform(decision, request.user, form.cleaned_data, form.cleaned_data["version"])
                except workflow.TransitionRefused as refused:
                    _refused(request, decision, name, str(refused))
                    if str(refused) == workflow.CHANGED_SINCE_SEEN:
                        return redirect(request.path)  # the page again, as it is now
                    return redirect(back)
                messages.success(request, DONE[name])
                return redirect(back)
        else:
            form = form_class(initial=initial, **options)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{workflow.TRANSITIONS[name].label}: {decision.display_reference}",
            "decision": decision,
            "step": workflow.TRANSITIONS[name],
            "form": form,
            "opts": self.model._meta,
            "back": back,
            "notice": notice,
        }
        return TemplateResponse(request, "admin/decisions/decision/step.html", context)

    def preview_view(self, request, object_id):
        decision = self._decision_or_404(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Preview: {decision.display_reference}",
            "decision": decision,
            "notice": publishing.current_notice(decision)
            if decision.is_signed
            else draft_notice(notice_queryset().get(pk=decision.pk)),
            "later_decisions": notices.later_decisions(decision) if decision.is_signed else [],
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/decisions/decision/preview.html", context)

    def history_view(self, request, object_id, extra_context=None):
        decision = self._decision_or_404(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": f"History of {decision.display_reference}",
            "decision": decision,
            "rows": decision_history(decision),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/decisions/decision/full_history.html", context)

    def sign_amendment_view(self, request, amendment_id):
        amendment = get_object_or_404(
            Amendment.objects.select_related("decision").filter(
                decision__in=self.get_queryset(request)
            ),
            pk=amendment_id,
        )
        back = reverse("admin:decisions_decision_change", args=[amendment.decision_id])
        if not request.user.has_perm(workflow.SIGN_PERMISSION):
            messages.error(request, "Only the Commissioner can sign an amendment or withdrawal.")
            return redirect(back)
        if request.method == "POST":
            try:
                workflow.sign_amendment(
                    amendment, by=request.user, seen=request.POST.get("seen", "")
                )
            except workflow.TransitionRefused as refused:
                messages.error(request, str(refused))
                if str(refused) == workflow.CHANGED_SINCE_SEEN:
                    return redirect(request.path)
            else:
                messages.success(request, f"{amendment.get_kind_display()} signed and published.")
            return redirect(back)
        standing = publishing.current_notice(amendment.decision)
        signatory = workflow.signatory_for(request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Sign {amendment.get_kind_display().lower()}",
            "amendment": amendment,
            "decision": amendment.decision,
            "seen": workflow.amendment_digest(amendment, signatory, standing),
            "opts": self.model._meta,
            "back": back,
        }
        return TemplateResponse(request, "admin/decisions/decision/sign_amendment.html", context)


def _refused(request, decision, step, message):
    messages.error(request, message)
    audit.record(
        AuditAction.REFUSED,
        decision=decision,
        detail=f"{step} on {decision.display_reference}: {message}",
        request=request,
    )


def _frozen_message(decision) -> str:
    if decision.is_signed:
        return str(FrozenDecisionError(decision.reference))
    return (
        "This decision is waiting for the Commissioner's signature, so it cannot be edited. "
        "To change it, take it back to draft first."
    )
