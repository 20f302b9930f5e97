"""The month calendar every engine and ledger shares: month starts from a base date."""

from __future__ import annotations

import datetime as dt


def month_starts(base_date: dt.date, months: int) -> tuple[dt.date, ...]:
    """First day of each of ``months`` months from the month containing ``base_date``."""
    out = []
    year, month = base_date.year, base_date.month
    for _ in range(months):
        out.append(dt.date(year, month, 1))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return tuple(out)
