"""The arithmetic of quality assurance, pure Python (no Django): feedback
periods and scores, drawing a sample, counting grades, the balance of
functions. The rules of who may see a figure stay in `privacy.rules`; the
functions here take them as arguments, so they are tested without a database.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

# ---------------------------------------------------------------- periods


@dataclass(frozen=True, order=True)
class Period:
    """A calendar quarter (inclusive dates). Feedback is summed over fixed,
    non-overlapping quarters only: two overlapping windows would let a
    reader subtract one figure from another and isolate a single response."""

    start: date
    end: date

    @property
    def key(self) -> str:
        return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def quarter_of(day: date) -> Period:
    first_month = (day.month - 1) // 3 * 3 + 1
    start = date(day.year, first_month, 1)
    if first_month == 10:
        end = date(day.year, 12, 31)
    else:
        end = date(day.year, first_month + 3, 1) - timedelta(days=1)
    return Period(start, end)


def quarter_from_key(key: str) -> Period | None:
    """`2026-Q1` -> its period; None for anything else."""
    year, _sep, quarter = key.partition("-Q")
    if not (year.isdigit() and quarter in {"1", "2", "3", "4"} and 1900 < int(year) < 3000):
        return None
    return quarter_of(date(int(year), (int(quarter) - 1) * 3 + 1, 1))


def quarters_up_to(day: date, count: int) -> list[Period]:
    """The quarter of `day` and the `count - 1` before it, latest first."""
    periods = [quarter_of(day)]
    while len(periods) < count:
        periods.append(quarter_of(periods[-1].start - timedelta(days=1)))
    return periods


def feedback_closes_on(period: Period, window_days: int) -> date:
    """The last day feedback on a session of `period` can be given."""
    return period.end + timedelta(days=window_days)


def period_closed(period: Period, *, today: date, window_days: int) -> bool:
    """No response can still arrive: its figures will not move again, so
    showing them cannot reveal the next response by difference."""
    return today > feedback_closes_on(period, window_days)


# ---------------------------------------------------------------- feedback scores


@dataclass(frozen=True)
class Score:
    """One statement's aggregate: `count` and `mean` are None when there are
    too few responses to show (never a partial figure)."""

    statement: str
    count: int | None
    mean: float | None

    @property
    def shown(self) -> bool:
        return self.mean is not None


def statement_scores(
    ratings: Iterable[tuple[str, int]],
    statements: Sequence[str],
    *,
    allowed: Callable[[int], bool],
) -> list[Score]:
    """Per statement, the mean of its ratings (one decimal) and their count,
    each only where `allowed(count)`."""
    totals: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for statement, score in ratings:
        totals[statement] += score
        counts[statement] += 1
    scores = []
    for statement in statements:
        count = counts[statement]
        if count and allowed(count):
            scores.append(Score(statement, count, round(totals[statement] / count, 1)))
        else:
            scores.append(Score(statement, None, None))
    return scores


# ---------------------------------------------------------------- audit samples


class NotEnoughRecords(ValueError):
    def __init__(self, available: int, asked: int) -> None:
        super().__init__(f"{available} records to draw from, {asked} asked for")
        self.available = available
        self.asked = asked


def draw[T](candidates: Sequence[T], size: int, seed: int) -> list[T]:
    """`size` of the candidates at random, the same ones for the same seed
    and candidates (give them in a stable order). Refuses to draw fewer."""
    if size < 1:
        raise ValueError("a sample holds at least one record")
    if len(candidates) < size:
        raise NotEnoughRecords(len(candidates), size)
    return random.Random(seed).sample(list(candidates), size)


def grade_counts(
    grades: Iterable[Mapping[str, str]], keys: Sequence[str], scale: Sequence[str]
) -> dict[str, dict[str, int]]:
    """For each key (a domain or a standard), how many records got each
    value of the scale; values not on the scale are not counted."""
    table = {key: dict.fromkeys(scale, 0) for key in keys}
    for grade in grades:
        for key in keys:
            value = grade.get(key)
            if value in table[key]:
                table[key][value] += 1
    return table


# ---------------------------------------------------------------- balance of functions


def recorded_balance(
    sessions_functions: Iterable[Sequence[str]], functions: Sequence[str]
) -> dict[str, int]:
    """Each function's share (whole percent) of the functions recorded over
    the sessions: a session covering three functions counts a third to
    each. All zero when nothing was recorded."""
    weights = dict.fromkeys(functions, 0.0)
    for covered in sessions_functions:
        ours = [f for f in dict.fromkeys(covered) if f in weights]
        for function in ours:
            weights[function] += 1 / len(ours)
    total = sum(weights.values())
    if not total:
        return dict.fromkeys(functions, 0)
    return largest_remainder({f: w * 100 / total for f, w in weights.items()})


def largest_remainder(shares: Mapping[str, float]) -> dict[str, int]:
    """Whole percentages that add up to 100 (or 0), rounding the way that
    changes each share least."""
    floors = {key: int(value) for key, value in shares.items()}
    left = round(sum(shares.values())) - sum(floors.values())
    by_remainder = sorted(shares, key=lambda key: (floors[key] - shares[key], key))
    for key in by_remainder[: max(left, 0)]:
        floors[key] += 1
    return floors
