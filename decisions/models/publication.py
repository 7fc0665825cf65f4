"""What publication leaves behind: each signed version of a notice, its PDF, and the
public log that chains them. All three are only ever added to (see freeze.py)."""

import uuid
from pathlib import PurePath

from django.db import models
from simple_history.models import HistoricalRecords

from decisions.models.freeze import GuardedModel, GuardedQuerySet


class VersionEvent(models.TextChoices):
    SIGNED = "signed", "Signed"
    AMENDED = "amended", "Amended"
    WITHDRAWN = "withdrawn", "Withdrawn"
    RELEASED = "released", "Confidential part released"


class NoticeVersion(GuardedModel):
    """A notice as the Commissioner signed it: at first signing, and at each amendment
    or withdrawal. ``content`` is everything the public notice shows, copied at that
    moment, so no later edit of a contact, board or signatory reaches it."""

    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField()
    event = models.CharField(max_length=20, choices=VersionEvent.choices)
    at = models.DateTimeField(help_text="When this version was signed.")
    change_note = models.TextField(blank=True)
    amendment = models.OneToOneField(
        "decisions.Amendment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="version",
    )
    content = models.JSONField()
    content_sha256 = models.CharField(max_length=64)

    objects = GuardedQuerySet.as_manager()

    class Meta:
        ordering = ["decision", "number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "number"], name="a_version_number_is_used_once"
            )
        ]

    def __str__(self):
        return f"Version {self.number} of decision {self.decision_id} ({self.event})"


def notice_upload_to(instance, filename):
    # Stored under a generated name: a reference never becomes a path.
    return f"notices/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:10]}"


class NoticeDocument(GuardedModel):
    """The PDF of one version of a notice: rendered once, signed digitally, stored, and
    served as a file. Every one ever issued stays, with its SHA-256."""

    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="documents"
    )
    version = models.OneToOneField(NoticeVersion, on_delete=models.PROTECT, related_name="document")
    file = models.FileField(upload_to=notice_upload_to, max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=200)

    objects = GuardedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        # Newest version first, so a decision's documents.first() is its current PDF,
        # the one way code finds it (latest() agrees).
        ordering = ["decision", "-version__number"]
        get_latest_by = "version__number"

    def __str__(self):
        return f"PDF of {self.decision.display_reference} ({self.reason})"


class LogEntry(GuardedModel):
    """One line of the register's public, append-only log: a hash chain of every
    publication (signed, amended, withdrawn). See decisions/transparency.py."""

    sequence = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    reference = models.CharField(max_length=40)
    slug = models.CharField(max_length=60)
    version_number = models.PositiveSmallIntegerField()
    event = models.CharField(max_length=20, choices=VersionEvent.choices)
    pdf_sha256 = models.CharField(max_length=64)
    content_sha256 = models.CharField(max_length=64)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    version = models.OneToOneField(
        NoticeVersion, on_delete=models.PROTECT, related_name="log_entry"
    )

    objects = GuardedQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]
        verbose_name = "log entry"
        verbose_name_plural = "log entries"

    def __str__(self):
        return f"{self.sequence}: {self.reference} {self.event}"
