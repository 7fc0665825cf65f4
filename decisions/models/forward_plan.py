"""The forward plan: decisions the office expects to make, told to the public before
they are made (issue 15). An entry says only what the office writes for the public,
never the draft's own text or its confidential parts; it leaves the plan when its
decision is signed (pointing to the notice) or when the office takes it off, with a
public reason."""

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from simple_history.models import HistoricalRecords

from decisions.models.boards import AgendaItem
from decisions.models.decision import DecisionStatus
from decisions.models.parts import GatewayRow

UPCOMING = (DecisionStatus.DRAFT, DecisionStatus.WITH_BOARD, DecisionStatus.READY)


class ForwardPlanQuerySet(models.QuerySet):
    def upcoming(self):
        """On the plan now: its decision still to be made, and not taken off."""
        return self.filter(decision__status__in=UPCOMING, removed_at__isnull=True)

    def with_meetings_and_gateways(self):
        """With what the plan shows of each draft beside its own words: the board
        meetings it goes to, soonest first, and its gates in order. The public page and
        the Panel's report both read the plan this way, so they show the same."""
        return self.prefetch_related(
            Prefetch(
                "decision__agenda_items",
                queryset=AgendaItem.objects.select_related("meeting__board").order_by(
                    "meeting__date"
                ),
            ),
            Prefetch("decision__gateways", queryset=GatewayRow.objects.order_by("gate")),
        )

    def decided(self):
        return self.filter(decision__status__in=(DecisionStatus.SIGNED, DecisionStatus.WITHDRAWN))

    def taken_off(self):
        return self.filter(removed_at__isnull=False).exclude(
            decision__status__in=(DecisionStatus.SIGNED, DecisionStatus.WITHDRAWN)
        )


class ForwardPlanEntry(models.Model):
    decision = models.OneToOneField(
        "decisions.Decision", on_delete=models.CASCADE, related_name="forward_plan"
    )
    # Labelled apart from the draft's own title and text: both are on the drafting form.
    title = models.CharField(
        "title on the plan", max_length=300, help_text="As the public reads it on the forward plan."
    )
    description = models.TextField(
        "what the public is told",
        help_text="What the decision is about, for the public. Never the draft's text "
        "or anything confidential: this is published at once.",
    )
    expected_month = models.DateField(help_text="The month the decision is expected.")
    removed_reason = models.TextField(
        "reason it was taken off the plan",
        blank=True,
        help_text="Published. Fill in only to take the decision off the forward plan.",
    )
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ForwardPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["expected_month", "id"]
        verbose_name = "forward plan entry"
        verbose_name_plural = "forward plan"

    def __str__(self):
        return self.title

    def save(self, **kwargs):
        # Taken off the plan when, and only when, a reason is given.
        if self.removed_reason.strip() and self.removed_at is None:
            self.removed_at = timezone.now()
        elif not self.removed_reason.strip():
            self.removed_at = None
        super().save(**kwargs)
