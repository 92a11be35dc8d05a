"""The national dataset's supervision: `sessions.plan_supervision` on the
national plan (about 850,000 sessions, 2,000,000 supervisees of them,
2,700,000 case discussions and 33,000 agreements for 30,000 staff and
600,000 cases), checked with `sessions.check_supervision` and written
with `BulkWriter` like the rest of the national dataset: plain rows,
explicit keys, `executemany` in batches.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.utils.translation import gettext as _

from supervisiondesk.people.demo.bulk import BulkWriter
from supervisiondesk.people.demo.common import SeedError
from supervisiondesk.people.demo.seats import NationalPlan
from supervisiondesk.people.demo.sessions import (
    ATTENDEES,
    Staffing,
    SupervisionPlan,
    check_supervision,
    plan_supervision,
    session_code,
)
from supervisiondesk.people.models import Organisation
from supervisiondesk.supervision.models import (
    CaseDiscussion,
    SessionAttendee,
    SupervisionAgreement,
    SupervisionSession,
)

TEAM_MANAGER = "Team Manager"  # the job title of a team's manager (national.py)
WEEKLY_GROUP = {"feh", "yos"}  # service types whose teams meet weekly


def national_staffing(plan: NationalPlan) -> Staffing:
    """The planner's input from the national plan (the same indices)."""
    absences: list[list[tuple[int, int]]] = [[] for _person in plan.staff]
    for staff, _kind, a, b in plan.absences:
        absences[staff].append((a, b))
    managers: list[list[tuple[int, int, int | None]]] = [[] for _team in plan.teams]
    memberships = []
    for staff, team, title, _fte, a, b in plan.memberships:
        memberships.append((staff, team, a, b))
        if title == TEAM_MANAGER:
            managers[team].append((staff, a, b))
    for rows in managers:
        rows.sort(key=lambda row: row[1])
    return Staffing(
        today=plan.today,
        history_start=plan.history_start,
        staff=[(p.start, p.end) for p in plan.staff],
        categories=[p.categories for p in plan.staff],
        relationships=plan.relationships,
        absences=absences,
        memberships=memberships,
        team_weekly=[plan.services[service][1] in WEEKLY_GROUP for service, _c, _n in plan.teams],
        managers=managers,
        case_periods=plan.case_periods,
        protected=frozenset(plan.logins.values()),
    )


def plan_national_supervision(
    plan: NationalPlan, *, seed: int, lap: Callable[[str], None] | None = None
) -> tuple[Staffing, SupervisionPlan]:
    staffing = national_staffing(plan)
    return staffing, plan_supervision(staffing, seed=seed, lap=lap)


def check_national_supervision(staffing: Staffing, plan: SupervisionPlan) -> None:
    problems = check_supervision(staffing, plan)
    if problems:
        raise SeedError(
            _("The generated supervision breaks the rules: %(problems)s")
            % {"problems": "; ".join(problems)}
        )


def write_national_supervision(
    writer: BulkWriter,
    organisation: Organisation,
    plan: SupervisionPlan,
    *,
    staff_base: int,
    case_base: int,
    lap: Callable[[str], None],
) -> None:
    """Sessions, their supervisees, case discussions and agreements, with
    keys from `staff_base` and `case_base` (the first staff and case keys)."""
    d = writer.dates
    org = organisation.pk
    field = SupervisionSession._meta.get_field("functions")
    functions = {
        value: field.get_db_prep_save(list(value), connection)
        for value in sorted({s[-1] for s in plan.sessions})
    }
    session_base = writer.first_id(SupervisionSession)
    writer.insert(
        SupervisionSession,
        (
            "id",
            "organisation",
            "session_id",
            "kind",
            "status",
            "date",
            "duration_minutes",
            "supervisor",
            "recorded_on",
            "supervisor_signed_on",
            "supervisee_signed_on",
            "shared_on",
            "functions",
        ),
        (
            (
                session_base + i,
                org,
                session_code(i),
                kind,
                status,
                d[day],
                minutes,
                staff_base + supervisor,
                d[recorded],
                d[by_supervisor],
                d[by_supervisee],
                d[shared],
                functions[covered],
            )
            for i, (
                day,
                kind,
                status,
                minutes,
                supervisor,
                _attendees,
                recorded,
                by_supervisor,
                by_supervisee,
                shared,
                covered,
            ) in enumerate(plan.sessions)
        ),
    )
    lap(_("write sessions"))
    writer.insert(
        SessionAttendee,
        ("session", "staff"),
        (
            (session_base + i, staff_base + person)
            for i, session in enumerate(plan.sessions)
            for person in session[ATTENDEES]
        ),
    )
    lap(_("write session supervisees"))
    writer.insert(
        CaseDiscussion,
        ("session", "case", "recorded_on"),
        (
            (session_base + session, case_base + case, d[recorded])
            for session, case, recorded in plan.discussions
        ),
    )
    lap(_("write case discussions"))
    writer.insert(
        SupervisionAgreement,
        ("supervisee", "supervisor", "signed_on", "reviewed_on"),
        (
            (staff_base + supervisee, staff_base + supervisor, d[signed], d[reviewed])
            for supervisee, supervisor, signed, reviewed in plan.agreements
        ),
    )
    lap(_("write agreements"))
