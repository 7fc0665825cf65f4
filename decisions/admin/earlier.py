"""Bringing the office's earlier register in, from the admin: one past decision typed
by hand, or a CSV index with a ZIP of its PDFs (the same checks as import_register)."""

import zipfile
from pathlib import PurePosixPath

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from decisions import importing
from decisions.models import DecisionMakerRole, NumberingSeries
from decisions.workflow.past import PastDecision, past_decision_problems, record_past_decision

RECORD_PERMISSION = "decisions.record_past_decision"
# The whole unpacked ZIP: enough for a few hundred notices; bigger registers use the
# import_register command on the server.
MAX_UNPACKED_BYTES = 500 * 1024 * 1024


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class PastDecisionForm(forms.Form):
    reference = forms.CharField(
        max_length=40, help_text="Exactly as the earlier register wrote it, e.g. PCD 338."
    )
    series = forms.ModelChoiceField(
        NumberingSeries.objects.all(),
        required=False,
        help_text="Its numbering series, so the next signing follows it. Empty: the default.",
    )
    title = forms.CharField(max_length=300)
    summary = forms.CharField(widget=forms.Textarea, required=False)
    text = forms.CharField(
        label="Decision", widget=forms.Textarea, required=False,
        help_text="The decision as recorded. Empty: the PDF's text is used for search.",
    )  # fmt: skip
    decision_maker_name = forms.CharField(
        label="Decision maker", max_length=200,
        help_text="A name, or a job title alone for an officer acting under delegation.",
    )  # fmt: skip
    decision_maker_title = forms.CharField(label="Their title", max_length=200, required=False)
    decision_maker_role = forms.ChoiceField(
        label="They decided as", choices=DecisionMakerRole.choices,
        initial=DecisionMakerRole.OFFICE_HOLDER,
    )  # fmt: skip
    signed_on = forms.DateField(required=False, help_text="Empty if the record gives none.")
    published_on = forms.DateField(required=False, help_text="Empty if the record gives none.")
    effective_on = forms.DateField(required=False, help_text="Empty if the record gives none.")
    contact_names = forms.CharField(
        label="Contacts or lead officers", widget=forms.Textarea(attrs={"rows": 3}),
        required=False, help_text="One per line.",
    )  # fmt: skip
    links_to = forms.CharField(
        label="Earlier decisions it cites", required=False,
        help_text="Their references, separated by ';'.",
    )  # fmt: skip
    withheld = forms.CharField(
        label="Confidential parts", widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text="One per line: the exemption ground, then ';' and the review date "
        "(YYYY-MM-DD) if there is one. Their text is never entered here.",
    )  # fmt: skip
    pdf = forms.FileField(
        label="Original signed PDF", required=False,
        help_text="Served to the public as the official copy, with its SHA-256.",
    )  # fmt: skip

    def clean_withheld(self):
        parts = []
        for number, line in enumerate(_lines(self.cleaned_data["withheld"]), start=1):
            ground, _, review = (part.strip() for part in line.partition(";"))
            try:
                parts.append((ground, forms.DateField().clean(review) if review else None))
            except forms.ValidationError:
                raise forms.ValidationError(
                    f"Line {number}: '{review}' is not a date. Write it as YYYY-MM-DD."
                ) from None
        return tuple(parts)

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload is None:
            return None
        if upload.size > importing.MAX_PDF_BYTES:
            raise forms.ValidationError("The PDF is over 50 MB.")
        return upload.read()

    def past_decision(self) -> PastDecision:
        data = self.cleaned_data
        return PastDecision(
            reference=data["reference"], series=data["series"], title=data["title"],
            summary=data["summary"], text=data["text"],
            decision_maker_name=data["decision_maker_name"],
            decision_maker_title=data["decision_maker_title"],
            decision_maker_role=data["decision_maker_role"],
            signed_on=data["signed_on"], published_on=data["published_on"],
            effective_on=data["effective_on"],
            contact_names=tuple(_lines(data["contact_names"])),
            links_to=tuple(p.strip() for p in data["links_to"].split(";") if p.strip()),
            withheld=data["withheld"], pdf=data["pdf"],
        )  # fmt: skip


class ImportForm(forms.Form):
    index = forms.FileField(label="CSV index", help_text="One row per decision (see the README).")
    pdfs = forms.FileField(
        label="ZIP of the PDFs", required=False,
        help_text="The files the index names in its pdf column.",
    )  # fmt: skip

    def clean_pdfs(self):
        upload = self.cleaned_data["pdfs"]
        if upload is None:
            return {}
        try:
            archive = zipfile.ZipFile(upload)
            members = [m for m in archive.infolist() if not m.is_dir()]
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise forms.ValidationError("The ZIP unpacks to over 500 MB: use import_register.")
            # By file name alone: a path inside the ZIP never becomes a path here.
            return {PurePosixPath(m.filename).name: archive.read(m) for m in members}
        except (zipfile.BadZipFile, OSError):
            raise forms.ValidationError("This is not a ZIP file.") from None


class EarlierRegisterPages:
    """Mixed into the decision's admin: record-past/ and import/."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "record-past/", view(self.record_past_view), name="decisions_decision_record_past"
            ),
            path("import/", view(self.import_view), name="decisions_decision_import"),
            *super().get_urls(),
        ]

    def _page(self, request, template, title, **context):
        context = {**self.admin_site.each_context(request), "title": title, **context}
        return TemplateResponse(request, f"admin/decisions/decision/{template}", context)

    def record_past_view(self, request):
        if not request.user.has_perm(RECORD_PERMISSION):
            raise PermissionDenied
        form = PastDecisionForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            past = form.past_decision()
            for name, message in past_decision_problems(past):
                form.add_error(name if name in form.fields else None, message)
            if form.is_valid():
                decision = record_past_decision(past, by=request.user)
                messages.success(
                    request, f"{decision.reference} is recorded and on the public register."
                )
                return redirect(reverse("admin:decisions_decision_change", args=[decision.pk]))
        return self._page(request, "record_past.html", "Record a past decision", form=form)

    def import_view(self, request):
        if not request.user.has_perm(RECORD_PERMISSION):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        plan = None
        if request.method == "POST" and form.is_valid():
            pdfs = form.cleaned_data["pdfs"]
            plan = importing.plan(form.cleaned_data["index"].read(), pdfs.get)
            if not plan.problems and "import" in request.POST:
                total = importing.run(plan, by=request.user)
                messages.success(
                    request,
                    f"Imported {total} decision(s); {len(plan.already)} already on the register.",
                )
                return redirect(reverse("admin:decisions_decision_changelist"))
        return self._page(
            request, "import.html", "Import the earlier register", form=form, plan=plan,
            columns=importing.COLUMNS,
        )  # fmt: skip
