"""How an office numbers its decisions: one or more series, held in the database.

Offices number their decisions in very different ways ("005/2022", "PCD 1861",
"WPCC3-0049", "2024/25-017"), and some keep several series at once (the
Commissioner's decisions and a chief executive's). A series is a pattern and a
period after which its numbers start again.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from simple_history.models import HistoricalRecords

from decisions.references import (
    PATTERN_HELP,
    Period,
    financial_year_start,
    format_reference,
    pattern_problem,
    pattern_regex,
)


class NumberingSeriesQuerySet(models.QuerySet):
    def default(self) -> "NumberingSeries":
        """The series a new draft is numbered in: the one marked default, or, on a new
        register, one made from the REFERENCE_FORMAT setting."""
        series = self.filter(is_default=True).first()
        if series is not None:
            return series
        with transaction.atomic():
            series, _ = self.get_or_create(
                name="Decisions",
                defaults={
                    "pattern": settings.REFERENCE_FORMAT,
                    "period": Period.CALENDAR_YEAR,
                    "is_default": True,
                },
            )
        return series


class NumberingSeries(models.Model):
    """A series of references: the pattern they are written in and when they restart."""

    name = models.CharField(
        max_length=100,
        unique=True,
        help_text="What staff call it, e.g. 'The Commissioner's decisions'.",
    )
    pattern = models.CharField(max_length=60, help_text=PATTERN_HELP)
    period = models.CharField(
        "numbering", max_length=20, choices=Period.choices, default=Period.CALENDAR_YEAR
    )
    is_default = models.BooleanField(
        "new drafts use this series",
        default=False,
        help_text="A draft can be moved to another series before it is signed.",
    )

    objects = NumberingSeriesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "numbering series"
        verbose_name_plural = "numbering series"
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_numbering_series",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, **kwargs):  # Django 5.1 deprecated save()'s positional arguments
        with transaction.atomic():
            if self.is_default:
                # One default at a time: choosing this one un-chooses the other.
                NumberingSeries.objects.filter(is_default=True).exclude(pk=self.pk).update(
                    is_default=False
                )
            super().save(**kwargs)

    def clean(self):
        problem = pattern_problem(self.pattern, self.period)
        if problem:
            raise ValidationError({"pattern": problem})

    def period_of(self, day: datetime.date) -> int:
        """Which run of numbers a decision signed on `day` belongs to (0: the only one)."""
        if self.period == Period.CALENDAR_YEAR:
            return day.year
        if self.period == Period.FINANCIAL_YEAR:
            return financial_year_start(day)
        return 0

    def reference(self, number: int, day: datetime.date) -> str:
        return format_reference(self.pattern, number, day)

    def next_reference(self, day: datetime.date) -> tuple[int, int, str]:
        """(period, number, reference) of the next decision of this series signed on
        `day`: one more than the highest number of its run, imported ones included.
        Signing calls this with the series row locked, so no two signings share it."""
        period = self.period_of(day)
        run = self.decisions.filter(reference_period=period)
        number = (run.aggregate(highest=models.Max("reference_number"))["highest"] or 0) + 1
        # A reference already written the same way elsewhere (in another series, or
        # recorded from the earlier register without a number) is stepped over.
        while self.decisions.model.objects.filter(reference=self.reference(number, day)).exists():
            number += 1
        return period, number, self.reference(number, day)

    def read(self, reference: str, day: datetime.date | None) -> tuple[int, int] | None:
        """(period, number) of a reference written in this series' pattern, such as one
        from the office's earlier register; None if it is not written that way."""
        match = pattern_regex(self.pattern).fullmatch(reference or "")
        if match is None:
            return None
        found = match.groupdict()
        if self.period == Period.CALENDAR_YEAR and found.get("year"):
            period = int(found["year"])
        elif self.period == Period.FINANCIAL_YEAR and found.get("financial_year"):
            period = int(found["financial_year"])
        elif self.period == Period.CONTINUOUS:
            period = 0
        elif day is not None:
            period = self.period_of(day)
        else:
            return None
        return period, int(found["number"])
