"""The review of a signed decision's confidential parts for release (issue 15).

A signed part is frozen, so its review date can never be edited in place: each
review is a row of its own, only ever added to. A part's review date is the one set
at its last review, or else its own `release_after`; it is released once, by a
signed release (an Amendment of kind "release"), and never reviewed again.
"""

from django.conf import settings
from django.db import models

from decisions.models.freeze import GuardedModel, GuardedQuerySet


class ReviewOutcome(models.TextChoices):
    RELEASED = "released", "Released"
    KEPT = "kept", "Kept confidential"


class ReleaseReviewQuerySet(GuardedQuerySet):
    def public_notes(self, decision) -> list["ReleaseReview"]:
        """What the public page says of each part still withheld and reviewed: its last
        review's date and the date to which it is kept, with its ground (already
        public). Never the part's heading or text, nor the review's reason."""
        kept = (
            self.filter(part__decision=decision, outcome=ReviewOutcome.KEPT)
            .exclude(part__reviews__outcome=ReviewOutcome.RELEASED)
            .select_related("part")
            .only("at", "next_review_on", "part__exemption", "part__order", "part__decision_id")
            .order_by("part__order", "part_id", "-at", "-pk")
        )
        latest = {}
        for review in kept:
            latest.setdefault(review.part_id, review)
        return list(latest.values())


class ReleaseReview(GuardedModel):
    """The Commissioner's review of one confidential part: released, or kept until a
    later review date. Only ever added to (freeze.py GUARDS)."""

    part = models.ForeignKey(
        "decisions.ConfidentialPart", on_delete=models.PROTECT, related_name="reviews"
    )
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices)
    next_review_on = models.DateField(
        null=True, blank=True, help_text="Kept: the date of its next review."
    )
    reason = models.TextField(
        blank=True, help_text="Kept: why it stays confidential. The office's record only; "
        "never published.",
    )  # fmt: skip
    release = models.OneToOneField(
        "decisions.Amendment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="release_review",
        help_text="Released: the signed release that published it.",
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    objects = ReleaseReviewQuerySet.as_manager()

    class Meta:
        ordering = ["part", "at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["part"],
                condition=models.Q(outcome="released"),
                name="a_part_is_released_once",
                violation_error_message="This part has already been released.",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(outcome="kept", next_review_on__isnull=False, release__isnull=True)
                    | models.Q(outcome="released", next_review_on__isnull=True)
                ),
                name="a_kept_part_has_a_next_review_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()}: part {self.part_id} on {self.at:%Y-%m-%d}"


class ReviewReminder(GuardedModel):
    """That the drafter was emailed of a part's review date, so it is sent once. A part
    whose date moves (kept at review) is reminded again on its new date."""

    part = models.ForeignKey(
        "decisions.ConfidentialPart", on_delete=models.PROTECT, related_name="reminders"
    )
    review_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    objects = GuardedQuerySet.as_manager()

    class Meta:
        ordering = ["review_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["part", "review_on"], name="a_review_is_reminded_once")
        ]

    def __str__(self):
        return f"Reminder of part {self.part_id}'s review on {self.review_on}"
