"""The supervisor's dashboard: each supervisee at a glance (their
supervision's status, next session, cases due and overdue, actions overdue,
records of theirs still to write or sign) and the totals, each linking to
the rows behind it. Live (the engine on the supervisees' rows only, as on
"Due and overdue"), in a fixed number of queries.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from supervisiondesk.compliance.selectors import Requirement, compliance_of
from supervisiondesk.people.models import StaffMember
from supervisiondesk.people.selectors import SuperviseeRow, supervisees_of
from supervisiondesk.policies.selectors import NoPolicyError
from supervisiondesk.supervision.choices import ActionStatus, SessionKind, SessionStatus
from supervisiondesk.supervision.models import Action, SupervisionSession

STATUS_RANK = {"overdue": 0, "due": 1, "absent": 2, "ok": 3}


@dataclass(frozen=True)
class SuperviseeGlance:
    row: SuperviseeRow
    supervision: Requirement | None  # individual supervision; None: no rule
    next_session: tuple[int, date] | None  # (pk, date) of the next one planned with them
    cases: Counter[str] = field(default_factory=Counter)  # by status
    actions_overdue: int = 0
    records_open: int = 0  # sessions with them whose record I still write or sign

    @property
    def sort_key(self) -> tuple:
        status = self.supervision.status if self.supervision else "ok"
        return (STATUS_RANK[status], -self.cases["overdue"], self.row.staff.name)


@dataclass(frozen=True)
class SupervisorBoard:
    glances: list[SuperviseeGlance]
    no_policy: bool
    supervision_overdue: int
    cases_overdue: int
    cases_due: int
    actions_overdue: int
    records_open: int


def _records_open(staff: StaffMember, today: date) -> Q:
    """Held sessions I led whose record I have still to write, or (formal
    ones) to sign: as on "My supervision" (supervision.selectors.overview_of)."""
    return Q(supervisor=staff, status=SessionStatus.HELD, date__lte=today) & (
        Q(kind=SessionKind.INDIVIDUAL_FORMAL, supervisor_signed_on__isnull=True)
        | (Q(recorded_on__isnull=True) & ~Q(kind=SessionKind.INDIVIDUAL_FORMAL))
    )


def supervisor_board(*, staff: StaffMember, today: date) -> SupervisorBoard:
    rows = supervisees_of(staff=staff, on=today)
    people = {row.staff.pk: row for row in rows}
    by_id = {row.staff.staff_id: row.staff.pk for row in rows}
    supervision: dict[int, Requirement] = {}
    cases: dict[int, Counter[str]] = {pk: Counter() for pk in people}
    no_policy = False
    if people:
        try:
            page = compliance_of(organisation=staff.organisation, staff=set(people), on=today)
        except NoPolicyError:
            no_policy = True
        else:
            for requirement in page.people:
                pk = by_id.get(requirement.staff_id)
                if pk is not None and requirement.requirement == "individual":
                    supervision[pk] = requirement
            for requirement in page.cases:
                pk = by_id.get(requirement.staff_id)
                if pk is not None:
                    cases[pk][requirement.status] += 1
    next_sessions: dict[int, tuple[int, date]] = {}
    for attendee, pk, day in (
        SupervisionSession.objects.filter(
            supervisor=staff,
            status=SessionStatus.PLANNED,
            date__gte=today,
            attendees__staff__in=list(people),
        )
        .order_by("date", "start_time", "pk")
        .values_list("attendees__staff", "pk", "date")
    ):
        next_sessions.setdefault(attendee, (pk, day))
    records = Counter(
        SupervisionSession.objects.filter(_records_open(staff, today))
        .filter(attendees__staff__in=list(people))
        .values_list("attendees__staff", flat=True)
    )
    actions = Counter(
        Action.objects.filter(
            owner__in=list(people), status=ActionStatus.OPEN, due_on__lt=today
        ).values_list("owner", flat=True)
    )
    glances = sorted(
        (
            SuperviseeGlance(
                row=row,
                supervision=supervision.get(pk),
                next_session=next_sessions.get(pk),
                cases=cases[pk],
                actions_overdue=actions[pk],
                records_open=records[pk],
            )
            for pk, row in people.items()
        ),
        key=lambda glance: glance.sort_key,
    )
    return SupervisorBoard(
        glances=glances,
        no_policy=no_policy,
        supervision_overdue=sum(
            1 for g in glances if g.supervision and g.supervision.status == "overdue"
        ),
        cases_overdue=sum(g.cases["overdue"] for g in glances),
        cases_due=sum(g.cases["due"] for g in glances),
        actions_overdue=sum(actions.values()),
        records_open=SupervisionSession.objects.filter(_records_open(staff, today)).count(),
    )
