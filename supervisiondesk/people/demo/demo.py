"""The demo organisation: the roster made into dated periods, then written
through `people.services`, so every row passes the models' own checks
(cases and case periods excepted: they are bulk-inserted after the same
rules are checked without queries, see `_validate_cases`). Two years of
supervision follow (`supervision.py`: sessions, case discussions and
agreements, bulk-inserted after their checks).

Planning is pure (a `DemoPlan` of ordinals, from the seed and today only)
and writing is separate, so the plan can be checked on its own.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from django.db import transaction

from supervisiondesk.people import services
from supervisiondesk.people.choices import RelationshipKind
from supervisiondesk.people.demo import mix
from supervisiondesk.people.demo.cases import HolderIndex, Spell, Tenure, case_history
from supervisiondesk.people.demo.common import (
    SeedError,
    SeedReport,
    create_logins,
    organisation_rows,
    prepare_organisation,
)
from supervisiondesk.people.demo.names import NamePicker
from supervisiondesk.people.demo.paths import category_periods
from supervisiondesk.people.demo.roster import (
    CASE_ID_PREFIX,
    EMAIL_DOMAIN,
    ORGANISATION,
    ROSTER,
    SERVICES,
    SOURCE_SYSTEM,
    STAFF_ID_PREFIX,
    TEAMS,
    TOTAL_CASES,
    Person,
)
from supervisiondesk.people.demo.supervision import plan_demo_supervision, write_supervision
from supervisiondesk.people.models import Case, CasePeriod, PeriodModel, StaffMember
from supervisiondesk.people.periods import first_overlap, overlaps
from supervisiondesk.people.selectors import supervisees_of, team_of
from supervisiondesk.policies.selectors import policy_timeline
from supervisiondesk.quality.services import audit_sample_assign
from supervisiondesk.supervision.models import SupervisionSession
from supervisiondesk.supervision.services.groups import group_create
from supervisiondesk.supervision.services.sessions import session_plan

TEAM_TYPES = {code: types for code, _name, _service, types in TEAMS}
# Their first category is the one a professional supervisor oversees.
SUPPORTED_FIRST = {"asye", "newly_qualified", "induction"}

Window = tuple[int, int | None]


@dataclass
class PersonPlan:
    spec: Person
    index: int
    name: str
    staff_id: str
    start: int
    end: int | None
    memberships: list[tuple[str, str, int, int | None]] = field(default_factory=list)
    categories: list[tuple[str, int, int | None]] = field(default_factory=list)
    # (kind, supervisor key, start, end)
    relationships: list[tuple[str, str, int, int | None]] = field(default_factory=list)
    absences: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def window(self) -> Window:
        """In post, within the history."""
        return self.memberships[0][2], self.end


@dataclass
class DemoPlan:
    today: int
    history_start: int
    people: list[PersonPlan]
    cases: list[tuple[str, str, list[Spell]]]  # (case id, case type, spells)


def _intersect(a: Window, b: Window) -> Window | None:
    start = max(a[0], b[0])
    ends = [e for e in (a[1], b[1]) if e is not None]
    end = min(ends) if ends else None
    return (start, end) if end is None or start <= end else None


def plan_demo(*, seed: int, today: date) -> DemoPlan:
    """The roster as dated periods and ~600 case histories; depends only on
    `seed` and `today` (roster order, never set or dict-hash order)."""
    rng = random.Random(seed)
    t = today.toordinal()
    h = t - mix.HISTORY_DAYS
    names = NamePicker(rng, unique=True)
    people: dict[str, PersonPlan] = {}
    for index, spec in enumerate(ROSTER):
        if spec.start is None:
            start = t - rng.randint(3 * 365, 15 * 365)
        elif isinstance(spec.start, str):
            start = people[spec.start.removeprefix("after:")].end + 1
        else:
            start = t - spec.start + rng.randint(-6, 6)
        end = None if spec.left is None else t - spec.left + rng.randint(-6, 6)
        person = PersonPlan(
            spec, index, names.name(), f"{STAFF_ID_PREFIX}{index + 1:04d}", start, end
        )
        first = max(start, h)
        if spec.moved:
            earlier, days = spec.moved
            moved = t - days + rng.randint(-6, 6)
            title = "Social Worker" if "Social Worker" in spec.title else spec.title
            person.memberships.append((earlier, title, first, moved - 1))
            person.memberships.append((spec.team, spec.title, moved, end))
        else:
            person.memberships.append((spec.team, spec.title, first, end))
        person.categories = category_periods(
            spec.path, start=start, end=end, today=t, history_start=h
        )
        for kind, days, length in spec.absences:
            person.absences.append((kind, t - days, t - days + length - 1))
        people[spec.key] = person

    managers: dict[str, list[tuple[str, Window]]] = {}
    for person in people.values():
        if person.spec.manages:
            for team, _title, a, b in person.memberships:
                managers.setdefault(team, []).append((person.spec.key, (a, b)))
    for person in people.values():
        _relationships(person, people, managers)
    return DemoPlan(t, h, list(people.values()), _cases(rng, people, t, h))


def _relationships(person: PersonPlan, people: dict, managers: dict) -> None:
    spec = person.spec
    for team, _title, a, b in person.memberships:
        if spec.line == "tm":
            bosses = managers[team]
        elif spec.line:
            bosses = [(spec.line, people[spec.line].window)]
        else:
            bosses = []
        for key, window in bosses:
            both = _intersect((a, b), window)
            if both:
                person.relationships.append((RelationshipKind.LINE, key, *both))
    for kind, key in (
        (RelationshipKind.PROFESSIONAL, spec.professional),
        (RelationshipKind.EXTERNAL, spec.external),
    ):
        if key is None:
            continue
        window = person.window
        first = person.categories[0]
        if kind == RelationshipKind.PROFESSIONAL and first[0] in SUPPORTED_FIRST:
            window = (first[1], first[2])
        both = _intersect(window, people[key].window)
        if both:
            person.relationships.append((kind, key, *both))


def _mix(types: str) -> tuple[tuple[str, int], ...]:
    return tuple(
        (token.partition(":")[0], int(token.partition(":")[2] or 1)) for token in types.split()
    )


def _cases(rng: random.Random, people: dict, t: int, h: int) -> list:
    pools: dict[tuple[str, str], list[Tenure]] = {}
    holders = [p for p in people.values() if p.spec.caseload]
    for person in holders:
        for team, _title, a, b in person.memberships:
            own = person.spec.types if team == person.spec.team else ""
            for case_type, _weight in _mix(own or TEAM_TYPES[team]):
                pools.setdefault((team, case_type), []).append(Tenure(person.index, a, b))
    index = HolderIndex(pools.items())
    cases: list[tuple[str, list[Spell]]] = []
    open_by_pool = dict.fromkeys(pools, 0)
    for person in holders:
        team, _title, a, b = person.memberships[-1]
        if b is not None or a > t:
            continue
        case_mix = _mix(person.spec.types or TEAM_TYPES[team])
        for _n in range(person.spec.caseload):
            case_type = mix.weighted(rng, case_mix)
            open_by_pool[(team, case_type)] += 1
            opened = max(h, t - mix.case_days(rng, case_type) + 1)
            spells = case_history(
                rng,
                index,
                (team, case_type),
                Tenure(person.index, a, b),
                opened=opened,
                last_day=t,
                is_open=True,
                risk=mix.first_risk(rng, case_type),
                risk_change=mix.RISK_CHANGE,
                handover=mix.HANDOVER,
            )
            cases.append((case_type, spells))
    keys = list(open_by_pool)
    closed = mix.share_out(TOTAL_CASES - len(cases), [open_by_pool[k] for k in keys])
    for (team, case_type), count in zip(keys, closed, strict=True):
        for _n in range(count):
            for _attempt in range(10):
                last_day = rng.randint(h + 30, t - 1)
                on_day = index.on((team, case_type), last_day)
                if on_day:
                    break
            else:
                continue
            holder = on_day[rng.randrange(len(on_day))]
            opened = max(h, last_day - mix.case_days(rng, case_type) + 1)
            spells = case_history(
                rng,
                index,
                (team, case_type),
                holder,
                opened=opened,
                last_day=last_day,
                is_open=False,
                risk=mix.first_risk(rng, case_type),
                risk_change=mix.RISK_CHANGE,
                handover=mix.HANDOVER,
            )
            cases.append((case_type, spells))
    # Case numbers rise with time, as a case system issues them.
    order = sorted(range(len(cases)), key=lambda i: (cases[i][1][0][1], i))
    return [
        (f"{CASE_ID_PREFIX}{200001 + n}", cases[i][0], cases[i][1]) for n, i in enumerate(order)
    ]


def check_plan(plan: DemoPlan) -> list[str]:
    """Rules the generator keeps by construction, checked on the plan:
    every period of a person within their time in post, supervisors in post."""
    problems = []
    by_key = {p.spec.key: p for p in plan.people}
    by_index = {p.index: p for p in plan.people}

    def within(window: Window, outer: Window) -> bool:
        return _intersect(window, outer) == window

    for person in plan.people:
        windows = [(a, b) for _category, a, b in person.categories]
        windows += [(a, b) for _team, _title, a, b in person.memberships]
        windows += [(a, b) for _kind, _key, a, b in person.relationships]
        windows += [(a, b) for _kind, a, b in person.absences]
        for window in windows:
            if not within(window, person.window):
                problems.append(f"{person.spec.key}: {window} outside {person.window}")
        for _kind, key, a, b in person.relationships:
            if not within((a, b), by_key[key].window):
                problems.append(f"{person.spec.key}: supervisor {key} not in post")
    for case_id, _type, spells in plan.cases:
        for worker, a, b, _risk in spells:
            if not within((a, b), by_index[worker].window):
                problems.append(f"{case_id}: worker {by_index[worker].spec.key} not in post")
        for before, after in pairwise(spells):
            if before[2] is None or before[2] + 1 != after[1]:
                problems.append(f"{case_id}: periods do not follow each other")
            if overlaps(before[1], before[2], after[1], after[2]):
                problems.append(f"{case_id}: periods overlap")
    return problems


def _supervision_group(facilitator: StaffMember, *, today: date) -> None:
    """The demo supervisor's team meets as a reflective group, with its next
    session planned: written through the services, as the pages would."""
    facilitator = StaffMember.objects.select_related("user", "organisation").get(pk=facilitator.pk)
    policy = policy_timeline(organisation=facilitator.organisation).at(today)
    # Those the policy's group rule covers, as in the generated history.
    members = [
        row.staff
        for row in supervisees_of(staff=facilitator, on=today)
        if policy.group is not None
        and row.category is not None
        and row.category.category in policy.group.categories
    ]
    membership = team_of(staff=facilitator, on=today)
    if len(members) < 2 or membership is None:
        return
    group = group_create(
        organisation=facilitator.organisation,
        name=f"{membership.team.name}: reflective group",
        facilitator=facilitator,
        members=members,
        team=membership.team,
        by=facilitator.user,
    )
    # After the generated history, with the next of its ids (s and six
    # digits, in date order), so that the same seed gives the same demo.
    last = (
        SupervisionSession.objects.filter(organisation=facilitator.organisation)
        .order_by("-date", "-session_id")
        .first()
    )
    session = session_plan(
        supervisor=facilitator,
        kind="group",
        group=group,
        date=max(last.date, date.fromordinal(today.toordinal() + 1)),
        planned_minutes=90,
        place="Meeting room 2",
        by=facilitator.user,
    )
    session.session_id = f"s{int(last.session_id[1:]) + 1:06d}"
    session.save(update_fields=["session_id"])


def _audit_sample(auditor: StaffMember, by: StaffMember, *, today: date) -> None:
    """The demo auditor's sample: a dozen formal one-to-one records of the
    last three months, spread over the organisation (issue 6 draws samples
    at random from a page)."""
    auditor = StaffMember.objects.select_related("user", "organisation").get(pk=auditor.pk)
    by = StaffMember.objects.select_related("user").get(pk=by.pk)
    held = list(
        SupervisionSession.objects.filter(
            organisation=auditor.organisation,
            kind="individual_formal",
            status="held",
            date__gte=date.fromordinal(today.toordinal() - 92),
            date__lte=today,
        ).order_by("session_id")
    )
    if not held:
        return
    step = max(len(held) // 12, 1)
    audit_sample_assign(
        organisation=auditor.organisation,
        auditor=auditor.user,
        title="Quarterly audit of one-to-one records",
        sessions=held[::step][:12],
        closes_on=date.fromordinal(today.toordinal() + 90),
        by=by.user,
    )


def _validate_cases(cases: list[Case], periods: list[CasePeriod]) -> None:
    """`full_clean()` without its queries: 1,400 rows through the services
    cost seconds, and the rules need no database for rows of new cases
    (the workers are this organisation's by construction)."""
    if len({case.case_id for case in cases}) != len(cases):
        raise SeedError("Two demo cases have the same case id.")
    for case in cases:
        case.clean_fields(exclude=["organisation"])
    by_case: dict[str, list[CasePeriod]] = defaultdict(list)
    for period in periods:
        period.clean_fields(exclude=["case", "worker"])
        PeriodModel.clean(period)  # the end is not before the start
        by_case[period.case.case_id].append(period)
    for case_id, group in by_case.items():
        if first_overlap(group):
            raise SeedError(f"The periods of demo case {case_id} overlap.")


@transaction.atomic
def seed_demo(*, seed: int, today: date, password: str, reset: bool) -> SeedReport:
    """Write the demo organisation, all or nothing."""
    prepare_organisation(ORGANISATION, reset=reset)
    plan = plan_demo(seed=seed, today=today)
    day = date.fromordinal
    since = day(plan.history_start)

    def opt(value: int | None) -> date | None:
        return None if value is None else day(value)

    organisation = services.organisation_create(
        name=ORGANISATION,
        country="GB-ENG",
        time_zone="Europe/London",
        policy="southwark-2021",
        policy_from=since,  # the policy the whole history was kept under
    )
    service_of = {
        service_type: services.service_create(
            organisation=organisation, name=name, service_type=service_type, start_date=since
        )
        for service_type, name in SERVICES
    }
    teams = {
        code: services.team_create(
            service=service_of[service_type], code=code, name=name, start_date=since
        )
        for code, name, service_type, _types in TEAMS
    }
    staff: dict[str, StaffMember] = {}
    for person in plan.people:
        member = services.staff_create(
            organisation=organisation,
            staff_id=person.staff_id,
            name=person.name,
            start_date=day(person.start),
            end_date=opt(person.end),
        )
        staff[person.spec.key] = member
        for team, title, a, b in person.memberships:
            services.team_membership_add(
                staff=member,
                team=teams[team],
                start_date=day(a),
                end_date=opt(b),
                job_title=title,
                fte=person.spec.fte,
            )
        for category, a, b in person.categories:
            services.category_period_add(
                staff=member, category=category, start_date=day(a), end_date=opt(b)
            )
        for kind, a, b in person.absences:
            services.absence_add(staff=member, kind=kind, start_date=day(a), end_date=day(b))
    for person in plan.people:
        for kind, key, a, b in person.relationships:
            services.relationship_add(
                supervisee=staff[person.spec.key],
                supervisor=staff[key],
                kind=kind,
                start_date=day(a),
                end_date=opt(b),
            )
    by_index = {person.index: staff[person.spec.key] for person in plan.people}
    cases, periods = [], []
    for case_id, case_type, spells in plan.cases:
        case = Case(organisation=organisation, case_id=case_id, source_system=SOURCE_SYSTEM)
        cases.append(case)
        for worker, a, b, risk in spells:
            periods.append(
                CasePeriod(
                    case=case,
                    worker=by_index[worker],
                    case_type=case_type,
                    risk=risk,
                    start_date=day(a),
                    end_date=opt(b),
                )
            )
    _validate_cases(cases, periods)
    Case.objects.bulk_create(cases)  # sets the keys the periods point at
    CasePeriod.objects.bulk_create(periods)
    staffing, supervision = plan_demo_supervision(plan, seed=seed)
    write_supervision(staffing, supervision, organisation=organisation, staff=by_index, cases=cases)
    logins = create_logins(staff, password=password, email_domain=EMAIL_DOMAIN)
    _supervision_group(staff["supervisor"], today=today)
    _audit_sample(staff["auditor"], staff["admin"], today=today)
    # Feedback, a drawn and graded audit sample, a self-assessment.
    from supervisiondesk.quality.demo import seed_quality

    seed_quality(organisation=organisation, today=today)
    # A working calendar feed for the demo practitioner.
    from supervisiondesk.calendars.demo import seed_calendar_feeds

    seed_calendar_feeds(organisation=organisation, today=today)
    # Learning plans, self-assessments, a wellbeing plan, CPD, an observation.
    from supervisiondesk.development.demo import seed_development

    seed_development(organisation=organisation, today=today)
    # Reflections and carried-over actions for the drift signals (before the
    # snapshots, which count them).
    from supervisiondesk.reports.demo import seed_drift

    seed_drift(organisation=organisation, today=today)
    # The dashboards' trends: the figures at the last twelve month ends.
    from supervisiondesk.reports.services import snapshots_refresh

    snapshots_refresh(organisation=organisation, today=today)
    return SeedReport(
        organisation=organisation.name, rows=organisation_rows(organisation), logins=logins
    )
