"""Who may see whom: the staff directory behind the API's staff, teams,
relationships, categories, absences and case periods (docs/api.md).

The people rules follow the pages: everyone sees themself and their own
supervisors; a supervisor their supervisees; a manager everyone in the
teams they look after on the dashboard (`people.selectors.visible_teams`:
the teams of the people they supervise, directly or through supervisors);
a senior manager their services' teams; a director, an auditor and an
administrator the whole organisation's directory (names, teams, roles in
supervision: no record content, which stays with `privacy.rules`).

Absences (long-term sickness, parental leave) are personal: they follow the
same rule except for auditors, who audit records, not people.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from supervisiondesk.accounts.roles import Role, TeamScope, team_scope
from supervisiondesk.people.models import (
    Absence,
    CasePeriod,
    CategoryPeriod,
    StaffMember,
    SupervisoryRelationship,
    Team,
    TeamMembership,
)
from supervisiondesk.people.selectors import active_on, visible_teams
from supervisiondesk.privacy.rules import AnyUser, Viewer, viewer_of

DIRECTORY_ROLES = frozenset({Role.DIRECTOR, Role.AUDITOR, Role.ADMINISTRATOR})


def _whole_organisation(viewer: Viewer, *, for_absences: bool = False) -> bool:
    roles = viewer.roles - {Role.AUDITOR} if for_absences else viewer.roles
    return bool(roles & DIRECTORY_ROLES)


def _teams(viewer: Viewer) -> QuerySet[Team] | None:
    """The teams a manager, senior manager (or director) looks after."""
    if not viewer.roles & {Role.MANAGER, Role.SENIOR_MANAGER, Role.DIRECTOR}:
        return None
    return visible_teams(staff=viewer.staff, on=viewer.today, scope=team_scope(viewer.roles))


def _staff_rule(viewer: Viewer, *, for_absences: bool = False) -> Q:
    staff = viewer.staff
    today = viewer.today
    mine = SupervisoryRelationship.objects.filter(active_on(today))
    rule = (
        Q(pk=staff.pk)
        | Q(pk__in=mine.filter(supervisee=staff).values("supervisor"))
        | Q(pk__in=mine.filter(supervisor=staff).values("supervisee"))
    )
    if _whole_organisation(viewer, for_absences=for_absences):
        return Q()
    teams = _teams(viewer)
    if teams is not None:
        rule |= Q(
            pk__in=TeamMembership.objects.filter(active_on(today), team__in=teams).values("staff")
        )
    return rule


def visible_staff(user: AnyUser) -> QuerySet[StaffMember]:
    viewer = viewer_of(user)
    if viewer.staff is None:
        return StaffMember.objects.none()
    return StaffMember.objects.filter(_staff_rule(viewer), organisation_id=viewer.organisation_id)


def visible_team_rows(user: AnyUser) -> QuerySet[Team]:
    """Teams: those a manager looks after, the whole organisation's for the
    directory roles, and otherwise the teams of the people one sees."""
    viewer = viewer_of(user)
    if viewer.staff is None:
        return Team.objects.none()
    teams = Team.objects.filter(organisation_id=viewer.organisation_id)
    if _whole_organisation(viewer) or team_scope(viewer.roles) == TeamScope.ORGANISATION:
        return teams
    rule = Q(
        pk__in=TeamMembership.objects.filter(
            active_on(viewer.today), staff__in=visible_staff(user)
        ).values("team")
    )
    managed = _teams(viewer)
    if managed is not None:
        rule |= Q(pk__in=managed.values("pk"))
    return teams.filter(rule)


def visible_relationships(user: AnyUser) -> QuerySet[SupervisoryRelationship]:
    return SupervisoryRelationship.objects.filter(supervisee__in=visible_staff(user))


def visible_categories(user: AnyUser) -> QuerySet[CategoryPeriod]:
    return CategoryPeriod.objects.filter(staff__in=visible_staff(user))


def visible_absences(user: AnyUser) -> QuerySet[Absence]:
    viewer = viewer_of(user)
    if viewer.staff is None:
        return Absence.objects.none()
    staff = StaffMember.objects.filter(
        _staff_rule(viewer, for_absences=True), organisation_id=viewer.organisation_id
    )
    return Absence.objects.filter(staff__in=staff)


def visible_case_periods(user: AnyUser) -> QuerySet[CasePeriod]:
    """Who holds which case: the periods of the cases one may see
    (`privacy.rules.visible_cases`)."""
    from supervisiondesk.privacy.rules import visible_cases

    return CasePeriod.objects.filter(case__in=visible_cases(user))


def compliance_staff(user: AnyUser, *, on) -> set[int]:
    """Whose compliance (supervision due and overdue, their cases) a user
    may read on `on`: their own, their supervisees', the teams they look
    after; a director's and an auditor's whole organisation. Not an
    administrator's: configuration is not oversight."""
    viewer = viewer_of(user)
    if viewer.staff is None:
        return set()
    organisation_staff = StaffMember.objects.filter(organisation_id=viewer.organisation_id)
    if viewer.roles & {Role.DIRECTOR, Role.AUDITOR}:
        return set(organisation_staff.values_list("pk", flat=True))
    found = {viewer.staff.pk}
    found |= set(
        SupervisoryRelationship.objects.filter(active_on(on), supervisor=viewer.staff).values_list(
            "supervisee_id", flat=True
        )
    )
    if viewer.roles & {Role.MANAGER, Role.SENIOR_MANAGER}:
        teams = visible_teams(staff=viewer.staff, on=on, scope=team_scope(viewer.roles))
        found |= set(
            TeamMembership.objects.filter(active_on(on), team__in=teams).values_list(
                "staff_id", flat=True
            )
        )
    return found
