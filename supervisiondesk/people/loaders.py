"""People and structure as the compliance engine's plain data.

Used by the folder export and by the compliance engine's database loader
(which adds sessions, case discussions and agreements). Reads with
`values_list` only: at national scale (30,000 staff, 400,000 cases) model
instances would cost more than the engine itself.
"""

from __future__ import annotations

from datetime import date

from supervisiondesk.compliance.dataset import (
    Absence,
    CasePeriod,
    CategoryPeriod,
    Dataset,
    Relationship,
    Staff,
    Team,
)
from supervisiondesk.people import models


class NoTeamError(ValueError):
    pass


def team_codes_on(organisation: models.Organisation, on: date) -> dict[int, str]:
    """Each staff member's team code on `on`, else their nearest membership:
    the latest one that began before `on`, or failing that the first after."""

    def preference(start: date, end: date | None) -> tuple[int, int]:
        if start <= on and (end is None or on <= end):
            return (0, 0)  # the team on the day
        if start <= on:
            return (1, -start.toordinal())  # a past team: the latest
        return (2, start.toordinal())  # a future team: the first

    best: dict[int, tuple[tuple[int, int], str]] = {}
    rows = models.TeamMembership.objects.filter(staff__organisation=organisation).values_list(
        "staff_id", "start_date", "end_date", "team__code"
    )
    for staff_id, start, end, code in rows:
        rank = preference(start, end)
        if staff_id not in best or rank < best[staff_id][0]:
            best[staff_id] = (rank, code)
    return {staff_id: code for staff_id, (_rank, code) in best.items()}


def people_dataset(organisation: models.Organisation, on: date) -> Dataset:
    """Staff, categories, relationships, teams, case periods and absences."""
    teams = team_codes_on(organisation, on)
    ids: dict[int, str] = {}
    staff: list[Staff] = []
    for pk, staff_id, name, country, start, end in models.StaffMember.objects.filter(
        organisation=organisation
    ).values_list("pk", "staff_id", "name", "country", "start_date", "end_date"):
        if pk not in teams:
            raise NoTeamError(f"Staff member {staff_id} ({name}) has no team membership.")
        ids[pk] = staff_id
        staff.append(Staff(staff_id, name, teams[pk], country or organisation.country, start, end))

    categories = [
        CategoryPeriod(ids[s], category, start, end)
        for s, category, start, end in models.CategoryPeriod.objects.filter(
            staff__organisation=organisation
        ).values_list("staff_id", "category", "start_date", "end_date")
    ]
    relationships = [
        Relationship(ids[a], ids[b], kind, start, end)
        for a, b, kind, start, end in models.SupervisoryRelationship.objects.filter(
            supervisee__organisation=organisation
        ).values_list("supervisee_id", "supervisor_id", "kind", "start_date", "end_date")
    ]
    team_rows = [
        Team(code, service_type)
        for code, service_type in models.Team.objects.filter(organisation=organisation).values_list(
            "code", "service__service_type"
        )
    ]
    case_periods = [
        CasePeriod(case_id, ids[worker], case_type, risk, start, end)
        for case_id, worker, case_type, risk, start, end in models.CasePeriod.objects.filter(
            case__organisation=organisation
        ).values_list("case__case_id", "worker_id", "case_type", "risk", "start_date", "end_date")
    ]
    absences = [
        Absence(ids[s], start, end)
        for s, start, end in models.Absence.objects.filter(
            staff__organisation=organisation
        ).values_list("staff_id", "start_date", "end_date")
    ]
    return Dataset(
        staff=staff,
        categories=categories,
        relationships=relationships,
        teams=team_rows,
        case_periods=case_periods,
        absences=absences,
    )
