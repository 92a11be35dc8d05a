"""The overlap rule, checked against a day-by-day brute force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from supervisiondesk.people.periods import first_overlap, overlaps

BASE = date(2026, 1, 1)


@dataclass(frozen=True)
class Span:
    start_date: date
    end_date: date | None


spans = st.builds(
    lambda s, length: Span(
        BASE + timedelta(s), None if length is None else BASE + timedelta(s + length)
    ),
    st.integers(0, 60),
    st.one_of(st.none(), st.integers(0, 20)),
)


def days(span: Span) -> set[date]:
    end = span.end_date or BASE + timedelta(100)
    return {span.start_date + timedelta(i) for i in range((end - span.start_date).days + 1)}


@given(spans, spans)
def test_overlaps_means_a_shared_day(a: Span, b: Span) -> None:
    assert overlaps(a.start_date, a.end_date, b.start_date, b.end_date) == bool(days(a) & days(b))


@given(st.lists(spans, max_size=6))
def test_first_overlap_finds_one_exactly_when_any_pair_shares_a_day(periods: list[Span]) -> None:
    any_pair = any(days(a) & days(b) for i, a in enumerate(periods) for b in periods[i + 1 :])
    found = first_overlap(periods)
    assert (found is not None) == any_pair
    if found:
        assert days(found[0]) & days(found[1])


def test_inclusive_ends_touching_is_an_overlap_and_next_day_is_not() -> None:
    assert overlaps(date(2026, 1, 1), date(2026, 1, 31), date(2026, 1, 31), None)
    assert not overlaps(date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 1), None)
