"""The Panel's report in the admin: "Prepare the Panel report" for a period, and every
report made so far, with who asked for it, when it was made and its files.

A report is a staff document until the office publishes it: its files are served
only here, to staff who may view reports, never from a public address. It is never
edited; only an administrator may delete one (a report asked for by mistake)."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html

from decisions import audit, tasks
from decisions.files import serve_stored_file
from decisions.models import AuditAction, PanelReport

# Dates the register can hold: before 1900 there was no register, and a far future day
# would run past the last date Python can count to.
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)
# Five years, whatever their leap days: longer is no longer a report for a meeting.
LONGEST = datetime.timedelta(days=5 * 366)
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PanelReportForm(forms.ModelForm):
    class Meta:
        model = PanelReport
        fields = ["date_from", "date_to"]
        widgets = {"date_from": DATE_INPUT, "date_to": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A report's own page shows it read-only: its form has no fields.
        for name, which in (("date_from", "starts"), ("date_to", "ends")):
            if name not in self.fields:
                continue
            self.fields[name].error_messages.update(
                required=f"Give the day the report {which}.",
                invalid="Give a date, such as 2026-01-31.",
            )

    def clean(self):
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        for name, day in (("date_from", first), ("date_to", last)):
            if day and not EARLIEST <= day <= LATEST:
                self.add_error(name, "Give a date from 1900 to 2999.")
        if self.errors or not (first and last):
            return data
        if last < first:
            self.add_error("date_to", "The report would end before it starts: give a later day.")
        elif last - first > LONGEST:
            self.add_error("date_to", "A report covers at most five years: give an earlier day.")
        return data


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y H:i")


@admin.register(PanelReport)
class PanelReportAdmin(admin.ModelAdmin):
    form = PanelReportForm
    list_display = ["period", "asked_by", "made", "downloads"]
    list_display_links = ["period"]
    change_list_template = "admin/decisions/panelreport/change_list.html"
    change_form_template = "admin/decisions/panelreport/change_form.html"
    shown = ["period", "asked_by", "asked", "made", "pdf_sha256", "csv_sha256", "downloads"]

    # --- who may do what: staff with the role's permissions prepare and view; nobody
    # edits; only an administrator deletes.

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def get_fields(self, request, obj=None):
        return ["date_from", "date_to"] if obj is None else self.shown

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.shown

    # --- the list and the report's page

    @admin.display(description="period", ordering="date_from")
    def period(self, report):
        return report.period

    @admin.display(description="asked for by")
    def asked_by(self, report):
        return report.prepared_by.get_full_name() or report.prepared_by.get_username()

    @admin.display(description="asked for at", ordering="asked_at")
    def asked(self, report):
        return _when(report.asked_at)

    @admin.display(description="made", ordering="prepared_at")
    def made(self, report):
        if report.is_prepared:
            return _when(report.prepared_at)
        return f"Being prepared (asked for {_when(report.asked_at)})"

    @admin.display(description="files")
    def downloads(self, report):
        if not report.is_prepared:
            return "-"
        return format_html(
            '<a href="{}">PDF</a> · <a href="{}">CSV</a>',
            reverse("admin:decisions_panelreport_pdf", args=[report.pk]),
            reverse("admin:decisions_panelreport_csv", args=[report.pk]),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("prepared_by")

    def add_view(self, request, form_url="", extra_context=None):
        context = {"title": "Prepare the Panel report", **(extra_context or {})}
        return super().add_view(request, form_url, context)

    # --- asking for one: recorded, audited and queued in one transaction (the admin's)

    def save_model(self, request, obj, form, change):
        obj.prepared_by = request.user
        super().save_model(request, obj, form, change)
        audit.record(AuditAction.PANEL_REPORT, detail=f"{obj} (report {obj.pk})", request=request)
        tasks.prepare_panel_report.enqueue(obj.pk)

    def response_add(self, request, obj, post_url_continue=None):
        obj.refresh_from_db()
        if obj.is_prepared:
            messages.success(request, f"The Panel report for {obj.period} is ready.")
        else:
            messages.success(
                request,
                f"The Panel report for {obj.period} is being prepared. It is listed here, "
                "with its PDF and CSV, when it is ready: reload this page in a minute.",
            )
        return HttpResponseRedirect(reverse("admin:decisions_panelreport_changelist"))

    # --- its files, for staff who may view reports

    def get_urls(self):
        view = self.admin_site.admin_view(self.download_view)
        return [
            path(
                f"<int:object_id>/{kind}/",
                view,
                {"kind": kind},
                name=f"decisions_panelreport_{kind}",
            )
            for kind in ("pdf", "csv")
        ] + super().get_urls()

    def download_view(self, request, object_id, kind):
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = self.get_queryset(request).filter(pk=object_id).first()
        if report is None or not report.is_prepared:
            raise Http404("No such report, or it is still being prepared.")
        name = f"panel-report-{report.date_from:%Y-%m-%d}-to-{report.date_to:%Y-%m-%d}.{kind}"
        return serve_stored_file(getattr(report, kind), name, inline=kind == "pdf")

    # --- an administrator's deletion takes the files with it

    def delete_model(self, request, obj):
        self.delete_queryset(request, PanelReport.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        names = [name for report in queryset for name in (report.pdf.name, report.csv.name)]
        queryset.delete()
        transaction.on_commit(lambda: [default_storage.delete(n) for n in names if n])
