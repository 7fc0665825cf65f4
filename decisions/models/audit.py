from django.conf import settings
from django.db import models

from decisions.models.freeze import GuardedModel, GuardedQuerySet


class AuditAction(models.TextChoices):
    LOGIN = "login", "Signed in"
    LOGIN_FAILED = "login_failed", "Failed sign-in"
    LOCKED_OUT = "locked_out", "Locked out"
    LOGOUT = "logout", "Signed out"
    TRANSITION = "transition", "Workflow step"
    REFUSED = "refused", "Workflow step refused"
    RESET_REQUESTED = "reset_requested", "Password reset asked for"
    PASSWORD_RESET = "password_reset", "Password reset"
    INVITED = "invited", "Account made and its owner invited"
    PANEL_REPORT = "panel_report", "Panel report asked for"


class AuditEvent(GuardedModel):
    """Who did what, when and from where. Append-only: never edited or deleted."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The name typed at a failed sign-in, which may match no account.
    username = models.CharField(max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    detail = models.TextField(blank=True)

    objects = GuardedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.username}"
