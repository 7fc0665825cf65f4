"""The workflow's pages in the admin, derived from the step declarations
(decisions/workflow/steps.py): one confirmation page per step, the preview, and the
old address of an amendment's sign page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from decisions import audit, notices, publishing, workflow
from decisions.models import Amendment, AuditAction
from decisions.notices import draft_notice, notice_queryset


class StepPages:
    """Mixed into the decision's admin: /<id>/step/<name>/ and /<id>/preview/."""

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

    def decision_or_404(self, request, object_id):
        decision = self.get_object(request, object_id)
        if decision is None:
            raise Http404("No such decision, or it is not one you can see.")
        if not self.has_view_or_change_permission(request, decision):
            raise PermissionDenied
        return decision

    def step_view(self, request, object_id, name):
        decision = self.decision_or_404(request, object_id)
        step = workflow.STEPS.get(name)
        if step is None:
            raise Http404("No such step.")
        back = reverse("admin:decisions_decision_change", args=[decision.pk])
        if problem := workflow.refusal(name, decision, request.user):
            refused(request, decision, name, problem)
            return redirect(back)
        try:
            extra, initial = self.step_page(request, decision, step)
        except workflow.TransitionRefused as refusal:  # e.g. a part not due, or tampered
            refused(request, decision, name, str(refusal))
            return redirect(back)
        if request.method == "POST":
            form = step.form(request.POST)
            if form.is_valid():
                try:
                    step.function(
                        decision,
                        by=request.user,
                        expected_version=form.cleaned_data["version"],
                        **form.arguments(step.function),
                    )
                except workflow.TransitionRefused as refusal:
                    refused(request, decision, name, str(refusal))
                    # A changed notice: the page again, as it is now.
                    changed = str(refusal) == workflow.CHANGED_SINCE_SEEN
                    return redirect(request.path if changed else back)
                messages.success(request, step.done)
                return redirect(back)
        else:
            form = step.form(initial={"version": workflow.version_of(decision), **initial})
        context = {
            **self.admin_site.each_context(request),
            "title": f"{step.label}: {decision.display_reference}",
            "decision": decision,
            "step": step,
            "form": form,
            "opts": self.model._meta,
            "back": back,
            **extra,
        }
        return TemplateResponse(request, "admin/decisions/decision/step.html", context)

    def step_page(self, request, decision, step):
        """The step page's own context and initial values; a step on one of the
        decision's parts is given the part the link or the form names."""
        if not step.page:
            return {}, {}
        chosen = {}
        if step.choice:
            chosen[step.choice] = request.POST.get(step.choice) or request.GET.get(step.choice)
        return step.page(decision, request.user, **chosen)

    def sign_amendment_view(self, request, amendment_id):
        """The address emails and older pages give an amendment's sign page."""
        amendment = get_object_or_404(
            Amendment.objects.filter(decision__in=self.get_queryset(request)), pk=amendment_id
        )
        if amendment.signed_at is not None:
            messages.info(request, "This has already been signed.")
            return redirect("admin:decisions_decision_change", amendment.decision_id)
        return self.step_view(request, str(amendment.decision_id), "sign_amendment")

    def preview_view(self, request, object_id):
        decision = self.decision_or_404(request, object_id)
        signed = decision.is_signed
        context = {
            **self.admin_site.each_context(request),
            "title": f"Preview: {decision.display_reference}",
            "decision": decision,
            "notice": publishing.current_notice(decision)
            if signed
            else draft_notice(notice_queryset().get(pk=decision.pk)),
            "later_decisions": notices.later_decisions(decision) if signed else [],
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/decisions/decision/preview.html", context)


def refused(request, decision, step, message):
    """Say why on the page, and keep it in the audit log."""
    messages.error(request, message)
    audit.record(
        AuditAction.REFUSED,
        decision=decision,
        detail=f"{step} on {decision.display_reference}: {message}",
        request=request,
    )
