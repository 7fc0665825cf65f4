"""What signing freezes, and the guards that hold it frozen in Python.

On PostgreSQL a trigger holds the same line in the database (migration 0003),
so even raw SQL cannot change a signed notice.
"""


class FrozenDecisionError(Exception):
    """Raised on any attempt to change the content of a signed decision."""

    def __init__(self, reference: str | None = None):
        ref = f" {reference}" if reference else ""
        super().__init__(
            f"Decision{ref} has been signed, so its notice can no longer be changed. "
            "To correct it, propose an amendment; to withdraw it, propose a withdrawal. "
            "The Commissioner signs either, and both are published beside the original."
        )


# The only columns of a signed decision that may still change: withdrawal sets
# them; updated_at moves with it.
WORKFLOW_FIELDS = frozenset({"status", "withdrawn_at", "withdrawal_reason", "updated_at"})


class FrozenWithDecisionMixin:
    """For a notice's parts: no adding, changing or deleting once the decision is signed."""

    def _refuse_if_decision_signed(self):
        from decisions.models.decision import SIGNED_STATES, Decision

        signed = Decision.objects.filter(pk=self.decision_id, status__in=SIGNED_STATES)
        if self.decision_id and signed.exists():
            raise FrozenDecisionError(signed.values_list("reference", flat=True).first())

    def save(self, *args, **kwargs):
        self._refuse_if_decision_signed()
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_decision_signed()
        return super().delete(*args, **kwargs)
