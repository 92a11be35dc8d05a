"""Intervals of supervision policies: `7d`, `6w`, `1m`, `12m` (compliance.md section 2).

`Nd` adds N days, `Nw` 7·N days, `Nm` N calendar months keeping the day of
the month and clamping to the month's last day (2026-01-31 + 1m = 2026-02-28).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

_INTERVAL = re.compile(r"([1-9][0-9]{0,3})([dwm])")
UNITS = {"d": "day", "w": "week", "m": "month"}


class IntervalError(ValueError):
    """Text that is not an interval such as `14d`, `6w` or `1m`."""


@dataclass(frozen=True, slots=True)
class Interval:
    count: int
    unit: str  # "d", "w" or "m"

    def __post_init__(self) -> None:
        if self.unit not in UNITS or self.count < 1:
            raise IntervalError(f"{self.count}{self.unit} is not an interval")

    def after(self, day: date) -> date:
        """The date this interval after `day`."""
        return _after(self.count, self.unit, day)

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"

    def describe(self) -> str:
        """`2 weeks`, `1 month`: for people, not for files."""
        word = UNITS[self.unit]
        return f"{self.count} {word}{'' if self.count == 1 else 's'}"


def parse_interval(text: object) -> Interval:
    """`14d` -> Interval(14, "d"); anything else raises `IntervalError`."""
    match = _INTERVAL.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise IntervalError(f"{text!r} is not an interval")
    return Interval(int(match.group(1)), match.group(2))


@cache
def _after(count: int, unit: str, day: date) -> date:
    # Cached: a national report asks for the same few intervals after the
    # same few hundred dates hundreds of thousands of times.
    if unit == "d":
        return day + timedelta(days=count)
    if unit == "w":
        return day + timedelta(days=7 * count)
    return add_months(day, count)


def add_months(day: date, months: int) -> date:
    """Calendar months, keeping the day of the month where the month has it."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))
