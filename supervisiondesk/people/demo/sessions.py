"""Two years of supervision, planned as plain rows for both generators.

The input is a `Staffing`: people, their categories, relationships,
absences, team memberships and case periods as generator indices and day
ordinals (`supervision.py` builds it from the demo plan,
`national_supervision.py` from the national one). `plan_supervision` turns
it into sessions, their supervisees, case discussions and agreements that
look like a children's services department working to `southwark-2021`
(spec/compliance.md section 5):

- **Individual formal supervision** follows each supervisee's line
  relationships without a break (a new line manager carries on the
  rhythm), at the frequency of their category: ASYE weekly for six weeks,
  fortnightly to six months, then monthly; induction within the first
  week, fortnightly for a month, then monthly; a performance plan
  fortnightly; everyone else monthly. Most sessions are booked a few days
  before they fall due; some are late, some cancelled or postponed and
  rearranged a few working days later (a few never rearranged), none fall
  in an absence of either person, and a few supervisees have had nothing
  for longer than their interval today. Professional supervisors (ASYE)
  and external ones add monthly sessions of their own. The next four weeks
  hold planned sessions.
- **Group supervision**: each team's manager runs one weekly (services of
  type `feh` or `yos`) or fortnightly, for the team's practitioners in the
  categories the policy names (the longest-serving qualified practitioner
  when the manager is away); most attend each one. Some teams also run monthly **peer**
  supervision, and some supervisees have short **informal** sessions.
- **Case discussions**: each case is discussed in its holder's individual
  sessions at about its case type's interval for its risk (in a group
  session when no individual session comes in time), only while allocated
  to that supervisee; a few cases drift.
- **Agreements**: one per supervisee and line or professional supervisor,
  signed within a month of the relationship's start and reviewed yearly;
  a few missing, a few reviews overdue.

Everything depends only on the seed and the input (lists in index order,
never set or dict-hash order). `check_supervision` checks the rules the
generator keeps by construction.
"""

from __future__ import annotations

import calendar
import random
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import accumulate
from operator import itemgetter

import holidays
from django.utils.translation import gettext as _

from supervisiondesk.supervision.choices import Function, SessionKind, SessionStatus

INDIVIDUAL = SessionKind.INDIVIDUAL_FORMAL.value
INFORMAL = SessionKind.INDIVIDUAL_INFORMAL.value
GROUP = SessionKind.GROUP.value
PEER = SessionKind.PEER.value
HELD = SessionStatus.HELD.value
PLANNED = SessionStatus.PLANNED.value
CANCELLED = SessionStatus.CANCELLED.value
POSTPONED = SessionStatus.POSTPONED.value
# southwark-2021's four functions, in this order in every session
FUNCTIONS = tuple(
    f.value
    for f in (Function.MANAGERIAL, Function.DEVELOPMENT, Function.SUPPORT, Function.MEDIATION)
)
GROUP_CATEGORIES = frozenset({"asye", "induction", "qualified", "performance_plan"})
PEER_CATEGORIES = frozenset({"asye", "qualified"})
QUALIFIED = frozenset({"qualified"})
COUNTING = frozenset({"line", "professional"})  # the kinds southwark-2021 counts
PLANNING_DAYS = 28  # planned sessions reach this far beyond today
GROUP_CASES = 6  # at most this many cases discussed in one group session

Interval = tuple[int, str]  # (n, "d") or (n, "m"), as the spec writes them
MONTH: Interval = (1, "m")

# One session: index constants for the tuple below.
DATE, KIND, STATUS, MINUTES, SUPERVISOR, ATTENDEES = range(6)
RECORDED, SUPERVISOR_SIGNED, SUPERVISEE_SIGNED, SHARED, FUNCS = range(6, 11)
# (date, kind, status, minutes, supervisor, attendees, recorded_on,
#  supervisor_signed_on, supervisee_signed_on, shared_on, functions)
Session = tuple

# Case types and risks: southwark-2021's case interval; `general` has no
# rule there, and is discussed quarterly anyway.
CASE_INTERVALS: dict[tuple[str, str], Interval] = {}
for _type, _high, _standard in (
    ("feh", (2, "m"), (2, "m")),
    ("assessment", (28, "d"), (42, "d")),
    ("cin", (1, "m"), (2, "m")),
    ("cp", (1, "m"), (1, "m")),
    ("cla", (1, "m"), (2, "m")),
    ("care_leaver", (1, "m"), (3, "m")),
    ("foster_carer", (1, "m"), (2, "m")),
    ("yos", (1, "m"), (2, "m")),
    ("clinical", (1, "m"), (1, "m")),
    ("qa", (3, "m"), (3, "m")),
    ("general", (3, "m"), (3, "m")),
):
    CASE_INTERVALS[(_type, "high")] = _high
    CASE_INTERVALS[(_type, "standard")] = _standard


def session_code(index: int) -> str:
    """The session id of the generator's session `index` (sessions are in date order)."""
    return f"s{index + 1:06d}"


@cache
def add_interval(day: int, interval: Interval) -> int:
    """`day + interval` as the spec counts it: months keep the day of the
    month, clamped to the month's last day."""
    n, unit = interval
    if unit == "d":
        return day + n
    d = date.fromordinal(day)
    months = d.month - 1 + n
    year, month = d.year + months // 12, months % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1])).toordinal()


def interval_days(interval: Interval) -> int:
    n, unit = interval
    return n if unit == "d" else 30 * n


def individual_interval(category: str | None, since: int, day: int) -> Interval:
    """southwark-2021's individual frequency on `day` for `category` held
    since `since`. `newly_qualified` has no rule there: supervised monthly."""
    if category == "asye":
        if day < since + 42:
            return (7, "d")
        return (14, "d") if day < add_interval(since, (6, "m")) else MONTH
    if category == "induction":
        return (14, "d") if day < add_interval(since, MONTH) else MONTH
    if category == "performance_plan":
        return (14, "d")
    return MONTH


class WorkingDays:
    """Monday to Friday less England's public holidays, as day ordinals."""

    def __init__(self, first: int, last: int) -> None:
        years = range(date.fromordinal(first).year, date.fromordinal(last).year + 1)
        closed = {d.toordinal() for d in holidays.country_holidays("GB", subdiv="ENG", years=years)}
        self.first, self.last = first, last
        self.days = [
            d for d in range(first, last + 1) if d % 7 not in (6, 0) and d not in closed
        ]  # ordinal % 7: 0 is Sunday, 6 Saturday
        # index of the first working day on or after each day
        self._at: list[int] = []
        i = 0
        for d in range(first, last + 1):
            while self.days[i] < d:
                i += 1
            self._at.append(i)

    def _index(self, day: int) -> int:
        if not self.first <= day <= self.last:
            raise ValueError(f"day {date.fromordinal(day)} outside the working-day table")
        return self._at[day - self.first]

    def on_or_after(self, day: int) -> int:
        return self.days[self._index(day)]

    def on_or_before(self, day: int) -> int:
        i = self._index(day)
        return day if self.days[i] == day else self.days[i - 1]

    def after(self, day: int, n: int) -> int:
        """The `n`-th working day after `day` (0: `day` itself)."""
        if n == 0:
            return day
        i = self._index(day + 1)
        return self.days[i + n - 1]

    def is_working(self, day: int) -> bool:
        return self.days[self._index(day)] == day


@dataclass
class Staffing:
    """What the planner reads: generator indices and day ordinals."""

    today: int
    history_start: int
    staff: list[tuple[int, int | None]]  # (start, end) per staff index
    categories: list[list[tuple[str, int, int | None]]]  # per staff, in date order
    # (supervisee, supervisor, kind, a, b)
    relationships: list[tuple[int, int, str, int, int | None]]
    absences: list[list[tuple[int, int]]]  # per staff
    memberships: list[tuple[int, int, int, int | None]]  # (staff, team, a, b)
    team_weekly: list[bool]  # per team: weekly group supervision (feh, yos)
    managers: list[list[tuple[int, int, int | None]]]  # per team: (staff, a, b)
    # (case, worker, case type, risk, a, b): a case's periods together, in date order
    case_periods: list[tuple[int, int, str, str, int, int | None]]
    # The demo logins: never overdue today, their agreements in order.
    protected: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Rates:
    """How often things go wrong; the rest goes to plan."""

    cancelled: float = 0.07  # of booked individual sessions
    not_rearranged: float = 0.12  # of those cancelled or postponed
    late: float = 0.08  # held a few days after the booking
    overdue: float = 0.015  # of supervisees in post: nothing for longer than their interval today
    overdue_min: int = 3
    informal: float = 0.2  # of supervisees: informal sessions now and then
    informal_gap: int = 90  # days between them, on average
    peer_teams: float = 0.4  # of teams with peer supervision (at least one)
    group_cancelled: float = 0.05
    drift: float = 0.02  # of open cases: not discussed for longer than their interval
    drift_min: int = 5
    early: float = 0.05  # a case discussed before it needs to be
    forgotten: float = 0.015  # a case left out of a session that should have covered it
    agreement_missing: float = 0.04
    review_overdue: float = 0.08


@dataclass
class SupervisionPlan:
    sessions: list[Session] = field(default_factory=list)  # in date order: index → session id
    # (session, case, recorded_on), by session then case
    discussions: list[tuple[int, int, int | None]] = field(default_factory=list)
    agreements: list[tuple[int, int, int, int | None]] = field(default_factory=list)
    # (supervisee, supervisor, signed_on, reviewed_on)
    overdue: list[int] = field(default_factory=list)  # supervisees made overdue today
    drifting: list[int] = field(default_factory=list)  # cases made to drift


def _weighted(pairs: tuple[tuple[int, int], ...]) -> tuple[list[int], list[int]]:
    return [v for v, _w in pairs], list(accumulate(w for _v, w in pairs))


# Minutes: individual formal sessions mostly 90 minutes or more (the
# policy's minimum), some shorter.
FORMAL_MINUTES = _weighted(
    (
        (45, 2),
        (60, 6),
        (75, 5),
        (80, 2),
        (90, 40),
        (95, 4),
        (100, 8),
        (105, 10),
        (110, 3),
        (120, 20),
    )
)
GROUP_MINUTES = _weighted(((60, 30), (75, 15), (90, 45), (120, 10)))
PEER_MINUTES = _weighted(((60, 50), (75, 10), (90, 40)))
INFORMAL_MINUTES = _weighted(((15, 20), (20, 25), (30, 35), (45, 20)))


class _Planner:
    def __init__(self, staffing: Staffing, seed: int, rates: Rates) -> None:
        self.s = staffing
        self.rates = rates
        self.t, self.h = staffing.today, staffing.history_start
        self.horizon = self.t + PLANNING_DAYS
        earliest = min([self.h, *(start for start, _end in staffing.staff)])
        self.wd = WorkingDays(earliest - 60, self.horizon + 800)
        self.rng = random.Random(seed)  # each stage gets its own stream
        self.sessions: list[Session] = []
        n = len(staffing.staff)
        self.lines: list[list[tuple[int, int, int | None]]] = [[] for _i in range(n)]
        self.others: list[list[tuple[int, str, int, int | None]]] = [[] for _i in range(n)]
        for supervisee, supervisor, kind, a, b in staffing.relationships:
            if kind == "line":
                self.lines[supervisee].append((supervisor, a, b))
            else:
                self.others[supervisee].append((supervisor, kind, a, b))
        for rows in self.lines:
            rows.sort(key=itemgetter(1))
        self.styles: dict[int, tuple[float, ...]] = {}

    # ------------------------------------------------------------ lookups

    def absent_until(self, person: int, day: int) -> int | None:
        for a, b in self.s.absences[person]:
            if a <= day <= b:
                return b
        return None

    def category_on(self, person: int, day: int) -> tuple[str | None, int]:
        rows = self.s.categories[person]
        for category, a, b in rows:
            if a <= day and (b is None or day <= b):
                return category, a
        if rows and day < rows[0][1]:
            return rows[0][0], rows[0][1]
        return None, day

    def line_on(self, person: int, day: int) -> int | None:
        for supervisor, a, b in self.lines[person]:
            if a <= day and (b is None or day <= b):
                return supervisor
        return None

    def free(self, people: tuple[int, ...], day: int) -> int:
        """The first working day from `day` on which none of `people` is
        away; after an absence, a few days to settle back in first."""
        for _attempt in range(12):
            if day > self.horizon:
                return day  # beyond the plan: the caller stops
            day = self.wd.on_or_after(day)
            moved = False
            for person in people:
                back = self.absent_until(person, day)
                if back is not None:
                    day = back + 1 + self.rng.randint(0, 5)
                    moved = True
            if not moved:
                return day
        return day

    # ------------------------------------------------------------ session rows

    def add(
        self,
        day: int,
        kind: str,
        status: str,
        supervisor: int,
        attendees: tuple[int, ...],
        minutes: int | None = None,
        records: tuple = (None, None, None, None),
        functions: tuple[str, ...] = (),
    ) -> None:
        self.sessions.append(
            (day, kind, status, minutes, supervisor, attendees, *records, functions)
        )

    def minutes(self, table: tuple[list[int], list[int]]) -> int:
        values, weights = table
        return self.rng.choices(values, cum_weights=weights)[0]

    def late_or_none(self, day: int | None) -> int | None:
        return None if day is None or day > self.t else day

    def formal_records(self, day: int) -> tuple:
        """Recorded the same or the next working day, mostly; signed and
        shared within a week, mostly; a few never recorded."""
        rng, wd = self.rng, self.wd
        r = rng.random()
        if r < 0.45:
            recorded = day
        elif r < 0.80:
            recorded = wd.after(day, 1)
        elif r < 0.92:
            recorded = wd.after(day, rng.randint(2, 5))
        elif r < 0.975:
            recorded = wd.after(day, rng.randint(6, 20))
        else:
            return (None, None, None, None)
        r = rng.random()
        if r < 0.45:
            by_supervisor = recorded
        elif r < 0.87:
            by_supervisor = wd.after(recorded, rng.randint(1, 4))
        elif r < 0.94:
            by_supervisor = wd.after(recorded, rng.randint(6, 25))
        else:
            by_supervisor = None
        r = rng.random()
        if r < 0.35:
            by_supervisee = by_supervisor or recorded  # signed together
        elif r < 0.84:
            by_supervisee = wd.after(recorded, rng.randint(1, 5))
        elif r < 0.93:
            by_supervisee = wd.after(recorded, rng.randint(6, 25))
        else:
            by_supervisee = None
        r = rng.random()
        if r < 0.55:
            shared = by_supervisor or recorded  # shared when signed
        elif r < 0.86:
            shared = wd.after(recorded, rng.randint(1, 5))
        elif r < 0.95:
            shared = wd.after(recorded, rng.randint(6, 20))
        else:
            shared = None
        late = self.late_or_none
        return (late(recorded), late(by_supervisor), late(by_supervisee), late(shared))

    def simple_record(self, day: int, never: float) -> tuple:
        """Group, peer and informal records: recorded or not, never signed."""
        rng, wd = self.rng, self.wd
        r = rng.random()
        if r < never:
            return (None, None, None, None)
        r = rng.random()
        if r < 0.45:
            recorded = day
        elif r < 0.85:
            recorded = wd.after(day, 1)
        else:
            recorded = wd.after(day, rng.randint(2, 12))
        return (self.late_or_none(recorded), None, None, None)

    def functions(self, supervisor: int) -> tuple[str, ...]:
        """Usually three or four of the four; each supervisor has a style
        (a few hardly ever cover mediation, or development)."""
        rng = self.rng
        style = self.styles.get(supervisor)
        if style is None:
            mediation = 0.12 if rng.random() < 0.15 else rng.uniform(0.45, 0.75)
            development = 0.35 if rng.random() < 0.05 else rng.uniform(0.75, 0.95)
            style = (0.97, development, rng.uniform(0.8, 0.95), mediation)
            self.styles[supervisor] = style
        covered = tuple(f for f, p in zip(FUNCTIONS, style, strict=True) if rng.random() < p)
        return covered or FUNCTIONS[:1]

    def held_formal(self, day: int, supervisor: int, supervisee: int) -> None:
        self.add(
            day,
            INDIVIDUAL,
            HELD,
            supervisor,
            (supervisee,),
            self.minutes(FORMAL_MINUTES),
            self.formal_records(day),
            self.functions(supervisor),
        )

    # ------------------------------------------------------------ individual supervision

    def line_due(self, person: int, last: int) -> int:
        """The next due date after `last`: the rule in force on `last`, or a
        stricter one that starts before then (spec section 3, item 4)."""
        category, since = self.category_on(person, max(last, self.h))
        due = add_interval(last, individual_interval(category, since, max(last, since)))
        for other, a, _b in self.s.categories[person]:
            if last < a <= due:
                due = min(due, add_interval(a, individual_interval(other, a, a)))
        return due

    def line_runs(self, person: int) -> list[tuple[int, int | None]]:
        """Unbroken runs of line supervision (a new line manager the day after
        the last one carries on)."""
        runs: list[list] = []
        for _supervisor, a, b in self.lines[person]:
            if runs and runs[-1][1] is not None and a <= runs[-1][1] + 1:
                runs[-1][1] = b if b is None else max(b, runs[-1][1])
            else:
                runs.append([a, b])
        return [(a, b) for a, b in runs]

    def line_stream(self, person: int, start: int, end: int | None, stop: int | None) -> None:
        """Individual formal sessions with whoever is the line supervisor,
        from `start` to `end`; `stop`: nothing held from that day (overdue)."""
        rng, wd, rates, t = self.rng, self.wd, self.rates, self.t
        last_day = min(self.horizon, self.horizon if end is None else end)
        if start <= self.h:
            # Supervised before the history began: the last session then.
            category, since = self.category_on(person, self.h)
            gap = interval_days(individual_interval(category, since, self.h))
            last = self.h - rng.randint(1, gap)
            booked = wd.on_or_before(self.line_due(person, last) - rng.randint(0, 3))
        else:
            category, _since = self.category_on(person, start)
            early = {"induction": 4, "asye": 5}.get(category or "", 15)
            last = start
            booked = wd.on_or_after(start + rng.randint(1, early))
        for _n in range(400):
            booked = self.free((person,), max(booked, last + 1, start))
            supervisor = self.line_on(person, booked) if booked <= last_day else None
            if supervisor is None:
                return
            if self.absent_until(supervisor, booked) is not None:
                booked = self.free((person, supervisor), booked)
                continue  # perhaps another supervisor by then
            if booked > t:
                self.add(booked, INDIVIDUAL, PLANNED, supervisor, (person,), 90)
                last = booked
            elif stop is not None and booked >= stop:
                # Overdue today: cancelled, then nothing until a booking soon.
                if rng.random() < 0.5:
                    self.add(booked, INDIVIDUAL, CANCELLED, supervisor, (person,))
                booked = wd.on_or_after(t + rng.randint(1, 14))
                supervisor = self.line_on(person, booked) if booked <= last_day else None
                if supervisor is not None:
                    self.add(booked, INDIVIDUAL, PLANNED, supervisor, (person,), 90)
                return
            else:
                held = booked
                r = rng.random()
                if r < rates.cancelled:
                    status = CANCELLED if rng.random() < 0.6 else POSTPONED
                    self.add(booked, INDIVIDUAL, status, supervisor, (person,))
                    if rng.random() < rates.not_rearranged:
                        # Not rearranged: the next one comes round as usual.
                        booked = wd.on_or_before(self.line_due(person, booked))
                        continue
                    held = wd.after(booked, rng.randint(1, 8))
                elif r < rates.cancelled + rates.late:
                    held = wd.after(booked, rng.randint(2, 12))
                if held != booked:
                    held = self.free((person,), held)
                    supervisor = self.line_on(person, held) if held <= last_day else None
                    if supervisor is None:
                        return
                    if self.absent_until(supervisor, held) is not None:
                        booked = self.free((person, supervisor), held)
                        continue
                if held > t:
                    self.add(held, INDIVIDUAL, PLANNED, supervisor, (person,), 90)
                else:
                    self.held_formal(held, supervisor, person)
                last = held
            due = self.line_due(person, last)
            booked = wd.on_or_before(due - rng.randint(0, min(4, (due - last) // 4)))

    def monthly_stream(self, person: int, supervisor: int, start: int, end: int | None) -> None:
        """Professional or external supervision: about monthly, within the
        relationship."""
        rng, wd, t = self.rng, self.wd, self.t
        last_day = min(self.horizon, self.horizon if end is None else end)
        day = self.h + rng.randint(0, 30) if start <= self.h else start + rng.randint(5, 20)
        while True:
            day = self.free((person, supervisor), day)
            if day > last_day:
                return
            if day > t:
                self.add(day, INDIVIDUAL, PLANNED, supervisor, (person,), 90)
            elif rng.random() < self.rates.cancelled:
                self.add(day, INDIVIDUAL, POSTPONED, supervisor, (person,))
                rearranged = self.free((person, supervisor), wd.after(day, rng.randint(1, 6)))
                if t < rearranged <= last_day:
                    self.add(rearranged, INDIVIDUAL, PLANNED, supervisor, (person,), 90)
                elif rearranged <= last_day:
                    self.held_formal(rearranged, supervisor, person)
                day = rearranged
            else:
                self.held_formal(day, supervisor, person)
            day = add_interval(day, MONTH) + rng.randint(-4, 6)

    def informal_stream(self, person: int, start: int, end: int | None) -> None:
        """Short informal catch-ups with the line supervisor now and then."""
        rng = self.rng
        last_day = min(self.horizon, self.horizon if end is None else end)
        day = max(start, self.h) + int(rng.expovariate(1 / self.rates.informal_gap))
        while day <= last_day:
            day = self.wd.on_or_after(day)
            supervisor = self.line_on(person, day) if day <= last_day else None
            if (
                supervisor is not None
                and self.absent_until(person, day) is None
                and self.absent_until(supervisor, day) is None
            ):
                if day > self.t:
                    self.add(day, INFORMAL, PLANNED, supervisor, (person,), 30)
                elif rng.random() < 0.1:
                    self.add(day, INFORMAL, CANCELLED, supervisor, (person,))
                else:
                    functions = rng.choice(
                        (("support",), ("managerial",), ("managerial", "support"), ("development",))
                    )
                    self.add(
                        day,
                        INFORMAL,
                        HELD,
                        supervisor,
                        (person,),
                        self.minutes(INFORMAL_MINUTES),
                        self.simple_record(day, never=0.3),
                        functions,
                    )
            day += 7 + int(rng.expovariate(1 / self.rates.informal_gap))

    def overdue_people(self) -> dict[int, int]:
        """Supervisees in post for a while with nothing held lately: the day
        from which nothing is held."""
        t, rng = self.t, self.rng
        eligible = []
        for person in range(len(self.s.staff)):
            if person in self.s.protected:
                continue
            runs = self.line_runs(person)
            if not runs or runs[-1][0] > t - 120 or not (runs[-1][1] is None or runs[-1][1] > t):
                continue
            if any(a <= t + 14 and b >= t - 120 for a, b in self.s.absences[person]):
                continue
            eligible.append(person)
        share = max(self.rates.overdue_min, round(self.rates.overdue * len(eligible)))
        chosen = sorted(rng.sample(eligible, min(share, len(eligible))))
        stops = {}
        for person in chosen:
            category, since = self.category_on(person, t)
            gap = interval_days(individual_interval(category, since, t))
            stops[person] = t - gap - rng.randint(4, 45)
        return stops

    def individual(self, plan: SupervisionPlan) -> None:
        stops = self.overdue_people()
        plan.overdue = sorted(stops)
        informal = self.rates.informal
        for person in range(len(self.s.staff)):
            runs = self.line_runs(person)
            for n, (a, b) in enumerate(runs):
                last_run = n == len(runs) - 1
                self.line_stream(person, a, b, stops.get(person) if last_run else None)
            if runs and self.rng.random() < informal:
                for a, b in runs:
                    self.informal_stream(person, a, b)
            for supervisor, _kind, a, b in self.others[person]:
                self.monthly_stream(person, supervisor, a, b)

    # ------------------------------------------------------------ group and peer

    def team_members(self) -> list[list[tuple[int, int, int | None]]]:
        teams: list[list] = [[] for _team in self.s.team_weekly]
        for staff, team, a, b in self.s.memberships:
            teams[team].append((staff, a, b))
        return teams

    def eligible(self, members, day: int, categories: frozenset[str], leader: int) -> list[int]:
        found = []
        for staff, a, b in members:
            if staff == leader or a > day or (b is not None and day > b):
                continue
            if self.category_on(staff, day)[0] not in categories:
                continue
            if self.absent_until(staff, day) is None:
                found.append(staff)
        return found

    def groups(self) -> None:
        rng, wd, t = self.rng, self.wd, self.t
        teams = self.team_members()
        for team, members in enumerate(teams):
            step = 7 if self.s.team_weekly[team] else 14
            weekday = rng.randint(1, 4)  # Monday to Thursday (ordinal % 7: 1 is Monday)
            day = self.h + (weekday - self.h % 7) % 7 + rng.choice((0, 7)) % step
            while day <= self.horizon:
                held = wd.on_or_after(day)
                day += step
                leader = self._on(self.s.managers[team], held)
                if leader is None or self.absent_until(leader, held) is not None:
                    # The manager away: the longest-serving qualified
                    # practitioner present runs it.
                    deputies = self.eligible(members, held, QUALIFIED, -1)
                    if not deputies:
                        continue
                    leader = min(deputies, key=lambda s: (self.s.staff[s][0], s))
                expected = self.eligible(members, held, GROUP_CATEGORIES, leader)
                if len(expected) < 2:
                    continue
                if held > t:
                    self.add(held, GROUP, PLANNED, leader, tuple(expected), 90)
                    continue
                if rng.random() < self.rates.group_cancelled:
                    self.add(held, GROUP, CANCELLED, leader, tuple(expected))
                    if rng.random() < 0.6:
                        continue  # the next one is soon enough
                    held = wd.after(held, rng.randint(1, 3))
                    if self.absent_until(leader, held) is not None:
                        continue
                    if held > t:
                        self.add(held, GROUP, PLANNED, leader, tuple(expected), 90)
                        continue
                    expected = [s for s in expected if self.absent_until(s, held) is None]
                present = tuple(s for s in expected if rng.random() < 0.95)
                if len(present) < 2:
                    continue
                functions = ("development", "support")
                if rng.random() < 0.3:
                    functions = ("managerial", *functions)
                self.add(
                    held,
                    GROUP,
                    HELD,
                    leader,
                    present,
                    self.minutes(GROUP_MINUTES),
                    self.simple_record(held, never=0.05),
                    functions,
                )
        self.peers(teams)

    @staticmethod
    def _on(rows: list[tuple[int, int, int | None]], day: int) -> int | None:
        for staff, a, b in rows:
            if a <= day and (b is None or day <= b):
                return staff
        return None

    def peers(self, teams: list) -> None:
        """Monthly peer supervision in some teams, led by the most
        experienced qualified practitioner present."""
        rng, t = self.rng, self.t
        # Teams with enough practitioners for it today, a share of them.
        able = [m for m in teams if len(self.eligible(m, t, PEER_CATEGORIES, -1)) >= 4]
        count = min(len(able), max(1, round(self.rates.peer_teams * len(teams))))
        for members in [able[i] for i in sorted(rng.sample(range(len(able)), count))]:
            day = self.h + rng.randint(0, 27)
            while day <= self.horizon:
                held = self.wd.on_or_after(day)
                day = add_interval(day, MONTH)
                present = self.eligible(members, held, PEER_CATEGORIES, -1)
                if len(present) < 3:
                    continue
                present.sort(key=lambda s: (self.s.staff[s][0], s))
                leader, others = present[0], present[1:]
                group = tuple(sorted(rng.sample(others, min(len(others), rng.randint(2, 4)))))
                if held > t:
                    self.add(held, PEER, PLANNED, leader, group, 60)
                    continue
                if rng.random() < 0.08:
                    self.add(held, PEER, POSTPONED, leader, group)
                    held = self.wd.after(held, rng.randint(2, 6))
                    if held > t:
                        self.add(held, PEER, PLANNED, leader, group, 60)
                        continue
                    if any(self.absent_until(s, held) is not None for s in (leader, *group)):
                        continue
                self.add(
                    held,
                    PEER,
                    HELD,
                    leader,
                    group,
                    self.minutes(PEER_MINUTES),
                    self.simple_record(held, never=0.35),
                    ("development", "support"),
                )

    # ------------------------------------------------------------ case discussions

    def discussions(self, plan: SupervisionPlan) -> None:
        t, rng, rates = self.t, self.rng, self.rates
        formal: dict[int, list[tuple[int, int]]] = defaultdict(list)
        groups: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for index, session in enumerate(plan.sessions):
            if session[STATUS] != HELD:
                continue
            if session[KIND] == INDIVIDUAL:
                formal[session[ATTENDEES][0]].append((session[DATE], index))
            elif session[KIND] == GROUP:
                for staff in session[ATTENDEES]:
                    groups[staff].append((session[DATE], index))
        self.formal = {w: ([d for d, _i in rows], rows) for w, rows in formal.items()}
        self.group_days = {w: ([d for d, _i in rows], rows) for w, rows in groups.items()}
        self.group_load: dict[int, int] = defaultdict(int)

        cases: list[list[tuple]] = []
        for row in self.s.case_periods:
            if not cases or cases[-1][0][0] != row[0]:
                cases.append([])
            cases[-1].append(row)
        open_cases = [
            periods for periods in cases if periods[-1][5] is None and periods[0][4] < t - 150
        ]
        share = max(rates.drift_min, round(rates.drift * len(open_cases)))
        drifting = rng.sample(open_cases, min(share, len(open_cases)))
        cutoffs = {}
        for periods in drifting:
            interval = CASE_INTERVALS[(periods[-1][2], periods[-1][3])]
            cutoffs[periods[0][0]] = t - interval_days(interval) - rng.randint(14, 60)
        plan.drifting = sorted(cutoffs)
        for periods in cases:
            self.discuss(plan, periods, cutoffs.get(periods[0][0]))

    def discuss(self, plan: SupervisionPlan, periods: list[tuple], cutoff: int | None) -> None:
        t, h, rng, rates = self.t, self.h, self.rng, self.rates
        case = periods[0][0]
        spans = []  # (a, b, interval) per period, b never after today
        for _case, _worker, case_type, risk, a, b in periods:
            spans.append((a, t if b is None else min(b, t), CASE_INTERVALS[(case_type, risk)]))
        candidates = []  # (day, session, period)
        for k, (_case, worker, _type, _risk, a, _b) in enumerate(periods):
            found = self.formal.get(worker)
            if found is None:
                continue
            days, rows = found
            i, j = bisect_left(days, a), bisect_right(days, spans[k][1])
            candidates.extend((day, session, k) for day, session in rows[i:j])
        end = spans[-1][1] if periods[-1][5] is not None else t + 30

        def due_after(last: int) -> int:
            k = 0
            while k + 1 < len(spans) and spans[k + 1][0] <= last:
                k += 1
            due = add_interval(last, spans[k][2])
            for a, _b, interval in spans[k + 1 :]:
                if a > due:
                    break
                due = min(due, add_interval(a, interval))
            return due

        anchor = spans[0][0]
        # Discussed before the history began, or new: the anchor.
        last = h - rng.randint(1, interval_days(spans[0][2])) if anchor <= h else anchor
        due = due_after(last)
        holder_k = 0 if anchor <= h else -1
        record = self.case_record
        n = len(candidates)
        for i, (day, session, k) in enumerate(candidates):
            if cutoff is not None and day > cutoff:
                break
            if day > due and cutoff is None:
                # No individual session in time: a group session, perhaps.
                found = self.group_between(periods, spans, last, due)
                if found is not None:
                    g_day, g_session = found
                    plan.discussions.append((g_session, case, record(g_day)))
                    last, due = g_day, due_after(g_day)
            if day - last < max(7, interval_days(spans[k][2]) * 2 // 5):
                continue
            following = candidates[i + 1][0] if i + 1 < n else end
            needed = following > due or day > due
            new_holder = k != holder_k
            if not (needed or rng.random() < rates.early or (new_holder and rng.random() < 0.4)):
                continue
            if rng.random() < rates.forgotten:
                continue
            plan.discussions.append((session, case, record(day)))
            last, holder_k = day, k
            due = due_after(last)

    def group_between(self, periods, spans, last: int, due: int) -> tuple[int, int] | None:
        """The latest group session in (last, due] attended by the case's
        holder on that day, if one has room and the case goes to it."""
        if self.rng.random() >= 0.6:
            return None
        for k in range(len(periods) - 1, -1, -1):
            a, b, _interval = spans[k]
            found = self.group_days.get(periods[k][1])
            if found is None:
                continue
            days, rows = found
            lo, hi = max(a, last + 7), min(b, due)
            i, j = bisect_left(days, lo), bisect_right(days, hi)
            for day, session in reversed(rows[i:j]):
                if self.group_load[session] < GROUP_CASES:
                    self.group_load[session] += 1
                    return day, session
        return None

    def case_record(self, day: int) -> int | None:
        """On the child's record the next working day, mostly."""
        rng, wd = self.rng, self.wd
        r = rng.random()
        if r < 0.22:
            recorded = day
        elif r < 0.89:
            recorded = wd.after(day, 1)
        elif r < 0.97:
            recorded = wd.after(day, rng.randint(2, 10))
        else:
            return None
        return self.late_or_none(recorded)

    # ------------------------------------------------------------ agreements

    def agreements(self, plan: SupervisionPlan) -> None:
        t, h, rng, wd, rates = self.t, self.h, self.rng, self.wd, self.rates
        pairs: dict[tuple[int, int], list] = {}
        for supervisee, supervisor, kind, a, b in self.s.relationships:
            if kind not in COUNTING:
                continue
            pair = pairs.setdefault((supervisee, supervisor), [a, b])
            pair[0] = min(pair[0], a)
            pair[1] = None if pair[1] is None or b is None else max(pair[1], b)
        for (supervisee, supervisor), (start, end) in sorted(pairs.items()):
            tidy = supervisee in self.s.protected
            if rng.random() < rates.agreement_missing and not tidy:
                continue
            if start <= h:
                # Together since before the history: signed back then.
                earliest = max(self.s.staff[supervisee][0], self.s.staff[supervisor][0])
                signed = wd.on_or_after(max(earliest, h - rng.randint(20, 3 * 365)))
            else:
                signed = wd.on_or_after(start + rng.randint(0, 25))
            if signed > t:
                continue
            limit = t if end is None else min(end, t)
            if rng.random() < rates.review_overdue and not tidy:
                limit = min(limit, t - 366 - rng.randint(10, 120))
            reviewed = None
            anchor = signed
            while True:
                review = wd.on_or_after(add_interval(anchor, (12, "m")) + rng.randint(-30, 10))
                if review > limit:
                    break
                reviewed = anchor = review
            plan.agreements.append((supervisee, supervisor, signed, reviewed))


def plan_supervision(
    staffing: Staffing,
    *,
    seed: int,
    rates: Rates | None = None,
    lap: Callable[[str], None] | None = None,
) -> SupervisionPlan:
    """Sessions (in date order), case discussions and agreements for
    `staffing`; `lap(stage)` is called as each stage ends."""
    planner = _Planner(staffing, seed, rates or Rates())
    plan = SupervisionPlan()
    lap = lap or (lambda _stage: None)
    # A stream each: the case discussions do not shift when a session's
    # records change, nor agreements when the sessions do.
    planner.rng = random.Random(f"{seed}:sessions")
    planner.individual(plan)
    planner.rng = random.Random(f"{seed}:groups")
    planner.groups()
    # Session ids rise with the date, as a recording system issues them.
    plan.sessions = sorted(planner.sessions, key=itemgetter(DATE, KIND, SUPERVISOR, ATTENDEES))
    planner.sessions = plan.sessions
    lap(_("plan sessions"))
    planner.rng = random.Random(f"{seed}:discussions")
    planner.discussions(plan)
    plan.discussions.sort()  # by session: the database's indexes grow in order
    lap(_("plan case discussions"))
    planner.rng = random.Random(f"{seed}:agreements")
    planner.agreements(plan)
    lap(_("plan agreements"))
    return plan


# ------------------------------------------------------------ the rules, checked


def check_supervision(staffing: Staffing, plan: SupervisionPlan, *, limit: int = 20) -> list[str]:
    """Rules kept by construction: individual sessions led by someone with
    an active relationship with each supervisee that day; case discussions
    of held individual formal or group sessions, about a case allocated to
    one of its supervisees that day; dates in order and none after today;
    one agreement per pair. Returns the first `limit` problems."""
    t = staffing.today
    problems: list[str] = []
    staff = staffing.staff

    def active(supervisee: int, supervisor: int, day: int) -> bool:
        for a, b in related.get((supervisee, supervisor), ()):
            if a <= day and (b is None or day <= b):
                break
        else:
            return False
        for person in (supervisee, supervisor):
            start, end = staff[person]
            if day < start or (end is not None and day > end):
                return False
        return True

    related: dict[tuple[int, int], list[tuple[int, int | None]]] = defaultdict(list)
    for supervisee, supervisor, _kind, a, b in staffing.relationships:
        related[(supervisee, supervisor)].append((a, b))
    known = set(Function.values)
    individual = (INDIVIDUAL, INFORMAL)
    for index, s in enumerate(plan.sessions):
        day, kind, status, minutes, supervisor, attendees, *dates, functions = s
        problem = None
        if not attendees or len(set(attendees)) != len(attendees) or supervisor in attendees:
            problem = f"supervisees {attendees}, supervisor {supervisor}"
        elif (status == PLANNED) != (day > t):
            problem = f"{status} on {date.fromordinal(day)}"
        elif status != HELD and (functions or any(dates)):
            problem = f"{status} with a record"
        elif any(d is not None and not day <= d <= t for d in dates):
            problem = "record dates out of order"
        elif minutes is not None and minutes <= 0:
            problem = f"{minutes} minutes"
        elif not known.issuperset(functions):
            problem = f"functions {functions}"
        elif kind in individual and not all(active(p, supervisor, day) for p in attendees):
            problem = f"no active relationship between {supervisor} and {attendees}"
        if problem is not None:
            problems.append(f"{session_code(index)}: {problem}")
            if len(problems) >= limit:
                return problems

    held_by: dict[int, list[tuple[int, int, int | None]]] = defaultdict(list)
    for case, worker, _type, _risk, a, b in staffing.case_periods:
        held_by[case].append((worker, a, b))
    previous = (-1, -1)
    sessions = plan.sessions
    for session, case, recorded in plan.discussions:
        s = sessions[session]
        day = s[DATE]
        problem = None
        if (session, case) <= previous:
            problem = f"case {case} discussed twice, or out of order"
        elif s[STATUS] != HELD or (s[KIND] != INDIVIDUAL and s[KIND] != GROUP):
            problem = f"a case discussed in a {s[STATUS]} {s[KIND]} session"
        elif recorded is not None and not day <= recorded <= t:
            problem = f"case {case} recorded on {date.fromordinal(recorded)}"
        else:
            for worker, a, b in held_by[case]:
                if a <= day and (b is None or day <= b) and worker in s[ATTENDEES]:
                    break
            else:
                problem = f"case {case} not allocated to a supervisee that day"
        previous = (session, case)
        if problem is not None:
            problems.append(f"{session_code(session)}: {problem}")
            if len(problems) >= limit:
                return problems

    pairs: set[tuple[int, int]] = set()
    for supervisee, supervisor, signed, reviewed in plan.agreements:
        pair = f"agreement {supervisee} → {supervisor}"
        if (supervisee, supervisor) in pairs or supervisee == supervisor:
            problems.append(f"{pair}: twice, or with oneself")
        pairs.add((supervisee, supervisor))
        if signed > t or (reviewed is not None and not signed <= reviewed <= t):
            problems.append(f"{pair}: dates out of order")
        if (supervisee, supervisor) not in related:
            problems.append(f"{pair}: no relationship")
    return problems[:limit]
