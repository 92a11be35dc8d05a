"""Case histories, built backwards from the worker who holds a case today.

Both generators know who can hold a pool's cases (a team's practitioners)
over time, as tenures: a worker's time in the team, from joining (or the
start of the history) to leaving or moving on. A case's history starts from
its holder on its last day (today for an open case) and walks back: the
holder took the case on the later of the case's opening and their own
arrival (or on a handover date), and before that a colleague who was in
the pool that day held it. Periods therefore meet with no gap and never
overlap, and every worker is in post for every day they hold a case, by
construction. Days are ordinals (`date.toordinal()`): cheap to compare and
add at national scale.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Hashable, Iterable
from typing import NamedTuple

from supervisiondesk.people.choices import Risk

HIGH = Risk.HIGH.value
STANDARD = Risk.STANDARD.value


class Tenure(NamedTuple):
    worker: int  # the generator's index of the staff member
    start: int
    end: int | None  # None: still there


# (worker, start, end, risk): one future CasePeriod row.
Spell = tuple[int, int, int | None, str]


class HolderIndex:
    """Who is in each pool on any day, found by bisection."""

    def __init__(self, pools: Iterable[tuple[Hashable, list[Tenure]]]) -> None:
        self._bounds: dict[Hashable, list[int]] = {}
        self._holders: dict[Hashable, list[tuple[Tenure, ...]]] = {}
        for key, tenures in pools:
            self._add(key, tenures)

    def _add(self, key: Hashable, tenures: list[Tenure]) -> None:
        # Sweep the days on which someone arrives or has just left; between
        # two such days the pool does not change.
        bounds = sorted(
            {t.start for t in tenures} | {t.end + 1 for t in tenures if t.end is not None}
        )
        snapshots = []
        for day in bounds:
            snapshots.append(
                tuple(t for t in tenures if t.start <= day and (t.end is None or day <= t.end))
            )
        self._bounds[key] = bounds
        self._holders[key] = snapshots

    def on(self, key: Hashable, day: int) -> tuple[Tenure, ...]:
        bounds = self._bounds.get(key)
        if not bounds:
            return ()
        i = bisect_right(bounds, day) - 1
        return self._holders[key][i] if i >= 0 else ()


def _colleague(rng: random.Random, holders: tuple[Tenure, ...], worker: int) -> Tenure | None:
    for _attempt in range(4):
        if not holders:
            return None
        pick = holders[rng.randrange(len(holders))]
        if pick.worker != worker:
            return pick
    return None


def case_history(
    rng: random.Random,
    index: HolderIndex,
    pool: Hashable,
    holder: Tenure,
    *,
    opened: int,
    last_day: int,
    is_open: bool,
    risk: str,
    risk_change: float,
    handover: float,
) -> list[Spell]:
    """The periods of one case, oldest first.

    `holder` must be in the pool on `last_day` (and still there when the
    case is open). The case may start later than `opened` when nobody was in
    the pool before the holder arrived (a case transferred in).
    """
    backwards: list[tuple[int, int, int | None]] = []
    end: int | None = None if is_open else last_day
    cursor = last_day
    current = holder
    while True:
        took = max(opened, current.start)
        if handover and cursor - took > 30 and rng.random() < handover:
            # Caseload balancing: a colleague passed the case on this day.
            handed = rng.randint(took + 1, cursor)
            previous = _colleague(rng, index.on(pool, handed - 1), current.worker)
            if previous is not None:
                backwards.append((current.worker, handed, end))
                current, end, cursor = previous, handed - 1, handed - 1
                continue
        backwards.append((current.worker, took, end))
        if took <= opened:
            break
        previous = _colleague(rng, index.on(pool, took - 1), current.worker)
        if previous is None:
            break  # nobody held it before: the case came to the pool then
        current, end, cursor = previous, took - 1, took - 1
    backwards.reverse()
    first_day = backwards[0][1]
    if not (risk_change and last_day > first_day and rng.random() < risk_change):
        return [(w, a, b, risk) for w, a, b in backwards]
    # A re-assessment: a new period from the day the risk changed.
    changed = rng.randint(first_day + 1, last_day)
    later = HIGH if risk == STANDARD else STANDARD
    spells: list[Spell] = []
    for w, a, b in backwards:
        if b is not None and b < changed:
            spells.append((w, a, b, risk))
        elif a >= changed:
            spells.append((w, a, b, later))
        else:
            spells.append((w, a, changed - 1, risk))
            spells.append((w, changed, b, later))
    return spells
