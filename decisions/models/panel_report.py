"""The report to the Police and Crime Panel (issue 15): the decisions signed, amended
and withdrawn in a period, the forward plan as it stood, and the board meetings held,
as a PDF and a CSV that the office takes to the Panel (Police Reform and Social
Responsibility Act 2011, s.28(6)).

A report is asked for by a member of staff, made once by the background worker and
kept as made: its files are a staff document until the office publishes them, so
they are served only through the admin, never from a public address."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.formats import date_format

from decisions.models.freeze import FrozenRecordError


def panel_report_upload_to(instance, filename):
    # A generated name, like every stored file: nothing typed becomes a path.
    suffix = ".pdf" if filename.endswith(".pdf") else ".csv"
    return f"panel-reports/{uuid.uuid4().hex}{suffix}"


class PanelReport(models.Model):
    date_from = models.DateField("from", help_text="The first day the report covers.")
    date_to = models.DateField("to", help_text="The last day the report covers (included).")
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    asked_at = models.DateTimeField("asked for at", auto_now_add=True)
    # When the worker read the register and made the files: the forward plan is as it
    # stood then. Empty while the report is being prepared.
    prepared_at = models.DateTimeField(null=True, blank=True, editable=False)
    pdf = models.FileField(upload_to=panel_report_upload_to, max_length=200, editable=False)
    csv = models.FileField(upload_to=panel_report_upload_to, max_length=200, editable=False)
    pdf_sha256 = models.CharField("SHA-256 of the PDF", max_length=64, blank=True, editable=False)
    csv_sha256 = models.CharField("SHA-256 of the CSV", max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-asked_at", "-id"]
        verbose_name = "Panel report"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_from__lte=models.F("date_to")),
                name="panel_report_period_runs_forwards",
            ),
            models.CheckConstraint(
                condition=models.Q(prepared_at__isnull=True)
                | (
                    ~models.Q(pdf="")
                    & ~models.Q(csv="")
                    & ~models.Q(pdf_sha256="")
                    & ~models.Q(csv_sha256="")
                ),  # fmt: skip
                name="prepared_panel_report_has_its_files",
            ),
        ]

    def __str__(self):
        return f"Panel report, {self.period}"

    def save(self, *args, **kwargs):
        # Made once: what the office took to the Panel is never changed afterwards
        # (a new period, or a later plan, is a new report).
        made = type(self)._base_manager.filter(pk=self.pk, prepared_at__isnull=False)
        if self.pk and made.exists():
            raise FrozenRecordError("A Panel report is kept as it was made: prepare a new one.")
        super().save(*args, **kwargs)

    @property
    def period(self) -> str:
        return f"{date_format(self.date_from, 'j F Y')} to {date_format(self.date_to, 'j F Y')}"

    @property
    def is_prepared(self) -> bool:
        return self.prepared_at is not None
