"""Date ranges with inclusive ends, as every period in the product has.

One place for the overlap rule, used by the models' `clean()` (pages, admin,
services) and by the folder import (rows not yet saved).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol


class HasPeriod(Protocol):
    start_date: date
    end_date: date | None


def overlaps(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    """True when two inclusive ranges share a day (`None` is an open end)."""
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def covers(start: date, end: date | None, day: date) -> bool:
    return start <= day and (end is None or day <= end)


def first_overlap[P: HasPeriod](periods: Iterable[P]) -> tuple[P, P] | None:
    """The first pair of overlapping periods by start date, or None."""
    ordered: Sequence[P] = sorted(periods, key=lambda p: p.start_date)
    latest_end_holder: P | None = None
    for period in ordered:
        if latest_end_holder is not None and overlaps(
            latest_end_holder.start_date,
            latest_end_holder.end_date,
            period.start_date,
            period.end_date,
        ):
            return latest_end_holder, period
        if latest_end_holder is None or (
            latest_end_holder.end_date is not None
            and (period.end_date is None or period.end_date > latest_end_holder.end_date)
        ):
            latest_end_holder = period
    return None
