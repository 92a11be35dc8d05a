"""Drift signals (issue 6 item 5; docs/reports.md, "Drift signals"): what
inspectors look for when supervision goes through the motions. Pure
functions over plain rows (no Django), so each rule is tested on its own;
`reports.selectors` reads the rows for a viewer's scope.

- **Actions carried over unchanged**: an open action brought forward onto
  the agenda of `CARRIED_OVER` (3) or more held sessions without its
  status, due date or reason for delay changing in between.
- **Cases not discussed within their interval**: the compliance engine's
  case results with status `overdue`.
- **Records with no reflection**: case discussions in written records of
  held sessions whose risk fields and analysis fields are all empty.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

CARRIED_OVER = 3  # sessions: the "three or more"
OPEN = "open"

# A case discussion's risk and analysis, in an individual record (Southwark
# Standard 4) and in a group's reflective case discussion (Appendix 3):
# "current risks and needs" / step 6 "action points and evaluation of risk";
# "dilemmas, hypotheses, reflections and conclusions" / step 4 "reflective
# team discussion" and its hypotheses. A record lacks reflection when every
# one of them is empty, whichever form it was written in.
RISK_FIELDS = ("risks_and_needs", "step_actions_risk")
ANALYSIS_FIELDS = ("reflections", "step_reflection", "hypotheses")
REFLECTION_FIELDS = RISK_FIELDS + ANALYSIS_FIELDS

SIGNALS = ("actions", "cases", "records")


@dataclass(frozen=True)
class ActionRow:
    """An action and the held sessions whose agenda brought it forward."""

    action_id: int
    status: str
    delay_reason: str
    # The last day its status, due date or reason for delay changed, when
    # that is known (today's data does not keep it: docs/reports.md).
    changed_on: date | None
    carried: tuple[tuple[int, date], ...]  # (session id, session date)


@dataclass(frozen=True)
class Carried:
    action_id: int
    sessions: tuple[tuple[int, date], ...]  # the sessions counted, oldest first

    @property
    def count(self) -> int:
        return len(self.sessions)

    @property
    def first(self) -> date:
        return self.sessions[0][1]

    @property
    def last(self) -> tuple[int, date]:
        return self.sessions[-1]


def carried_over(
    actions: Iterable[ActionRow], *, today: date, threshold: int = CARRIED_OVER
) -> list[Carried]:
    """The open actions carried over unchanged onto `threshold` or more held
    sessions on or before `today`, most carried first.

    Unchanged: with `changed_on` known, only sessions after it count. Without
    it, a reason for delay, given at a day not known, counts as a change
    (the action is not flagged); the due date is never changed by the
    services, and an action open now is taken to have been open since.
    """
    flagged = []
    for row in actions:
        if row.status != OPEN:
            continue
        if row.changed_on is None and row.delay_reason.strip():
            continue
        sessions = sorted(
            {
                (day, session)
                for session, day in row.carried
                if day <= today and (row.changed_on is None or day > row.changed_on)
            }
        )
        if len(sessions) >= threshold:
            flagged.append(Carried(row.action_id, tuple((s, d) for d, s in sessions)))
    flagged.sort(key=lambda c: (-c.count, c.first, c.action_id))
    return flagged


def overdue(statuses: Iterable[tuple[object, str]]) -> list[object]:
    """The keys whose compliance status is `overdue`, in order."""
    return [key for key, status in statuses if status == "overdue"]


def count_by(
    rows: Iterable[object],
    team_of: Callable[[object], object],
    weight: Mapping[object, int] | None = None,
) -> Counter:
    """How many rows each team has (`team_of` a row; None: no team); with
    `weight`, each row counts as `weight[row]` rows (rows counted already)."""
    counts: Counter = Counter()
    for row in rows:
        counts[team_of(row)] += 1 if weight is None else weight[row]
    return counts


def team_counts(
    counts: Mapping[str, Counter], teams: Iterable[object]
) -> dict[object, dict[str, int]]:
    """{team: {signal: count}} for every team, zeros included, from each
    signal's counts by team."""
    return {
        team: {signal: counts.get(signal, Counter())[team] for signal in SIGNALS} for team in teams
    }
