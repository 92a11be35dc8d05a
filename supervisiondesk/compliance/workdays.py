"""Working days: Monday to Friday less a country's public holidays (compliance.md section 4).

Holidays come from the `holidays` library (pinned: the worked examples were
computed with 0.109). A country's calendar is built once per (country, year)
and kept: a national report asks for millions of deadlines over a handful of
countries and years, so each deadline is one dictionary look-up.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from functools import cache

import holidays

# Deadlines reach at most a few weeks past a session: a calendar that covers
# the session's year and the next is always long enough.
_YEARS_AHEAD = 1


@cache
def _holidays(country: str, year: int) -> frozenset[date]:
    code, _sep, subdivision = country.partition("-")
    table = holidays.country_holidays(code, subdiv=subdivision or None, years=year)
    return frozenset(table)


@cache
def _working_days(country: str, year: int) -> tuple[int, ...]:
    """The ordinals of the working days of `year` and the years after it."""
    days: list[int] = []
    for each_year in range(year, year + _YEARS_AHEAD + 1):
        off = _holidays(country, each_year)
        day = date(each_year, 1, 1)
        while day.year == each_year:
            if day.weekday() < 5 and day not in off:
                days.append(day.toordinal())
            day += timedelta(days=1)
    return tuple(days)


def is_working_day(country: str, day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(country, day.year)


@cache
def working_days_after(country: str, day: date, count: int) -> date:
    """The `count`-th working day after `day` in `country`; 0 is `day` itself.

    Cached: sessions fall on a few hundred distinct dates, so a national
    report computes each deadline once per country.
    """
    if count <= 0:
        return day
    year = day.year
    while True:
        days = _working_days(country, year)
        after = bisect_right(days, day.toordinal())
        if after + count - 1 < len(days):
            return date.fromordinal(days[after + count - 1])
        # More working days asked for than this calendar holds: go on from its end.
        count -= len(days) - after
        year += _YEARS_AHEAD + 1
        day = date(year - 1, 12, 31)
