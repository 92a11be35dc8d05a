"""The invariants of people and structure, through the services."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from supervisiondesk.people import services
from supervisiondesk.people.models import CategoryPeriod, SupervisoryRelationship
from supervisiondesk.people.tests.factories import (
    CaseFactory,
    CategoryFactory,
    OrganisationFactory,
    RelationshipFactory,
    StaffFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_category_periods_of_one_person_may_not_overlap() -> None:
    staff = StaffFactory()
    CategoryFactory(
        staff=staff, category="asye", start_date=date(2026, 1, 5), end_date=date(2026, 12, 31)
    )
    with pytest.raises(ValidationError) as error:
        services.category_period_add(
            staff=staff, category="qualified", start_date=date(2026, 12, 31)
        )
    assert "overlaps the category period from 2026-01-05 to 2026-12-31" in messages(error.value)
    services.category_period_add(staff=staff, category="qualified", start_date=date(2027, 1, 1))
    assert CategoryPeriod.objects.filter(staff=staff).count() == 2


def test_end_before_start_is_refused_by_name() -> None:
    staff = StaffFactory()
    with pytest.raises(ValidationError) as error:
        services.category_period_add(
            staff=staff,
            category="qualified",
            start_date=date(2026, 3, 1),
            end_date=date(2026, 2, 28),
        )
    assert error.value.message_dict == {"end_date": ["The end date is before the start date."]}


def test_nobody_supervises_themselves() -> None:
    staff = StaffFactory()
    with pytest.raises(ValidationError) as error:
        services.relationship_add(
            supervisee=staff, supervisor=staff, kind="line", start_date=date(2026, 1, 1)
        )
    assert "Nobody can supervise themselves." in messages(error.value)


def test_one_supervisor_of_each_kind_at_a_time_but_several_kinds_together() -> None:
    line = RelationshipFactory(kind="line", start_date=date(2026, 1, 1))
    worker, org = line.supervisee, line.supervisee.organisation
    other = StaffFactory(organisation=org)
    with pytest.raises(ValidationError) as error:
        services.relationship_add(
            supervisee=worker, supervisor=other, kind="line", start_date=date(2026, 6, 1)
        )
    assert "overlaps a relationship of the same kind" in messages(error.value)
    services.relationship_add(
        supervisee=worker, supervisor=other, kind="professional", start_date=date(2026, 6, 1)
    )
    services.period_end(period=line, end_date=date(2026, 5, 31))
    services.relationship_add(
        supervisee=worker, supervisor=other, kind="line", start_date=date(2026, 6, 1)
    )
    assert SupervisoryRelationship.objects.filter(supervisee=worker).count() == 3


def test_nothing_crosses_organisations() -> None:
    worker = StaffFactory()
    stranger = StaffFactory(organisation=OrganisationFactory())
    with pytest.raises(ValidationError) as error:
        services.relationship_add(
            supervisee=worker, supervisor=stranger, kind="line", start_date=date(2026, 1, 1)
        )
    assert "another organisation" in messages(error.value)
    case = CaseFactory(organisation=stranger.organisation)
    with pytest.raises(ValidationError):
        services.case_period_add(
            case=case, worker=worker, case_type="cp", risk="high", start_date=date(2026, 1, 1)
        )
    team = TeamFactory(service__organisation=stranger.organisation)
    with pytest.raises(ValidationError):
        services.team_membership_add(staff=worker, team=team, start_date=date(2026, 1, 1))


def test_case_periods_of_one_case_may_not_overlap_and_reallocation_with_no_gap_is_fine() -> None:
    worker = StaffFactory()
    other = StaffFactory(organisation=worker.organisation)
    case = CaseFactory(organisation=worker.organisation)
    services.case_period_add(
        case=case,
        worker=worker,
        case_type="cin",
        risk="standard",
        start_date=date(2026, 1, 1),
        end_date=date(2026, 3, 31),
    )
    with pytest.raises(ValidationError):
        services.case_period_add(
            case=case, worker=other, case_type="cin", risk="high", start_date=date(2026, 3, 31)
        )
    services.case_period_add(
        case=case, worker=other, case_type="cin", risk="high", start_date=date(2026, 4, 1)
    )


def test_absences_may_overlap_but_need_an_end() -> None:
    staff = StaffFactory()
    services.absence_add(
        staff=staff, start_date=date(2026, 3, 1), end_date=date(2026, 3, 20), kind="parental"
    )
    services.absence_add(
        staff=staff, start_date=date(2026, 3, 10), end_date=date(2026, 3, 30), kind="sickness"
    )
    with pytest.raises(ValidationError):
        services.absence_add(staff=staff, start_date=date(2026, 5, 1), end_date=None)


def test_team_memberships_do_not_overlap() -> None:
    staff = StaffFactory()
    team = TeamFactory(service__organisation=staff.organisation)
    services.team_membership_add(staff=staff, team=team, start_date=date(2026, 1, 1))
    with pytest.raises(ValidationError):
        services.team_membership_add(staff=staff, team=team, start_date=date(2026, 2, 1))


def test_unknown_country_and_time_zone_are_refused() -> None:
    with pytest.raises(ValidationError) as error:
        services.organisation_create(name="X", country="XX-YY", time_zone="Mars/Olympus")
    assert set(error.value.message_dict) == {"country", "time_zone"}
    assert services.organisation_create(name="Y", country="CO", time_zone="America/Bogota").pk
