"""Interval arithmetic (compliance.md section 2), with month-end clamping."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supervisiondesk.compliance.intervals import (
    Interval,
    IntervalError,
    add_months,
    parse_interval,
)


@pytest.mark.parametrize(
    ("start", "interval", "expected"),
    [
        ("2026-01-31", "1m", "2026-02-28"),  # the spec's example
        ("2024-01-31", "1m", "2024-02-29"),  # leap year
        ("2026-03-31", "1m", "2026-04-30"),
        ("2025-12-31", "2m", "2026-02-28"),  # across the year end
        ("2024-02-29", "12m", "2025-02-28"),
        ("2026-01-15", "3m", "2026-04-15"),
        ("2026-11-30", "3m", "2027-02-28"),
        ("2026-01-05", "6w", "2026-02-16"),
        ("2026-03-02", "7d", "2026-03-09"),
        ("2026-02-20", "14d", "2026-03-06"),
    ],
)
def test_an_interval_after_a_date(start: str, interval: str, expected: str) -> None:
    after = parse_interval(interval).after(date.fromisoformat(start))
    assert after == date.fromisoformat(expected)


@pytest.mark.parametrize(
    "text", ["fortnight", "0d", "07d", "7", "d7", "1y", "1 m", "-1m", "", "1M", 7, None]
)
def test_what_is_not_an_interval(text: object) -> None:
    with pytest.raises(IntervalError):
        parse_interval(text)


def test_intervals_read_and_print_back() -> None:
    assert parse_interval("12m") == Interval(12, "m")
    assert str(parse_interval("6w")) == "6w"
    assert parse_interval("1m").describe() == "1 month"
    assert parse_interval("14d").describe() == "14 days"


days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))
months = st.integers(min_value=1, max_value=36)


@given(days, months)
def test_months_keep_the_day_or_clamp_to_the_months_end(day: date, n: int) -> None:
    after = add_months(day, n)
    assert (after.year * 12 + after.month) - (day.year * 12 + day.month) == n
    if after.day != day.day:  # clamped: the target month is shorter
        assert after.day < day.day
        assert (after + timedelta(days=1)).day == 1


@given(days, days, months)
def test_adding_months_never_reverses_the_order_of_dates(a: date, b: date, n: int) -> None:
    early, late = sorted([a, b])
    assert add_months(early, n) <= add_months(late, n)


@given(days, months, months)
def test_months_add_up_except_where_clamping_loses_days(day: date, m: int, n: int) -> None:
    stepwise, at_once = add_months(add_months(day, m), n), add_months(day, m + n)
    assert stepwise <= at_once
    if day.day <= 28:
        assert stepwise == at_once


@given(days, st.integers(min_value=1, max_value=400))
def test_days_and_weeks_are_exact(day: date, n: int) -> None:
    assert Interval(n, "d").after(day) - day == timedelta(days=n)
    assert Interval(n, "w").after(day) - day == timedelta(weeks=n)
