"""Reads for the people pages, each taking the requesting user's staff record.

The rules of who may see whom grow in issue 5 (`access.py`); for now a user
sees their own supervisors, supervisees and caseload, and managers the teams
of the people they supervise, never another organisation's.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from supervisiondesk.people.models import (
    CasePeriod,
    CategoryPeriod,
    StaffMember,
    SupervisoryRelationship,
    Team,
    TeamMembership,
)


def active_on(day: date, prefix: str = "") -> Q:
    """Rows whose inclusive period (`start_date`..`end_date`) covers `day`;
    `prefix` reaches a related row's period (`"supervisee__"`)."""
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


@dataclass(frozen=True)
class SuperviseeRow:
    relationship: SupervisoryRelationship
    staff: StaffMember
    category: CategoryPeriod | None
    membership: TeamMembership | None
    open_cases: int


@dataclass(frozen=True)
class SupervisorRow:
    relationship: SupervisoryRelationship
    staff: StaffMember


def supervisees_of(*, staff: StaffMember, on: date) -> list[SuperviseeRow]:
    """The people `staff` supervises on `on`, with their category, team and caseload."""
    relationships = list(
        SupervisoryRelationship.objects.filter(active_on(on), supervisor=staff)
        .filter(active_on(on, "supervisee__"))
        .select_related("supervisee")
        .prefetch_related(
            Prefetch(
                "supervisee__categories",
                queryset=CategoryPeriod.objects.filter(active_on(on)),
                to_attr="categories_on",
            ),
            Prefetch(
                "supervisee__memberships",
                queryset=TeamMembership.objects.filter(active_on(on)).select_related("team"),
                to_attr="memberships_on",
            ),
        )
        .order_by("supervisee__name", "kind")
    )
    ids = {r.supervisee_id for r in relationships}
    open_cases = dict(
        CasePeriod.objects.filter(active_on(on), worker_id__in=ids)
        .values_list("worker_id")
        .annotate(n=Count("id"))
    )
    return [
        SuperviseeRow(
            relationship=r,
            staff=r.supervisee,
            category=next(iter(r.supervisee.categories_on), None),
            membership=next(iter(r.supervisee.memberships_on), None),
            open_cases=open_cases.get(r.supervisee_id, 0),
        )
        for r in relationships
    ]


def supervisors_of(*, staff: StaffMember, on: date) -> list[SupervisorRow]:
    relationships = (
        SupervisoryRelationship.objects.filter(active_on(on), supervisee=staff)
        .filter(active_on(on, "supervisor__"))
        .select_related("supervisor")
        .order_by("kind", "supervisor__name")
    )
    return [SupervisorRow(relationship=r, staff=r.supervisor) for r in relationships]


def category_of(*, staff: StaffMember, on: date) -> CategoryPeriod | None:
    return CategoryPeriod.objects.filter(active_on(on), staff=staff).first()


def team_of(*, staff: StaffMember, on: date) -> TeamMembership | None:
    return TeamMembership.objects.filter(active_on(on), staff=staff).select_related("team").first()


@dataclass(frozen=True)
class Caseload:
    periods: list[CasePeriod]
    by_type: list[tuple[str, int]]
    high_risk: int


def caseload_of(*, staff: StaffMember, on: date) -> Caseload:
    periods = list(
        CasePeriod.objects.filter(active_on(on), worker=staff)
        .select_related("case")
        .order_by("-risk", "case_type", "case__case_id")
    )
    counts = Counter(p.get_case_type_display() for p in periods)
    return Caseload(
        periods=periods,
        by_type=sorted(counts.items()),
        high_risk=sum(1 for p in periods if p.risk == "high"),
    )


@dataclass(frozen=True)
class TeamRow:
    team: Team
    staff: int
    open_cases: int


# Above this many teams a page shows one team at a time (Team compliance,
# the rows behind a dashboard figure, drift signals): a director's whole
# organisation may be 30,000 staff, and a page computes only what it shows.
ALL_TEAMS_LIMIT = 10


def visible_teams(*, staff: StaffMember, on: date, scope: str) -> QuerySet[Team]:
    """The teams a manager looks after on `on` (`accounts.roles.team_scope`).

    Managers see the teams of the people they supervise, directly or through
    the supervisors they manage; senior managers the teams of their services
    (the services of the teams they belong to on `on`); directors the whole
    organisation.
    """
    teams = Team.objects.filter(organisation=staff.organisation).select_related("service")
    if scope == "organisation":
        return teams
    if scope == "service":
        services = TeamMembership.objects.filter(active_on(on), staff=staff).values("team__service")
        return teams.filter(service__in=services)
    direct = set(
        SupervisoryRelationship.objects.filter(active_on(on), supervisor=staff).values_list(
            "supervisee_id", flat=True
        )
    )
    second = set(
        SupervisoryRelationship.objects.filter(active_on(on), supervisor_id__in=direct).values_list(
            "supervisee_id", flat=True
        )
    )
    people = direct | second
    return teams.filter(
        memberships__in=TeamMembership.objects.filter(active_on(on), staff_id__in=people)
    ).distinct()


def team_members(*, teams: Iterable[Team], on: date) -> dict[int, set[int]]:
    """Staff primary keys by team primary key, of the members on `on`."""
    members: dict[int, set[int]] = defaultdict(set)
    for team_id, staff_id in TeamMembership.objects.filter(
        active_on(on), team__in=teams
    ).values_list("team_id", "staff_id"):
        members[team_id].add(staff_id)
    return members


def supervisee_ids(*, staff: StaffMember, on: date) -> set[int]:
    """Primary keys of the people `staff` supervises on `on` (any kind)."""
    return set(
        SupervisoryRelationship.objects.filter(active_on(on), supervisor=staff).values_list(
            "supervisee_id", flat=True
        )
    )


def teams_overview(*, staff: StaffMember, on: date, scope: str) -> list[TeamRow]:
    """Teams with their head count and open cases on `on` (see `visible_teams`)."""
    teams = visible_teams(staff=staff, on=on, scope=scope)
    teams = list(teams.order_by("service__name", "name"))
    members = team_members(teams=teams, on=on)
    worker_team = {s: t for t, ids in members.items() for s in ids}
    cases: Counter[int] = Counter()
    for worker_id, n in (
        CasePeriod.objects.filter(active_on(on), worker_id__in=worker_team)
        .values_list("worker_id")
        .annotate(n=Count("id"))
    ):
        cases[worker_team[worker_id]] += n
    return [TeamRow(team=t, staff=len(members[t.id]), open_cases=cases[t.id]) for t in teams]
