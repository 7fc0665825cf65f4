"""References written the way an office writes them: patterns, checked and read.

Pure functions, with no models, so that settings can check REFERENCE_FORMAT with
the same rules the admin applies to a numbering series.
"""

import datetime
import re
import string

from django.conf import settings
from django.db import models

# Long enough for any real reference, and the longest Decision.reference holds.
REFERENCE_MAX_LENGTH = 40
FIELDS = {"number", "year", "financial_year"}
PATTERN_HELP = (
    "The reference as it is written, with {number} where the number goes, e.g. "
    "'PCD {number}', '{number:03d}/{year}' or '{financial_year}-{number:03d}'. "
    "{number:03d} pads the number to three digits; {year} is the year of signing; "
    "{financial_year} is written like 2024/25."
)


class Period(models.TextChoices):
    CALENDAR_YEAR = "calendar_year", "Starts again at 1 each calendar year"
    FINANCIAL_YEAR = "financial_year", "Starts again at 1 each financial year"
    CONTINUOUS = "continuous", "Never starts again"


# What a series that starts again must show, or two years would share references.
_PERIOD_NEEDS = {
    Period.CALENDAR_YEAR: ("year", "{year}"),
    Period.FINANCIAL_YEAR: ("financial_year", "{financial_year}"),
}


def financial_year_start(day: datetime.date) -> int:
    """The calendar year in which the financial year holding `day` began."""
    starts_in = settings.FINANCIAL_YEAR_START_MONTH
    return day.year if day.month >= starts_in else day.year - 1


def format_reference(pattern: str, number: int, day: datetime.date) -> str:
    start = financial_year_start(day)
    return pattern.format(
        number=number, year=day.year, financial_year=f"{start}/{(start + 1) % 100:02d}"
    )


def pattern_fields(pattern: str) -> list[tuple[str, str]]:
    """(field name, format spec) of every {…} in the pattern; ValueError if malformed."""
    return [
        (name, spec) for _, name, spec, _ in string.Formatter().parse(pattern) if name is not None
    ]


def pattern_problem(pattern: str, period: str) -> str | None:
    """Why this pattern cannot number a series, in words an administrator can act on."""
    try:
        fields = pattern_fields(pattern)
    except ValueError:
        return "The pattern has an unmatched { or }. Write {number} where the number goes."
    unknown = sorted({name for name, _ in fields} - FIELDS)
    if unknown:
        return (
            f"The pattern uses {{{unknown[0]}}}, which is not known here. Use only {{number}}, "
            "{year} and {financial_year}."
        )
    if "number" not in {name for name, _ in fields}:
        return "The pattern must contain {number}, where each decision's number goes."
    needed = _PERIOD_NEEDS.get(period)
    if needed and needed[0] not in {name for name, _ in fields}:
        return (
            f"A series that starts again each {Period(period).label.split('each ')[1]} must "
            f"show {needed[1]} in its pattern, or two years would share references."
        )
    try:
        longest = pattern.format(number=99999, year=2099, financial_year="2099/00")
    except (ValueError, TypeError):
        return "The format after {number: must be one for whole numbers, such as 03d."
    if len(longest) > REFERENCE_MAX_LENGTH:
        return f"References in this pattern would be longer than {REFERENCE_MAX_LENGTH} characters."
    return None


def _literal(text: str) -> str:
    # Offices write the same reference with or without spaces ("PCD1861") and with a
    # hyphen or an en dash ("3 - 2013", "3 – 2013"): match any of them.
    out = []
    for char in text:
        if char.isspace():
            out.append(r"\s*")
        elif char in "-\u2013\u2014":
            out.append(r"\s*[-\u2013\u2014]\s*")
        else:
            out.append(re.escape(char))
    return "".join(out)


_FIELD_REGEX = {
    "number": r"(?P<number>\d+)",
    "year": r"(?P<year>\d{4})",
    "financial_year": r"(?P<financial_year>\d{4})/\d{2}",
}


def pattern_regex(pattern: str) -> re.Pattern:
    parts, seen = [], set()
    for literal, name, _spec, _conversion in string.Formatter().parse(pattern):
        parts.append(_literal(literal))
        if name is not None:
            # A field written twice is matched the second time by a back-reference.
            parts.append(f"(?P={name})" if name in seen else _FIELD_REGEX[name])
            seen.add(name)
    return re.compile(r"\s*" + "".join(parts) + r"\s*", re.IGNORECASE)
