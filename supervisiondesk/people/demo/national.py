"""The national dataset's structure and people, planned as plain rows.

Several organisations' worth of services in one organisation: areas of five
services each, ten teams per service, about seventy posts per team (a team
manager, a business support officer, practice supervisors each leading a
pod of about seven practitioners). Posts are seats that people occupy in
turn: a leaver's seat goes to a starter, or to a colleague who moves team;
a manager's seat is never empty, so supervisees always have a line
supervisor in post. Every period derives from the seats, so none overlaps
and nobody supervises themselves, by construction (`bulk.check_plan`
checks it anyway with `people.periods`).

Rows hold generator indices (staff member n, team n) and day ordinals;
`bulk` turns them into primary keys and database dates.
"""

from __future__ import annotations

import random

from supervisiondesk.people.demo import mix
from supervisiondesk.people.demo.names import AREAS
from supervisiondesk.people.demo.paths import category_periods
from supervisiondesk.people.demo.seats import (
    LEADERS,
    NationalPlan,
    Person,
    Seat,
    derive_periods,
    turnover,
)

ORGANISATION = "National Children's Services (benchmark)"
EMAIL_DOMAIN = "national-childrens-services.example"
SERVICES_PER_AREA = 5
STAFF_PER_SERVICE = 750
STAFF_PER_TEAM = 75
PRACTITIONERS_PER_SUPERVISOR = 8  # posts per practice supervisor, the supervisor included
LEAVER_SHARE = 0.07  # of staff records: people who left during the history
MOVER_SHARE = 0.25  # of social work vacancies, filled by a colleague from another team
MIN_STAFF = 100

# Service types in the order areas get them: the first services of a small
# run cover the commonest types.
ROTATION = (
    "cp", "cla", "feh", "cin", "assessment",
    "care_leaver", "fostering", "yos", "clinical", "qa",
    "general", "cin", "cp", "cla", "feh",
    "assessment", "cin", "cp", "cla", "feh",
)  # fmt: skip
SERVICE_NAMES = {
    "feh": "Early Help",
    "assessment": "Assessment",
    "cin": "Children in Need",
    "cp": "Child Protection",
    "cla": "Children in Care",
    "care_leaver": "Leaving Care",
    "fostering": "Fostering",
    "yos": "Youth Justice",
    "clinical": "Clinical Service",
    "qa": "Quality Assurance and Reviewing",
    "general": "Partner Casework",
}
# Practitioner posts by service type: (family, job title, weight).
WORKERS: dict[str, tuple[tuple[str, str, int], ...]] = {
    "feh": (("support", "Family Support Worker", 1), ("social_work", "Early Help Practitioner", 1)),
    "care_leaver": (("support", "Personal Adviser", 7), ("social_work", "Social Worker", 3)),
    "yos": (("other", "Youth Justice Officer", 2), ("social_work", "Social Worker", 3)),
    "clinical": (("other", "Clinical Practitioner", 1),),
    "general": (("caseworker", "Caseworker", 1),),
    "qa": (("reviewer", "Independent Reviewing Officer", 1),),
    "fostering": (("social_work", "Supervising Social Worker", 1),),
    "cla": (("social_work", "Social Worker", 17), ("residential", "Residential Care Worker", 3)),
}
DEFAULT_WORKERS = (("social_work", "Social Worker", 1),)
FTES = ("1.00",) * 8 + ("0.80", "0.60", "0.50")


def _area_name(area: int) -> str:
    name = AREAS[area % len(AREAS)]
    return name if area < len(AREAS) else f"{name} {area // len(AREAS) + 1}"


def _path(rng: random.Random, family: str, start: int, history_start: int) -> str:
    recent = start >= history_start - 365
    if family in LEADERS:
        return "manager"
    if family == "social_work":
        if recent:
            draw = rng.random()
            if draw < 0.45:
                return "asye+365>qualified"
            if draw < 0.80:
                return f"induction+{rng.randint(90, 180)}>qualified"
            if draw < 0.88:
                return "newly_qualified+365>qualified"
            return "qualified"
        if rng.random() < 0.05:
            began = rng.randint(30, 700)
            ended = began - rng.randint(60, 240)
            if ended > 0 and rng.random() < 0.6:
                return f"qualified@{began}>performance_plan@{ended}>qualified"
            return f"qualified@{began}>performance_plan"
        return "qualified"
    if family in ("reviewer", "ps"):
        return f"induction+{rng.randint(60, 120)}>qualified" if recent else "qualified"
    if family in ("support", "business"):
        if recent and rng.random() < 0.5:
            return f"induction+{rng.randint(60, 120)}>support_staff"
        return "support_staff"
    if family == "residential":
        return "induction+60>residential" if recent and rng.random() < 0.3 else "residential"
    if family == "caseworker":
        return "caseworker"
    return "other"


def plan_national(*, seed: int, today: int, staff: int) -> NationalPlan:
    """Structure, people and their periods; `national_cases` adds the cases."""
    rng = random.Random(seed)
    t, h = today, today - mix.HISTORY_DAYS
    n_services = max(3, round(staff / STAFF_PER_SERVICE))
    n_teams = max(2 * n_services, round(staff / STAFF_PER_TEAM))
    n_groups = -(-n_services // SERVICES_PER_AREA)
    n_external = max(2, staff // 1000)

    services = []
    for s in range(n_services):
        service_type = ROTATION[s % len(ROTATION)]
        area = _area_name(s // SERVICES_PER_AREA)
        services.append((f"{SERVICE_NAMES[service_type]}, {area}", service_type))
    teams, area_of_team = [], []
    service_of = [team % n_services for team in range(n_teams)]
    for team in range(n_teams):
        s = service_of[team]
        k = team // n_services + 1
        name, service_type = services[s]
        slug = _area_name(s // SERVICES_PER_AREA).lower().replace(" ", "-")
        teams.append((s, f"{service_type}-{slug}-{k}", f"{name} {k}"))
        area_of_team.append(s // SERVICES_PER_AREA)

    # Organisation-wide posts. Team `s` is the first team of service `s`.
    director = Seat(0, "director", "director", "Director of Children's Services", None)
    seniors = [
        Seat(g * SERVICES_PER_AREA, "senior", "senior", "Head of Service", director)
        for g in range(n_groups)
    ]
    psws = [
        Seat(g * SERVICES_PER_AREA, "psw", "psw", "Principal Social Worker", seniors[g])
        for g in range(n_groups)
    ]
    sms = [
        Seat(s, "sm", "sm", "Service Manager", seniors[s // SERVICES_PER_AREA])
        for s in range(n_services)
    ]
    externals = [
        Seat(k % n_teams, "external", "other", "External Supervisor", None)
        for k in range(n_external)
    ]
    org_seats = [director, *seniors, *psws, *sms, *externals]
    remaining = staff - len(org_seats)
    leavers = round(remaining * LEAVER_SHARE)
    team_posts = remaining - leavers
    # Teams of uneven size, at least a manager and three others.
    weights = [rng.uniform(0.6, 1.4) for _team in range(n_teams)]
    sizes = [4 + n for n in mix.share_out(team_posts - 4 * n_teams, weights)]

    team_seats: list[Seat] = []
    tms: list[Seat] = []
    for team, size in enumerate(sizes):
        tm = Seat(team, "tm", "tm", "Team Manager", sms[service_of[team]])
        tms.append(tm)
        seats = [tm]
        if size >= 6:
            seats.append(Seat(team, "business", "business", "Business Support Officer", tm))
        posts = size - len(seats)
        pss = [
            Seat(team, "ps", "ps", "Practice Supervisor", tm)
            for _n in range(posts // PRACTITIONERS_PER_SUPERVISOR)
        ]
        seats += pss
        choices = WORKERS.get(services[service_of[team]][1], DEFAULT_WORKERS)
        for n in range(posts - len(pss)):
            family, title, _weight = rng.choices(choices, weights=[c[2] for c in choices])[0]
            # The team manager leads a small pod; practice supervisors the rest.
            line = tm if not pss or n < 3 else pss[(n - 3) % len(pss)]
            seats.append(Seat(team, "worker", family, title, line))
        team_seats += seats

    people: list[Person] = []

    def occupy(seat: Seat, start: int) -> int:
        family = seat.family if seat.role == "worker" else seat.role
        fte = rng.choice(FTES) if seat.role in ("worker", "business") else "1.00"
        people.append(Person(start, family, seat.team, fte))
        seat.occupants.append([len(people) - 1, max(start, h), None])
        return len(people) - 1

    for seat in org_seats:
        occupy(seat, h - rng.randint(365, 12 * 365))
    for seat in team_seats:
        if seat.role in LEADERS or seat.role == "ps" or rng.random() < 0.88:
            occupy(seat, h - rng.randint(1, 15 * 365))
        else:
            occupy(seat, h + rng.randint(0, 700))  # a new post

    turnover(rng, people, team_seats, leavers, occupy, today=t, mover_share=MOVER_SHARE)
    for person in people:
        person.categories = category_periods(
            _path(rng, person.family, person.start, h),
            start=person.start,
            end=person.end,
            today=t,
            history_start=h,
        )
    plan = NationalPlan(t, h, services, teams, area_of_team, people)

    def professional_of(person: Person) -> int:
        return psws[service_of[person.team] // SERVICES_PER_AREA].occupants[0][0]

    derive_periods(rng, plan, org_seats + team_seats, professional_of, externals, director)
    plan.logins = _logins(plan, director, tms, sms, seniors, psws, team_seats, services, service_of)
    return plan


def _holder(seat: Seat, day: int) -> int | None:
    for person, a, b in seat.occupants:
        if a <= day and (b is None or day <= b):
            return person
    return None


def _logins(
    plan: NationalPlan,
    director: Seat,
    tms: list[Seat],
    sms: list[Seat],
    seniors: list[Seat],
    psws: list[Seat],
    team_seats: list[Seat],
    services: list[tuple[str, str]],
    service_of: list[int],
) -> dict[str, int]:
    """Staff for the seven demo logins: a qualified social worker in a team
    manager's own pod (child protection first), that manager, their service
    manager and head of service, and a reviewing officer and business
    support officer for the auditor and administrator."""
    t = plan.today

    def candidates(service_types: tuple[str, ...]):
        for seat in team_seats:
            if seat.family != "social_work" or seat.line is not tms[seat.team]:
                continue
            if services[service_of[seat.team]][1] not in service_types:
                continue
            person = _holder(seat, t)
            if person is not None and plan.staff[person].category_on(t) == "qualified":
                yield seat, person

    found = next(candidates(("cp", "cin")), None) or next(candidates(tuple(SERVICE_NAMES)), None)
    if found is None:
        raise ValueError("No qualified social worker in a team manager's pod.")
    seat, practitioner = found
    service = service_of[seat.team]
    by_role: dict[str, list[Seat]] = {}
    for other in team_seats:
        by_role.setdefault(other.family, []).append(other)
    reviewers = [_holder(s, t) for s in by_role.get("reviewer", [])]
    business = sorted(
        by_role.get("business", []), key=lambda s: (s.team != seat.team, s.team)
    )  # the supervisor's team first
    admins = [_holder(s, t) for s in business]
    return {
        "practitioner": practitioner,
        "supervisor": _holder(tms[seat.team], t),
        "manager": _holder(sms[service], t),
        "senior": _holder(seniors[service // SERVICES_PER_AREA], t),
        "director": _holder(director, t),
        # Without a reviewing service (a small run), the principal social
        # worker, who leads quality assurance, audits.
        "auditor": next((p for p in reviewers if p is not None), None) or _holder(psws[0], t),
        "admin": next(p for p in admins if p is not None),
    }
