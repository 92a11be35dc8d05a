"""Drift signals' rules (pure: no database)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supervisiondesk.reports.drift import (
    ActionRow,
    carried_over,
    count_by,
    overdue,
    team_counts,
)

TODAY = date(2026, 11, 23)


def row(action_id: int = 1, *days: str, status="open", reason="", changed=None) -> ActionRow:
    sessions = tuple((n + 100, date.fromisoformat(day)) for n, day in enumerate(days))
    return ActionRow(action_id, status, reason, changed, sessions)


THREE = ("2026-08-01", "2026-09-01", "2026-10-01")


def test_an_open_action_on_three_held_sessions_is_carried_over() -> None:
    [found] = carried_over([row(1, *THREE)], today=TODAY)
    assert found.action_id == 1 and found.count == 3
    assert found.first == date(2026, 8, 1) and found.last == (102, date(2026, 10, 1))


@pytest.mark.parametrize(
    ("action", "why"),
    [
        (row(1, *THREE[:2]), "twice is not three times"),
        (row(1, *THREE, status="done"), "done"),
        (row(1, *THREE, status="dropped"), "no longer needed"),
        (
            row(1, *THREE, reason="Waiting for the GP"),
            "a reason for delay, given when is not known",
        ),
        (row(1, "2026-08-01", "2026-09-01", "2026-12-01"), "a session after today"),
        (row(1, *THREE, changed=date(2026, 8, 15)), "changed after the first session"),
    ],
)
def test_what_is_not_carried_over_unchanged(action: ActionRow, why: str) -> None:
    assert carried_over([action], today=TODAY) == [], why


def test_a_known_change_counts_only_the_sessions_after_it() -> None:
    action = row(1, "2026-06-01", *THREE, reason="Waiting", changed=date(2026, 7, 1))
    [found] = carried_over([action], today=TODAY)
    assert found.count == 3 and found.first == date(2026, 8, 1)


def test_a_session_counted_once_and_the_threshold_can_be_moved() -> None:
    twice = ActionRow(1, "open", "", None, ((7, date(2026, 8, 1)), (7, date(2026, 8, 1))))
    assert carried_over([twice], today=TODAY, threshold=2) == []
    assert carried_over([row(1, *THREE[:2])], today=TODAY, threshold=2)[0].count == 2


def test_most_carried_first() -> None:
    found = carried_over(
        [row(1, *THREE), row(2, "2026-07-01", *THREE), row(3, *THREE)], today=TODAY
    )
    assert [c.action_id for c in found] == [2, 1, 3]


@given(
    st.lists(st.integers(0, 400), max_size=8),
    st.sampled_from(["open", "done", "dropped"]),
    st.booleans(),
)
def test_flagged_exactly_when_three_sessions_so_far(days, status, reason) -> None:
    sessions = tuple((n, TODAY - timedelta(days=day - 60)) for n, day in enumerate(days))
    action = ActionRow(1, status, "late" if reason else "", None, sessions)
    so_far = sum(1 for _s, day in sessions if day <= TODAY)
    expected = status == "open" and not reason and so_far >= 3
    assert bool(carried_over([action], today=TODAY)) == expected


def test_overdue_and_counting_by_team() -> None:
    rows = [("a", "overdue"), ("b", "due"), ("c", "overdue"), ("d", "ok")]
    assert overdue(rows) == ["a", "c"]
    team = {"a": 1, "c": 2, "x": 1}
    counts = {"cases": count_by(overdue(rows), team.get), "actions": count_by(["x"], team.get)}
    assert team_counts(counts, [1, 2, 3]) == {
        1: {"actions": 1, "cases": 1, "records": 0},
        2: {"actions": 0, "cases": 1, "records": 0},
        3: {"actions": 0, "cases": 0, "records": 0},
    }
    assert count_by([], team.get) == Counter()
