"""What the register never lets change, declared once.

GUARDS names every guarded model and the rule it keeps. Two things enforce it:

- the Python guard in this module (a signal before every save and delete, and
  the guarded queryset's update()), which refuses with a message a person can act on;
- on PostgreSQL, database triggers generated from this same declaration
  (``decisions.db_guards``), the last line against raw SQL and TRUNCATE.

SQLite, the embedded default, keeps no triggers: there the Python guard is the
only line, which is why the raw-SQL tests run on PostgreSQL.
"""

from dataclasses import dataclass
from enum import Enum

from django.apps import apps
from django.db import models
from django.db.models.signals import pre_delete, pre_save

# A decision in one of these states has been signed, and so is on the public register.
SIGNED_STATES = ("signed", "withdrawn")
# Entries from an earlier register that are not published notices (deferred, withdrawn
# before signature, not published): on the public register with their reason only.
ENTRY_STATES = ("deferred", "withdrawn_unsigned", "not_published")
# Never changed again, by anyone: what is on the public register.
FROZEN_STATES = SIGNED_STATES + ENTRY_STATES
# A signed decision's only change is its withdrawal, which sets these (and nothing else).
WITHDRAWAL_COLUMNS = ("status", "withdrawn_at", "withdrawal_reason", "updated_at")
# What search reads, derived from the published notices and not part of the record (the
# notice versions and their PDFs are): a later version (an amendment, a withdrawal, a
# released part) adds its words here, so these alone may change on a signed decision.
SEARCH_COLUMNS = ("search_document", "search_vector")


class Rule(Enum):
    SIGNED_DECISION = "never changes once signed, except by a signed withdrawal"
    PART_OF_SIGNED = "never added, changed or deleted once its decision is signed"
    SIGNED_AMENDMENT = "never changes once signed"
    APPEND_ONLY = "is only ever added to"


@dataclass(frozen=True)
class Guard:
    model: str  # "app_label.ModelName"
    rule: Rule
    parent: str = ""  # for PART_OF_SIGNED: the column naming the decision


GUARDS = (
    Guard("decisions.Decision", Rule.SIGNED_DECISION),
    Guard("decisions.Section", Rule.PART_OF_SIGNED, "decision_id"),
    Guard("decisions.ConfidentialPart", Rule.PART_OF_SIGNED, "decision_id"),
    Guard("decisions.GatewayRow", Rule.PART_OF_SIGNED, "decision_id"),
    Guard("decisions.BackgroundPaper", Rule.PART_OF_SIGNED, "decision_id"),
    Guard("decisions.Annex", Rule.PART_OF_SIGNED, "decision_id"),
    Guard("decisions.DecisionLink", Rule.PART_OF_SIGNED, "from_decision_id"),
    Guard("decisions.Amendment", Rule.SIGNED_AMENDMENT),
    Guard("decisions.NoticeVersion", Rule.APPEND_ONLY),
    Guard("decisions.NoticeDocument", Rule.APPEND_ONLY),
    Guard("decisions.LogEntry", Rule.APPEND_ONLY),
    Guard("decisions.AuditEvent", Rule.APPEND_ONLY),
    Guard("decisions.ReleaseReview", Rule.APPEND_ONLY),
    Guard("decisions.ReviewReminder", Rule.APPEND_ONLY),
)


def history_models(app_configs=None):
    """Every history table of the app: each is append-only, like the audit log."""
    config = (app_configs or apps).get_app_config("decisions")
    return [m for m in config.get_models() if m.__name__.startswith("Historical")]


def all_guards(app_registry=None) -> list[tuple[type[models.Model], Guard]]:
    registry = app_registry or apps
    guarded = [(registry.get_model(g.model), g) for g in GUARDS]
    guarded += [
        (model, Guard(model._meta.label, Rule.APPEND_ONLY)) for model in history_models(registry)
    ]
    return guarded


class FrozenRecordError(Exception):
    """Raised on any attempt to change what the register keeps for ever."""


class FrozenDecisionError(FrozenRecordError):
    def __init__(self, reference: str | None = None):
        ref = f" {reference}" if reference else ""
        super().__init__(
            f"Decision{ref} has been signed, so its notice can no longer be changed. "
            "To correct it, propose an amendment; to withdraw it, propose a withdrawal. "
            "The Commissioner signs either, and both are published beside the original."
        )


# --- The Python guard ----------------------------------------------------------


def _signed_reference(decision_id) -> str | None:
    """The reference of this decision if it is signed, else None."""
    from decisions.models.decision import Decision

    row = (
        Decision.objects.filter(pk=decision_id, status__in=FROZEN_STATES)
        .values_list("reference", flat=True)
        .first()
    )
    return row


def _stored(instance):
    return type(instance)._base_manager.filter(pk=instance.pk).values().first()


def _is_signed_withdrawal(stored: dict, instance) -> bool:
    from decisions.models.parts import Amendment, AmendmentKind

    if not (stored["status"] == "signed" and instance.status == "withdrawn"):
        return False
    unchanged = all(
        getattr(instance, field.attname) == stored[field.attname]
        for field in instance._meta.concrete_fields
        if field.attname not in WITHDRAWAL_COLUMNS
    )
    return (
        unchanged
        and Amendment.objects.filter(
            decision_id=instance.pk,
            kind=AmendmentKind.WITHDRAWAL,
            signed_at__isnull=False,
            change_note=instance.withdrawal_reason,
        ).exists()
    )


def _only_search_changed(stored: dict, instance, update_fields) -> bool:
    """Only the search columns are saved, and nothing else differs. A whole save() never
    qualifies: it also writes updated_at (auto_now), which PostgreSQL's guard refuses."""
    if update_fields is None or not set(update_fields) <= set(SEARCH_COLUMNS):
        return False
    return stored["status"] == instance.status and all(
        getattr(instance, field.attname) == stored[field.attname]
        for field in instance._meta.concrete_fields
        if field.attname not in SEARCH_COLUMNS
    )


def refuse_save(instance, guard: Guard, update_fields=None) -> None:
    """Raise FrozenRecordError if saving `instance` would break its guard's rule."""
    adding = instance._state.adding or instance.pk is None
    rule = guard.rule
    if rule is Rule.SIGNED_DECISION:
        if adding:
            if instance.status in FROZEN_STATES:
                raise FrozenRecordError(
                    "A decision is signed by the workflow, never created signed."
                )
            return
        stored = _stored(instance)
        if (
            stored
            and stored["status"] in FROZEN_STATES
            and not _is_signed_withdrawal(stored, instance)
            and not _only_search_changed(stored, instance, update_fields)
        ):
            raise FrozenDecisionError(stored["reference"])
    elif rule is Rule.PART_OF_SIGNED:
        parents = {getattr(instance, guard.parent)}
        if not adding and (stored := _stored(instance)):
            parents.add(stored[guard.parent])
        for parent in parents:
            if parent and (reference := _signed_reference(parent)):
                raise FrozenDecisionError(reference)
    elif rule is Rule.SIGNED_AMENDMENT:
        if adding and instance.signed_at is not None:
            raise FrozenRecordError("An amendment is signed by the workflow, never created signed.")
        if not adding and (stored := _stored(instance)) and stored["signed_at"] is not None:
            raise FrozenRecordError("This amendment is signed and published, so it never changes.")
    elif rule is Rule.APPEND_ONLY and not adding:
        raise FrozenRecordError(f"{instance._meta.verbose_name} rows are never changed.")


def guard_for(model) -> Guard:
    return next(guard for guarded, guard in all_guards() if guarded is model)


def refuse_delete(instance, guard: Guard | None = None) -> None:
    guard = guard or guard_for(type(instance))
    rule = guard.rule
    if rule is Rule.SIGNED_DECISION and instance.status in FROZEN_STATES:
        raise FrozenDecisionError(instance.reference)
    if rule is Rule.PART_OF_SIGNED and (
        reference := _signed_reference(getattr(instance, guard.parent))
    ):
        raise FrozenDecisionError(reference)
    if rule is Rule.SIGNED_AMENDMENT and instance.signed_at is not None:
        raise FrozenRecordError("This amendment is signed and published, so it is never deleted.")
    if rule is Rule.APPEND_ONLY:
        raise FrozenRecordError(f"{instance._meta.verbose_name} rows are never deleted.")


class GuardedModel(models.Model):
    """A guarded model refuses deletion before Django opens its delete transaction, so a
    refusal leaves the caller's transaction usable (pre_delete fires inside it)."""

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        refuse_delete(self)
        return super().delete(*args, **kwargs)


class GuardedQuerySet(models.QuerySet):
    """update() and delete() write many rows at once, without save(): each is checked
    here, against the same rules, before Django's own checks."""

    def _refuse_bulk(self, moving_to=None):
        guard = guard_for(self.model)
        if guard.rule in (Rule.APPEND_ONLY, Rule.SIGNED_AMENDMENT):
            sealed = (
                self
                if guard.rule is not Rule.SIGNED_AMENDMENT
                else self.filter(signed_at__isnull=False)
            )
            if sealed.exists():
                raise FrozenRecordError(
                    f"{self.model._meta.verbose_name} rows are never changed or deleted."
                )
        elif guard.rule is Rule.SIGNED_DECISION:
            signed = self.filter(status__in=FROZEN_STATES)
            if signed.exists():
                raise FrozenDecisionError(signed.values_list("reference", flat=True).first())
        elif guard.rule is Rule.PART_OF_SIGNED:
            parents = [*self.values_list(guard.parent, flat=True).distinct(), moving_to]
            for parent in parents:
                if parent and (reference := _signed_reference(parent)):
                    raise FrozenDecisionError(reference)

    def update(self, **kwargs):
        guard = guard_for(self.model)
        if guard.rule is Rule.SIGNED_DECISION and set(kwargs) <= set(SEARCH_COLUMNS):
            return super().update(**kwargs)
        moving_to = None
        if guard.parent:
            moving_to = kwargs.get(guard.parent, kwargs.get(guard.parent.removesuffix("_id")))
        self._refuse_bulk(moving_to=getattr(moving_to, "pk", moving_to))
        return super().update(**kwargs)

    update.alters_data = True

    def delete(self):
        self._refuse_bulk()
        return super().delete()

    delete.alters_data = True


def connect():
    """Check every save and delete of every guarded model (called when the app is ready)."""
    for model, guard in all_guards():

        def before_save(sender, instance, guard=guard, update_fields=None, **kwargs):
            refuse_save(instance, guard, update_fields)

        def before_delete(sender, instance, guard=guard, **kwargs):
            refuse_delete(instance, guard)

        uid = f"freeze-{model._meta.label_lower}"
        pre_save.connect(before_save, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        pre_delete.connect(before_delete, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
