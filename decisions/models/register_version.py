from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, models
from django.db.models import F
from django.utils import timezone


class RegisterVersion(models.Model):
    """One row: a number that changes whenever anything on the public register changes.

    Cached public pages are keyed by it, and it is bumped inside the same
    transaction as a signing, amendment or withdrawal, so once that commits no
    reader is served a page cached before it.
    """

    version = models.PositiveBigIntegerField(default=1)
    # When the register last changed: the Last-Modified of its exports and API.
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Register version {self.version}"

    @classmethod
    def current(cls) -> int:
        held = _held_for_request.get()
        if held is not None:
            return held
        # Read on every cached public page, so plain SQL: the ORM would add ~0.2 ms,
        # a third of a cached page's whole cost (measured by `make bench`).
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT version FROM {cls._meta.db_table} WHERE id = 1")  # noqa: S608
            row = cursor.fetchone()
        return row[0] if row else 0

    @classmethod
    @contextmanager
    def held_for_request(cls):
        """The version, read once for a reader's whole request: the page cache's key, the
        filter's ids and the filter choices then all name the same version, and an
        uncached register page reads it once, not four times. Only around a request
        that changes nothing (a reader's GET): a signing must read its own bump."""
        token = _held_for_request.set(cls.current())
        try:
            yield _held_for_request.get()
        finally:
            _held_for_request.reset(token)

    @classmethod
    def bump(cls, **signal_kwargs) -> None:
        """Call inside the transaction that changes anything the public register shows."""
        changed = {"version": F("version") + 1, "changed_at": timezone.now()}
        if not cls.objects.filter(pk=1).update(**changed):
            cls.objects.get_or_create(pk=1)

    @classmethod
    def last_changed(cls):
        """(version, when): what a program polling the register compares."""
        row = cls.objects.filter(pk=1).values_list("version", "changed_at").first()
        return row or (0, None)


# Set only inside RegisterVersion.held_for_request(); a ContextVar, so each thread or
# task serving a request has its own.
_held_for_request: ContextVar[int | None] = ContextVar("register_version", default=None)
