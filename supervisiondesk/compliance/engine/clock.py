"""The supervision clock: which rule is in force when, and when supervision is due.

compliance.md section 3. A requirement's rules over time are a list of
`Span`s (a category and its phase, a group rule, a case type and risk, each
under the policy version in force); days with no span have no rule. From the
anchor, the last qualifying event and the spans come `next_due` and
`overdue_after`, then absences move them and `status` reads them on as_of.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from supervisiondesk.compliance.dataset import Absence
from supervisiondesk.policies.policy import Rule

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Span:
    """`rule` is in force from `first` to `last` (inclusive); `key` says what
    for (category and phase, case type and risk): a new key is a rule change."""

    first: date
    last: date
    key: tuple[str, ...]
    rule: Rule


class RuleTimeline:
    """A requirement's rules over time: spans in date order that never overlap
    (their builders walk category ranges and case periods in date order)."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans
        self._firsts = [span.first for span in spans]

    def at(self, day: date) -> Span | None:
        position = bisect_right(self._firsts, day) - 1
        if position >= 0 and day <= self.spans[position].last:
            return self.spans[position]
        return None

    def changes(self, after: date, until: date) -> Iterator[Span]:
        """The spans whose rule starts on a day in (after, until]: where the
        day before had no rule, or another one."""
        position = bisect_right(self._firsts, after)
        for span in self.spans[position:]:
            if span.first > until:
                return
            before = self.at(span.first - ONE_DAY)
            if before is None or (before.key, before.rule) != (span.key, span.rule):
                yield span

    def run_start(self, day: date) -> date | None:
        """First day of the unbroken run of days with a rule that contains `day`."""
        return run_start(((span.first, span.last) for span in self.spans), day)


def run_start(ranges: Iterable[tuple[date, date | None]], day: date) -> date | None:
    """First day of the unbroken run of days covered by `ranges` (inclusive,
    None = open) that contains `day`; None when `day` is not covered.

    Ranges that touch (one ends the day before the next begins) or overlap
    are one run: a change of supervisor or worker with no gap carries on.
    """
    covering = sorted(
        (first, day if last is None else min(last, day))
        for first, last in ranges
        if first <= day and (last is None or last >= first)
    )
    start: date | None = None
    reach: date | None = None
    for first, last in covering:
        if reach is None or first > reach + ONE_DAY:
            start, reach = first, last
        elif last > reach:
            reach = last
    return start if reach == day else None


def due_dates(
    rules: RuleTimeline, anchor: date, last_event: date | None, as_of: date
) -> tuple[date, date]:
    """`next_due` and `overdue_after` before absences (section 3 item 4).

    The rule in force on the last event (or on the anchor) sets both; every
    rule that starts after it and by as_of can only bring them forward.
    """
    since = last_event or anchor
    next_due = overdue_after = date.max
    span = rules.at(since)
    if span is not None:
        rule = span.rule
        if last_event is None and rule.first is not None:
            next_due = overdue_after = rule.first.after(since)
        else:
            next_due, overdue_after = rule.target.after(since), rule.maximum.after(since)
    for change in rules.changes(since, as_of):
        next_due = min(next_due, change.rule.target.after(change.first))
        overdue_after = min(overdue_after, change.rule.maximum.after(change.first))
    return next_due, overdue_after


def after_absences(day: date, absences: Sequence[Absence], grace_days: int) -> date:
    """A due date inside an absence moves to the day after it ends plus the
    return grace, again while it lands inside another absence."""
    moved = True
    while moved:
        moved = False
        for absence in absences:
            if absence.start <= day <= absence.end:
                day = absence.end + timedelta(days=1 + grace_days)
                moved = True
    return day


def is_absent(day: date, absences: Sequence[Absence]) -> bool:
    return any(absence.start <= day <= absence.end for absence in absences)


def status(as_of: date, next_due: date, overdue_after: date, absent: bool) -> tuple[str, int]:
    """The status on as_of and the days overdue (section 3 item 6)."""
    if absent:
        return "absent", 0
    if as_of > overdue_after:
        return "overdue", (as_of - overdue_after).days
    if as_of >= next_due:
        return "due", 0
    return "ok", 0
