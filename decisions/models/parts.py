"""The parts a notice is made of. Each belongs to exactly one decision."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from decisions.models.freeze import GuardedModel, GuardedQuerySet
from decisions.uploads import validate_document


class SectionLevel(models.IntegerChoices):
    HEADING = 2, "Heading"
    SUB_HEADING = 3, "Sub-heading"


class HeadedPart(GuardedModel):
    """A headed, ordered piece of text belonging to one decision."""

    order = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(max_length=300)

    objects = GuardedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["decision", "order", "id"]

    def __str__(self):
        return self.heading


class Section(HeadedPart):
    """A headed part of the notice: background, consultation, financial implications..."""

    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.CASCADE, related_name="sections"
    )
    level = models.PositiveSmallIntegerField(
        choices=SectionLevel.choices,
        default=SectionLevel.HEADING,
        help_text="A heading with no text groups the sub-headings that follow it.",
    )
    body = models.TextField(
        blank=True,
        help_text="Markdown: blank line between paragraphs; '1.' for numbered paragraphs "
        "(they keep their number); '-' for bullets; **bold**; '### ' for a sub-heading; "
        "| a | b | tables. HTML is shown as text.",
    )

    history = HistoricalRecords()

    class Meta(HeadedPart.Meta):
        pass


class ConfidentialPartQuerySet(GuardedQuerySet):
    def withheld_notes(self):
        """What the public is told of confidential parts still withheld: that each
        exists, on what ground, and when it is to be reviewed. Never its heading or
        its text. A released part is published, so it is no longer withheld."""
        fields = ("decision_id", "order", "exemption", "release_after")
        return self.not_released().with_review_on().only(*fields)

    def not_released(self):
        return self.exclude(reviews__outcome="released")

    def with_review_on(self):
        """Each part's review date: the one set at its last review, else its own."""
        from decisions.models.reviews import ReleaseReview

        last_kept = ReleaseReview.objects.filter(part=models.OuterRef("pk"), outcome="kept")
        last_date = last_kept.order_by("-at", "-pk").values("next_review_on")[:1]
        return self.annotate(
            review_on=Coalesce(models.Subquery(last_date), models.F("release_after"))
        )

    def due_for_review(self, today):
        """Parts of signed (not withdrawn) decisions, not yet released, whose review
        date has come: the Commissioner releases each or keeps it to a later date."""
        return (
            self.filter(decision__status="signed")
            .not_released()
            .with_review_on()
            .filter(review_on__lte=today)
            .select_related("decision")
            .order_by("review_on", "decision__reference", "order", "pk")
        )


class ConfidentialPart(HeadedPart):
    """Facts kept apart from the public notice (often 'Part 2'): never on a public page.
    The public is told only that it exists, its exemption and its review date."""

    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.CASCADE, related_name="confidential_parts"
    )
    body = models.TextField(blank=True, help_text="Markdown.")
    exemption = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why it is withheld, e.g. 'Commercially sensitive (FOI Act s.43)'.",
    )
    release_after = models.DateField(
        null=True,
        blank=True,
        help_text="The date after which it may be reviewed for release. Empty: not planned.",
    )

    objects = ConfidentialPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(HeadedPart.Meta):
        pass


class GatewayRow(GuardedModel):
    """One gate of a decision's gateway timetable, with its planned and actual month."""

    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.CASCADE, related_name="gateways"
    )
    gate = models.PositiveSmallIntegerField()
    description = models.TextField("description / purpose")
    milestone_planned = models.DateField(
        "milestone (planned)", help_text="Month, e.g. July 2013 or 2013-07."
    )
    milestone_actual = models.DateField(
        "milestone (met)", null=True, blank=True, help_text="Month the gate was met, once it is."
    )

    objects = GuardedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "gate"]
        verbose_name = "gateway"
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "gate"],
                name="a_gate_appears_once_per_decision",
                violation_error_message="This gate is already in the timetable.",
            )
        ]

    def __str__(self):
        return f"Gate {self.gate}"


def _generated_name(folder: str, filename: str) -> str:
    # Files are stored under generated names: a staff-chosen name never becomes a path.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def annex_upload_to(instance, filename):
    return _generated_name("annexes", filename)


def paper_upload_to(instance, filename):
    return _generated_name("papers", filename)


class DocumentQuerySet(GuardedQuerySet):
    def public(self):
        """Papers and annexes the public may download: those of a published decision, or
        of a draft that is a public paper of a published agenda."""
        from decisions.models.boards import AgendaItem
        from decisions.models.decision import Decision

        return self.filter(
            models.Q(decision__in=Decision.objects.published())
            | models.Q(decision__agenda_items__in=AgendaItem.objects.public_papers())
        ).distinct()


class _Document(GuardedModel):
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    url = models.URLField("link", max_length=500, blank=True)
    original_filename = models.CharField(max_length=255, blank=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["decision", "order", "id"]

    def __str__(self):
        return self.title


class BackgroundPaper(_Document):
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.CASCADE, related_name="background_papers"
    )
    file = models.FileField(
        upload_to=paper_upload_to, blank=True, max_length=200, validators=[validate_document]
    )

    history = HistoricalRecords()

    class Meta(_Document.Meta):
        pass


class Annex(_Document):
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.CASCADE, related_name="annexes"
    )
    label = models.CharField(max_length=10, help_text="e.g. A, B.")
    file = models.FileField(
        upload_to=annex_upload_to, blank=True, max_length=200, validators=[validate_document]
    )

    history = HistoricalRecords()

    class Meta(_Document.Meta):
        verbose_name_plural = "annexes"
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "label"],
                name="annex_label_is_unique_per_decision",
                violation_error_message="This decision already has an annex with that label.",
            )
        ]

    def __str__(self):
        return f"Annex {self.label}: {self.title}"


class DecisionLink(GuardedModel):
    """This decision refers to an earlier one, in the register or known only by reference.

    Shown in both directions: on the earlier decision it reads as a later one
    that follows from it.
    """

    from_decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.CASCADE, related_name="links_out"
    )
    to_decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="links_in",
        help_text="The earlier decision, if it is in this register.",
    )
    to_reference = models.CharField(
        max_length=40, blank=True, help_text="If it is not in this register: its reference."
    )
    to_title = models.CharField(max_length=300, blank=True)
    to_date = models.DateField(null=True, blank=True, help_text="When it was decided.")
    to_url = models.URLField(max_length=500, blank=True)

    objects = GuardedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["from_decision", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_decision__isnull=False) | ~models.Q(to_reference=""),
                name="decision_link_has_a_target",
                violation_error_message="Choose a decision in the register, or give the "
                "reference of one that is not.",
            ),
            models.CheckConstraint(
                condition=~models.Q(to_decision=models.F("from_decision")),
                name="decision_does_not_link_to_itself",
                violation_error_message="A decision cannot refer to itself.",
            ),
        ]

    def __str__(self):
        target = self.to_decision.display_reference if self.to_decision else self.to_reference
        return f"refers to {target}"


class AmendmentKind(models.TextChoices):
    AMENDMENT = "amendment", "Amendment"
    WITHDRAWAL = "withdrawal", "Withdrawal"
    # A confidential part published on review: its heading and text are the body.
    RELEASE = "release", "Release of withheld information"


class Amendment(GuardedModel):
    """A correction to, or withdrawal of, a signed decision: proposed, then signed.

    The signed notice itself never changes; amendments are added beside it.
    """

    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="amendments"
    )
    kind = models.CharField(max_length=20, choices=AmendmentKind.choices)
    change_note = models.TextField(
        help_text="Public: what changed and why (for a withdrawal, the reason)."
    )
    body = models.TextField(blank=True, help_text="The amended text, where there is any. Markdown.")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    signatory = models.ForeignKey(
        "decisions.Signatory", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_name = models.CharField(max_length=200, blank=True)
    signed_title = models.CharField(max_length=200, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)

    objects = GuardedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "proposed_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(signed_at__isnull=True)
                | (models.Q(signatory__isnull=False) & ~models.Q(signed_name="")),
                name="signed_amendment_has_signatory",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.decision.display_reference}"
