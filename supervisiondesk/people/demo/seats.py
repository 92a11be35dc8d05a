"""Posts held in turn, and the periods that follow from them.

A seat is a post in a team (or in the organisation) with a job title and
the seat of its line supervisor. People occupy seats one after another;
everything dated about a person (team memberships, line relationships,
cases they can hold) is derived from their occupancies, so periods of the
same kind never overlap and a line supervisor is in post whenever the
relationship is, by construction.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from supervisiondesk.people.demo.cases import Tenure

LEADERS = {"director", "senior", "sm", "psw", "tm"}
# Share of a full caseload, by family; families not listed hold no cases.
CASELOAD = {
    "social_work": 1.0,
    "reviewer": 1.0,
    "support": 1.0,
    "other": 1.0,
    "caseworker": 1.0,
    "ps": 0.5,
}
# New starters and people on a plan carry lighter caseloads.
CATEGORY_CASELOAD = {
    "asye": 0.6,
    "newly_qualified": 0.6,
    "induction": 0.5,
    "performance_plan": 0.8,
}
ABSENCES = (("sickness", 0.06, 28, 180), ("parental", 0.035, 120, 365))  # kind, share, days


class Seat:
    __slots__ = ("family", "line", "occupants", "role", "team", "title")

    def __init__(self, team: int, role: str, family: str, title: str, line: Seat | None) -> None:
        self.team = team
        self.role = role  # director, senior, psw, sm, tm, ps, business, worker, external
        self.family = family  # what decides the category path and the caseload
        self.title = title
        self.line = line  # the seat of this seat's line supervisor
        self.occupants: list[list] = []  # [person index, first day, last day or None]


@dataclass(slots=True)
class Person:
    start: int
    family: str
    team: int  # the first team, which decides the professional supervisor
    fte: str
    end: int | None = None
    categories: list = field(default_factory=list)

    def category_on(self, day: int) -> str | None:
        for category, a, b in self.categories:
            if a <= day and (b is None or day <= b):
                return category
        return None


@dataclass
class NationalPlan:
    today: int
    history_start: int
    services: list[tuple[str, str]]  # (name, service type)
    teams: list[tuple[int, str, str]]  # (service, code, name)
    area_of_team: list[int]
    staff: list[Person]
    memberships: list[tuple] = field(default_factory=list)  # (staff, team, title, fte, a, b)
    categories: list[tuple] = field(default_factory=list)  # (staff, category, a, b)
    relationships: list[tuple] = field(default_factory=list)  # (supervisee, supervisor, kind, a, b)
    absences: list[tuple] = field(default_factory=list)  # (staff, kind, a, b)
    pools: list[tuple[int, list[Tenure]]] = field(default_factory=list)  # (team, tenures)
    current: list[tuple[int, Tenure, float]] = field(default_factory=list)  # (team, tenure, weight)
    cases: list[tuple[str, str]] = field(default_factory=list)  # (case id, case system)
    case_periods: list[tuple] = field(default_factory=list)  # (case, worker, type, risk, a, b)
    logins: dict[str, int] = field(default_factory=dict)  # user name → staff index


def intersect(a: int, b: int | None, c: int, d: int | None) -> tuple[int, int | None] | None:
    start = max(a, c)
    end = b if d is None else d if b is None else min(b, d)
    return (start, end) if end is None or start <= end else None


def turnover(
    rng: random.Random,
    people: list[Person],
    seats: list[Seat],
    leavers: int,
    occupy: Callable[[Seat, int], int],
    *,
    today: int,
    mover_share: float,
) -> None:
    """`leavers` people leave during the history; each seat is taken again
    by a starter or, for social work posts, by a colleague who moves team
    (whose own seat then goes to a starter)."""
    t = today
    eligible = [i for i, s in enumerate(seats) if people[s.occupants[0][0]].start < t - 150]
    chosen = sorted(rng.sample(eligible, min(leavers, len(eligible))))
    leaving = set(chosen)
    social_work = [i for i, s in enumerate(seats) if s.family == "social_work"]
    touched: set[int] = set()
    for i in chosen:
        seat = seats[i]
        occupancy = seat.occupants[0]
        last = rng.randint(occupancy[1] + 30, t - 14)
        occupancy[2] = last
        people[occupancy[0]].end = last
        # Managers hand over the day they leave: supervisees are never
        # without a line supervisor.
        gap = 0 if seat.role in ("tm", "ps") else rng.randint(0, 45)
        arrival = last + 1 + gap
        touched.add(i)
        if seat.family == "social_work" and rng.random() < mover_share:
            for _attempt in range(10):
                j = social_work[rng.randrange(len(social_work))]
                source = seats[j]
                if (
                    j in leaving
                    or j in touched
                    or source.team == seat.team
                    or source.occupants[0][1] >= arrival - 60
                ):
                    continue
                mover = source.occupants[0]
                mover[2] = arrival - 1
                seat.occupants.append([mover[0], arrival, None])
                touched.add(j)
                occupy(source, arrival + rng.randint(0, 45))
                break
            else:
                occupy(seat, arrival)
        else:
            occupy(seat, arrival)


def derive_periods(
    rng: random.Random,
    plan: NationalPlan,
    seats: list[Seat],
    professional_of: Callable[[Person], int],
    externals: list[Seat],
    director: Seat,
) -> None:
    """Memberships, relationships, absences and pools of case holders."""
    t, h = plan.today, plan.history_start
    people = plan.staff
    for seat in seats:
        supervisors = seat.line.occupants if seat.line is not None else ()
        for person, a, b in seat.occupants:
            plan.memberships.append((person, seat.team, seat.title, people[person].fte, a, b))
            for supervisor, c, d in supervisors:
                both = intersect(a, b, c, d)
                if both:
                    plan.relationships.append((person, supervisor, "line", *both))
            if seat.family == "caseworker":
                # Interagency caseworkers: supervised by their own agency.
                external = externals[person % len(externals)].occupants[0][0]
                plan.relationships.append((person, external, "external", a, b))
    for person, a, b in director.occupants:
        coach = externals[0].occupants[0][0]
        plan.relationships.append((person, coach, "external", a, b))
    for index, person in enumerate(people):
        for category, a, b in person.categories:
            plan.categories.append((index, category, a, b))
            if category in ("asye", "newly_qualified"):
                plan.relationships.append((index, professional_of(person), "professional", a, b))
        if person.family == "external":
            continue  # another agency's staff: their absences are not recorded here
        first = max(person.start, h)
        last = min(person.end or t + 120, t + 120)
        for kind, share, shortest, longest in ABSENCES:
            if first <= last and rng.random() < share:
                a = rng.randint(first, last)
                b = a + rng.randint(shortest, longest) - 1
                plan.absences.append(
                    (index, kind, a, b if person.end is None else min(b, person.end))
                )
    pools: dict[int, list[Tenure]] = {}
    for seat in seats:
        share = CASELOAD.get(seat.family if seat.role == "worker" else seat.role)
        if not share:
            continue
        for person, a, b in seat.occupants:
            tenure = Tenure(person, a, b)
            pools.setdefault(seat.team, []).append(tenure)
            if b is None and a <= t:
                category = people[person].category_on(t)
                weight = share * CATEGORY_CASELOAD.get(category, 1.0)
                plan.current.append((seat.team, tenure, weight))
    plan.pools = sorted(pools.items())
