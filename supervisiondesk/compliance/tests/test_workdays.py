"""Working days: Monday to Friday less the country's public holidays (holidays 0.109)."""

from __future__ import annotations

import time
from datetime import date

import pytest

from supervisiondesk.compliance.workdays import is_working_day, working_days_after


@pytest.mark.parametrize(
    ("country", "day", "count", "expected"),
    [
        # Easter 2026 in England: Good Friday 3 April and Easter Monday 6 April.
        ("GB-ENG", "2026-04-02", 1, "2026-04-07"),
        ("GB-ENG", "2026-03-31", 7, "2026-04-13"),
        # Scotland has Good Friday but not Easter Monday.
        ("GB-SCT", "2026-04-02", 1, "2026-04-06"),
        # 0 is the day itself, even on a weekend.
        ("GB-ENG", "2026-04-04", 0, "2026-04-04"),
        ("GB-ENG", "2026-04-04", 1, "2026-04-07"),
        # A Friday's next working day is Monday.
        ("UG", "2026-03-06", 1, "2026-03-09"),
        # Christmas and the New Year across the year end.
        ("GB-ENG", "2026-12-24", 1, "2026-12-29"),
        ("GB-ENG", "2026-12-31", 1, "2027-01-04"),
    ],
)
def test_working_days_after(country: str, day: str, count: int, expected: str) -> None:
    found = working_days_after(country, date.fromisoformat(day), count)
    assert found == date.fromisoformat(expected)


def test_holidays_differ_by_country() -> None:
    assert not is_working_day("GB-ENG", date(2026, 4, 6))  # Easter Monday
    assert is_working_day("GB-SCT", date(2026, 4, 6))
    assert not is_working_day("CO", date(2026, 4, 2))  # Holy Thursday in Colombia
    assert is_working_day("GB-ENG", date(2026, 4, 2))


def test_far_deadlines_run_past_the_calendar_built_first() -> None:
    # 600 working days is more than the two years built at once.
    assert working_days_after("GB-ENG", date(2026, 1, 1), 600) == date(2028, 5, 17)


def test_a_national_number_of_deadlines_is_fast() -> None:
    started = time.perf_counter()
    for n in range(200_000):
        working_days_after("GB-ENG", date(2026, 1, 1 + n % 28), n % 8)
    assert time.perf_counter() - started < 2.0
