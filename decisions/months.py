"""Months as the notices print them: a gateway milestone is a month, "July-2013"."""

import datetime
import re

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        datetime.date(2000, number, 1).strftime("%B").lower(),
        datetime.date(2000, number, 1).strftime("%b").lower(),
    )
}
_MONTH_YEAR = re.compile(r"^\s*([a-z]+)\.?[\s\-/]*(\d{4})\s*$", re.IGNORECASE)
_YEAR_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-\d{1,2})?\s*$")


def parse_month(value: str) -> datetime.date | None:
    """'July-2013', 'Jul 2013', '2013-07' or '2013-07-01' -> 1 July 2013."""
    if match := _MONTH_YEAR.match(value):
        month = _MONTHS.get(match.group(1).lower())
        year = int(match.group(2))
    elif match := _YEAR_MONTH.match(value):
        year, month = int(match.group(1)), int(match.group(2))
    else:
        return None
    if month is None or not 1 <= month <= 12 or not 1900 <= year <= 2200:
        return None
    return datetime.date(year, month, 1)
