"""Email alerts for the public: a resident asks to be told of new decisions (all of
them, a board's, or those matching a search), confirms by email, and can leave with
one click.

An address is personal data the office holds only while it is wanted: it is never
shown (not even in the admin), has no history, and goes with its subscription when
the reader unsubscribes or never confirms. What was sent is kept as deliveries, which
go with it too.
"""

import secrets

from django.db import models
from django.utils import timezone


def new_token() -> str:
    return secrets.token_urlsafe(24)


class AlertScope(models.TextChoices):
    ALL = "all", "Every new decision"
    BOARD = "board", "Decisions that went to a board"
    SEARCH = "search", "Decisions that match a search"


class AlertFrequency(models.TextChoices):
    IMMEDIATE = "immediate", "One email for each decision, as it is published"
    DAILY = "daily", "One email a day, listing the day's decisions"


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed_since(self, moment):
        return self.filter(confirmed_at__isnull=True, created_at__lt=moment)


class Subscription(models.Model):
    email = models.EmailField(max_length=254)
    scope = models.CharField(max_length=10, choices=AlertScope, default=AlertScope.ALL)
    board = models.ForeignKey("decisions.Board", null=True, blank=True, on_delete=models.CASCADE)
    query = models.CharField("search words", max_length=100, blank=True)
    frequency = models.CharField(
        max_length=10, choices=AlertFrequency, default=AlertFrequency.IMMEDIATE
    )
    # The secret in every link the reader is sent: it confirms and unsubscribes, and it
    # is all that does, so a stranger can do neither.
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(scope="board") | models.Q(board__isnull=False),
                name="alert_for_a_board_names_it",
            ),
            models.CheckConstraint(
                condition=~models.Q(scope="search") | ~models.Q(query=""),
                name="alert_for_a_search_has_words",
            ),
        ]

    def __str__(self):
        return f"Alert {self.pk}: {self.describe()}"

    def describe(self) -> str:
        """What the reader asked for, in the words their emails use."""
        if self.scope == AlertScope.BOARD:
            return f"decisions that went to the {self.board}"
        if self.scope == AlertScope.SEARCH:
            return f"decisions matching “{self.query}”"
        return "every new decision"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "To send"
    SENT = "sent", "Sent"
    GAVE_UP = "gave_up", "Given up after repeated failures"


class AlertDelivery(models.Model):
    """One decision's news for one subscriber: the outbox. A row is written in the same
    transaction as the work that queued it and stays pending until its email is sent,
    so a send that fails, or a worker that dies, loses nothing (`send_alerts` sends
    what is pending)."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    version = models.ForeignKey("decisions.NoticeVersion", on_delete=models.CASCADE)
    status = models.CharField(max_length=10, choices=DeliveryStatus, default=DeliveryStatus.PENDING)
    # When it may go: at once, or at the next daily digest; later after a failure.
    due_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "version"], name="one_alert_per_version"
            )
        ]
        indexes = [models.Index(fields=["status", "due_at"])]
        verbose_name_plural = "alert deliveries"

    def __str__(self):
        return f"Alert {self.subscription_id} of version {self.version_id}: {self.status}"
