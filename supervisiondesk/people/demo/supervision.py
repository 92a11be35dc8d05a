"""The demo organisation's supervision: `sessions.plan_supervision` on the
demo plan, written with the models' own field checks (`clean_fields()` and
`clean()` on every row, the agreements' `full_clean()`), after
`sessions.check_supervision` has checked the rules across rows.

About 2,000 sessions and 6,000 case discussions: through the services
one by one they would cost seconds, so they are bulk-inserted like the
demo's cases.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from supervisiondesk.people.demo.common import LOGINS, SeedError
from supervisiondesk.people.demo.roster import TEAMS
from supervisiondesk.people.demo.sessions import (
    ATTENDEES,
    Rates,
    Staffing,
    SupervisionPlan,
    check_supervision,
    plan_supervision,
    session_code,
)
from supervisiondesk.people.models import Case, Organisation, StaffMember
from supervisiondesk.supervision.models import (
    CaseDiscussion,
    SessionAttendee,
    SupervisionAgreement,
    SupervisionSession,
)

if TYPE_CHECKING:
    from supervisiondesk.people.demo.demo import DemoPlan

# The demo is small: enough of each kind of session to show every status.
DEMO_RATES = Rates(informal=0.45, informal_gap=60, peer_teams=0.8, drift_min=8)
WEEKLY_GROUP = {"feh", "yos"}  # service types whose teams meet weekly


def demo_staffing(plan: DemoPlan) -> Staffing:
    """The planner's input from the demo plan (staff index = roster order)."""
    people = sorted(plan.people, key=lambda p: p.index)
    index = {p.spec.key: p.index for p in people}
    team_of = {code: n for n, (code, _name, _service, _types) in enumerate(TEAMS)}
    managers: list[list[tuple[int, int, int | None]]] = [[] for _team in TEAMS]
    memberships = []
    for person in people:
        for team, _title, a, b in person.memberships:
            memberships.append((person.index, team_of[team], a, b))
            if person.spec.manages:
                managers[team_of[team]].append((person.index, a, b))
    for rows in managers:
        rows.sort(key=lambda row: row[1])
    return Staffing(
        today=plan.today,
        history_start=plan.history_start,
        staff=[(p.start, p.end) for p in people],
        categories=[list(p.categories) for p in people],
        relationships=[
            (p.index, index[key], str(kind), a, b)
            for p in people
            for kind, key, a, b in p.relationships
        ],
        absences=[[(a, b) for _kind, a, b in p.absences] for p in people],
        memberships=memberships,
        team_weekly=[service in WEEKLY_GROUP for _code, _name, service, _types in TEAMS],
        managers=managers,
        case_periods=[
            (c, worker, case_type, risk, a, b)
            for c, (_case_id, case_type, spells) in enumerate(plan.cases)
            for worker, a, b, risk in spells
        ],
        protected=frozenset(index[name] for name, _roles in LOGINS if name in index),
    )


def plan_demo_supervision(plan: DemoPlan, *, seed: int) -> tuple[Staffing, SupervisionPlan]:
    staffing = demo_staffing(plan)
    return staffing, plan_supervision(staffing, seed=seed, rates=DEMO_RATES)


def write_supervision(
    staffing: Staffing,
    plan: SupervisionPlan,
    *,
    organisation: Organisation,
    staff: dict[int, StaffMember],
    cases: list[Case],
) -> None:
    """Check and write the plan; `staff` by staff index, `cases` in plan order."""
    problems = check_supervision(staffing, plan)
    if problems:
        raise SeedError(f"The demo's supervision breaks the rules: {'; '.join(problems)}")
    day = date.fromordinal

    def opt(value: int | None) -> date | None:
        return None if value is None else day(value)

    sessions = []
    for n, s in enumerate(plan.sessions):
        when, kind, status, minutes, supervisor, _attendees, *records, functions = s
        session = SupervisionSession(
            organisation=organisation,
            session_id=session_code(n),
            kind=kind,
            status=status,
            date=day(when),
            duration_minutes=minutes,
            supervisor=staff[supervisor],
            recorded_on=opt(records[0]),
            supervisor_signed_on=opt(records[1]),
            supervisee_signed_on=opt(records[2]),
            shared_on=opt(records[3]),
            functions=list(functions),
        )
        session.clean_fields(exclude=["organisation", "supervisor"])
        session.clean()
        sessions.append(session)
    if len({s.session_id for s in sessions}) != len(sessions):
        raise SeedError("Two demo sessions have the same session id.")
    SupervisionSession.objects.bulk_create(sessions)  # sets the keys the rows below point at
    SessionAttendee.objects.bulk_create(
        SessionAttendee(session=sessions[n], staff=staff[person])
        for n, s in enumerate(plan.sessions)
        for person in s[ATTENDEES]
    )
    discussions = []
    for n, case, recorded in plan.discussions:
        discussion = CaseDiscussion(
            session=sessions[n], case=cases[case], recorded_on=opt(recorded)
        )
        discussion.clean_fields(exclude=["session", "case"])
        discussions.append(discussion)
    CaseDiscussion.objects.bulk_create(discussions)
    agreements = []
    for supervisee, supervisor, signed, reviewed in plan.agreements:
        agreement = SupervisionAgreement(
            supervisee=staff[supervisee],
            supervisor=staff[supervisor],
            signed_on=day(signed),
            reviewed_on=opt(reviewed),
        )
        agreement.full_clean()
        agreements.append(agreement)
    SupervisionAgreement.objects.bulk_create(agreements)
