"""The pure rules of quality assurance, without the database: the feedback
threshold and its arithmetic, quarters, the seeded draw, counting grades,
the recorded balance of functions."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supervisiondesk.privacy.rules import FEEDBACK_MIN_RESPONSES, feedback_aggregate_allowed
from supervisiondesk.quality.arithmetic import (
    NotEnoughRecords,
    Period,
    draw,
    grade_counts,
    largest_remainder,
    period_closed,
    quarter_from_key,
    quarter_of,
    quarters_up_to,
    recorded_balance,
    statement_scores,
)

STATEMENTS = ("preparation", "child_focus", "reflection", "support", "clear_actions")

# ---------------------------------------------------------------- the threshold


@pytest.mark.parametrize("count,shown", [(0, False), (1, False), (4, False), (5, True), (6, True)])
def test_aggregates_need_five_responses(count: int, shown: bool) -> None:
    assert FEEDBACK_MIN_RESPONSES == 5
    assert feedback_aggregate_allowed(count) is shown


ratings = st.lists(
    st.tuples(st.sampled_from(STATEMENTS), st.integers(min_value=1, max_value=5)), max_size=60
)


@given(ratings)
def test_a_score_is_shown_exactly_over_enough_ratings_and_is_their_mean(rows) -> None:
    scores = statement_scores(rows, STATEMENTS, allowed=feedback_aggregate_allowed)
    assert [s.statement for s in scores] == list(STATEMENTS)
    for score in scores:
        mine = [value for statement, value in rows if statement == score.statement]
        if len(mine) >= FEEDBACK_MIN_RESPONSES:
            assert score.shown and score.count == len(mine)
            assert score.mean == round(sum(mine) / len(mine), 1)
            assert 1 <= score.mean <= 5
        else:
            # Never a partial figure: neither the mean nor the count.
            assert not score.shown and score.mean is None and score.count is None


@given(ratings, st.sampled_from(STATEMENTS), st.integers(min_value=1, max_value=5))
def test_one_more_rating_never_reveals_itself_below_the_threshold(rows, statement, value) -> None:
    """Below the threshold before and after one more response, nothing moves
    on the page, so the response cannot be read off by difference."""
    before = statement_scores(rows, STATEMENTS, allowed=feedback_aggregate_allowed)
    after = statement_scores(
        [*rows, (statement, value)], STATEMENTS, allowed=feedback_aggregate_allowed
    )
    count = sum(1 for s, _v in rows if s == statement)
    if count + 1 < FEEDBACK_MIN_RESPONSES:
        assert before == after


# ---------------------------------------------------------------- quarters


@pytest.mark.parametrize(
    "day,start,end,key",
    [
        (date(2026, 1, 1), date(2026, 1, 1), date(2026, 3, 31), "2026-Q1"),
        (date(2026, 5, 20), date(2026, 4, 1), date(2026, 6, 30), "2026-Q2"),
        (date(2024, 9, 30), date(2024, 7, 1), date(2024, 9, 30), "2024-Q3"),
        (date(2026, 12, 31), date(2026, 10, 1), date(2026, 12, 31), "2026-Q4"),
    ],
)
def test_quarters(day: date, start: date, end: date, key: str) -> None:
    period = quarter_of(day)
    assert (period.start, period.end, period.key) == (start, end, key)
    assert quarter_from_key(key) == period


@pytest.mark.parametrize("key", ["", "2026", "2026-Q5", "x-Q1", "2026-Q0", "99999-Q1"])
def test_a_bad_quarter_key_is_none(key: str) -> None:
    assert quarter_from_key(key) is None


def test_quarters_up_to_count_back_without_gaps() -> None:
    periods = quarters_up_to(date(2026, 2, 10), 4)
    assert [p.key for p in periods] == ["2026-Q1", "2025-Q4", "2025-Q3", "2025-Q2"]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_falls_in_exactly_its_quarter(day: date) -> None:
    period = quarter_of(day)
    assert period.covers(day)
    assert (period.end - period.start).days in (89, 90, 91)


def test_a_quarter_closes_after_the_feedback_window() -> None:
    q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
    assert not period_closed(q1, today=date(2026, 4, 30), window_days=30)
    assert period_closed(q1, today=date(2026, 5, 1), window_days=30)


# ---------------------------------------------------------------- drawing a sample


def test_the_same_seed_draws_the_same_records_and_another_seed_others() -> None:
    records = list(range(100))
    first = draw(records, 10, seed=42)
    assert draw(records, 10, seed=42) == first
    assert len(set(first)) == 10 and set(first) <= set(records)
    assert draw(records, 10, seed=43) != first


@given(st.integers(min_value=0, max_value=40), st.integers(min_value=1, max_value=40))
def test_a_draw_refuses_to_hold_fewer_records_than_asked(available: int, size: int) -> None:
    records = list(range(available))
    if available < size:
        with pytest.raises(NotEnoughRecords) as error:
            draw(records, size, seed=1)
        assert (error.value.available, error.value.asked) == (available, size)
    else:
        assert len(draw(records, size, seed=1)) == size


def test_a_sample_holds_one_record_at_least() -> None:
    with pytest.raises(ValueError):
        draw([1, 2], 0, seed=1)


# ---------------------------------------------------------------- counting grades


def test_grade_counts_count_each_value_on_the_scale_only() -> None:
    grades = [
        {"risk_talk": "good", "curiosity": "outstanding"},
        {"risk_talk": "good", "curiosity": "inadequate"},
        {"risk_talk": "nonsense"},
    ]
    table = grade_counts(grades, ["risk_talk", "curiosity"], ["inadequate", "good", "outstanding"])
    assert table == {
        "risk_talk": {"inadequate": 0, "good": 2, "outstanding": 0},
        "curiosity": {"inadequate": 1, "good": 0, "outstanding": 1},
    }


# ---------------------------------------------------------------- balance of functions


FUNCTIONS = ("managerial", "development", "support", "mediation")


def test_recorded_balance_shares_each_session_between_its_functions() -> None:
    sessions = [["managerial", "support"], ["managerial"], ["managerial", "development"], []]
    # managerial 0.5 + 1 + 0.5 = 2, support 0.5, development 0.5 of 3.
    assert recorded_balance(sessions, FUNCTIONS) == {
        "managerial": 67,
        "development": 17,
        "support": 16,
        "mediation": 0,
    }
    assert recorded_balance([[], ["unknown"]], FUNCTIONS) == dict.fromkeys(FUNCTIONS, 0)


@given(st.lists(st.lists(st.sampled_from(FUNCTIONS), max_size=4), min_size=1, max_size=30))
def test_recorded_balance_adds_up_to_100_when_anything_is_recorded(sessions) -> None:
    shares = recorded_balance(sessions, FUNCTIONS)
    assert sum(shares.values()) == (100 if any(sessions) else 0)
    assert all(0 <= value <= 100 for value in shares.values())


@given(st.lists(st.floats(min_value=0, max_value=1000), min_size=1, max_size=8))
def test_largest_remainder_keeps_the_total_and_moves_each_share_by_less_than_one(values) -> None:
    total = sum(values)
    if total == 0:
        return
    shares = {f"k{n}": v * 100 / total for n, v in enumerate(values)}
    rounded = largest_remainder(shares)
    assert sum(rounded.values()) == 100
    assert all(abs(rounded[k] - shares[k]) < 1 for k in shares)
