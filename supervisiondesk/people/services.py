"""Every write to people and structure. Keyword-only, atomic, validated.

Pages, the admin, the API (issue 8), the folder import and the demo seed
all write through here or through `full_clean()` on the same models, so an
invariant is enforced once. Bulk paths (`folder_import`, the national seed)
validate the same rules on whole files first, with `people.periods`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone

from supervisiondesk.people.models import (
    Absence,
    Case,
    CasePeriod,
    CategoryPeriod,
    Organisation,
    Service,
    StaffMember,
    SupervisoryRelationship,
    Team,
    TeamMembership,
)


def _save(obj: models.Model) -> models.Model:
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def organisation_create(
    *,
    name: str,
    country: str,
    time_zone: str = "Europe/London",
    policy: str = "southwark-2021",
    policy_from: date | None = None,
) -> Organisation:
    """A new organisation following the preset `policy` from `policy_from`
    (default: its today); as the first version it covers earlier days too."""
    from supervisiondesk.policies.services import policy_version_add  # policies needs people

    organisation = _save(Organisation(name=name, country=country, time_zone=time_zone))
    if policy_from is None:
        policy_from = timezone.localdate(timezone=ZoneInfo(time_zone))
    policy_version_add(organisation=organisation, effective_from=policy_from, preset=policy)
    return organisation


@transaction.atomic
def service_create(
    *, organisation: Organisation, name: str, service_type: str, start_date: date
) -> Service:
    return _save(
        Service(
            organisation=organisation, name=name, service_type=service_type, start_date=start_date
        )
    )


@transaction.atomic
def team_create(*, service: Service, code: str, name: str, start_date: date) -> Team:
    return _save(
        Team(
            organisation=service.organisation,
            service=service,
            code=code,
            name=name,
            start_date=start_date,
        )
    )


@transaction.atomic
def staff_create(
    *,
    organisation: Organisation,
    staff_id: str,
    name: str,
    start_date: date,
    end_date: date | None = None,
    country: str = "",
    team: Team | None = None,
    job_title: str = "",
    fte: str = "1.00",
    user=None,
) -> StaffMember:
    staff = _save(
        StaffMember(
            organisation=organisation,
            staff_id=staff_id,
            name=name,
            start_date=start_date,
            end_date=end_date,
            country=country,
            user=user,
        )
    )
    if team is not None:
        team_membership_add(
            staff=staff,
            team=team,
            start_date=start_date,
            end_date=end_date,
            job_title=job_title,
            fte=fte,
        )
    return staff


@transaction.atomic
def team_membership_add(
    *,
    staff: StaffMember,
    team: Team,
    start_date: date,
    end_date: date | None = None,
    job_title: str = "",
    fte: str = "1.00",
) -> TeamMembership:
    return _save(
        TeamMembership(
            staff=staff,
            team=team,
            start_date=start_date,
            end_date=end_date,
            job_title=job_title,
            fte=fte,
        )
    )


@transaction.atomic
def category_period_add(
    *, staff: StaffMember, category: str, start_date: date, end_date: date | None = None
) -> CategoryPeriod:
    return _save(
        CategoryPeriod(staff=staff, category=category, start_date=start_date, end_date=end_date)
    )


@transaction.atomic
def relationship_add(
    *,
    supervisee: StaffMember,
    supervisor: StaffMember,
    kind: str,
    start_date: date,
    end_date: date | None = None,
) -> SupervisoryRelationship:
    return _save(
        SupervisoryRelationship(
            supervisee=supervisee,
            supervisor=supervisor,
            kind=kind,
            start_date=start_date,
            end_date=end_date,
        )
    )


@transaction.atomic
def period_end(*, period: models.Model, end_date: date) -> models.Model:
    """Close an open period (a category, relationship, membership...) on `end_date`."""
    period.end_date = end_date
    return _save(period)


@transaction.atomic
def absence_add(
    *, staff: StaffMember, start_date: date, end_date: date, kind: str = "other"
) -> Absence:
    return _save(Absence(staff=staff, kind=kind, start_date=start_date, end_date=end_date))


@transaction.atomic
def case_create(
    *, organisation: Organisation, case_id: str, source_system: str = "", external_id: str = ""
) -> Case:
    return _save(
        Case(
            organisation=organisation,
            case_id=case_id,
            source_system=source_system,
            external_id=external_id,
        )
    )


@transaction.atomic
def case_period_add(
    *,
    case: Case,
    worker: StaffMember,
    case_type: str,
    risk: str,
    start_date: date,
    end_date: date | None = None,
) -> CasePeriod:
    return _save(
        CasePeriod(
            case=case,
            worker=worker,
            case_type=case_type,
            risk=risk,
            start_date=start_date,
            end_date=end_date,
        )
    )


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    roles: Iterable[str],
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    staff: StaffMember | None = None,
    is_staff: bool = False,
):
    """A login with its roles (Django groups), linked to a staff record if given."""
    user = get_user_model().objects.create_user(
        username=username,
        password=password,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=is_staff,
    )
    wanted = set(roles)
    groups = list(Group.objects.filter(name__in=wanted))
    missing = wanted - {group.name for group in groups}
    if missing:
        # A role that silently did nothing would hide pages from the user.
        raise ValueError(f"No such role: {', '.join(sorted(missing))}")
    user.groups.set(groups)
    if staff is not None:
        staff.user = user
        staff.save(update_fields=["user"])
    return user
