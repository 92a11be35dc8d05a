"""The columns of supervision's list pages when they are downloaded (CSV,
Excel: `reports.exports`): the same facts as the pages' tables, as plain
typed cells (dates as dates, counts as numbers), read from the rows the
pages' selectors return, so a download reads nothing the page did not."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from supervisiondesk.reports.exports import DATE, NUMBER, Column
from supervisiondesk.supervision.agreement_selectors import AgreementState
from supervisiondesk.supervision.case_selectors import DiscussionRow
from supervisiondesk.supervision.choices import ActionStatus, SessionKind, SessionStatus
from supervisiondesk.supervision.group_selectors import GroupLine
from supervisiondesk.supervision.models import Action, SupervisionSession


def _names(people: Iterable) -> str:
    return ", ".join(p.name for p in people)


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


# ---------------------------------------------------------------- actions


def action_status(action: Action, today: date) -> str:
    """As the page says it: an open action past its date is overdue."""
    if action.status == ActionStatus.OPEN and action.due_on < today:
        return _("Overdue")
    return action.get_status_display()


def action_columns(today: date, *, owner: bool = True) -> list[Column]:
    columns = [
        Column(gettext_lazy("Action"), lambda a: a.description),
        Column(gettext_lazy("Case"), lambda a: a.case.case_id if a.case_id else None),
    ]
    if owner:
        columns.append(Column(gettext_lazy("Who"), lambda a: a.owner.name))
    return [
        *columns,
        Column(gettext_lazy("By when"), lambda a: a.due_on, DATE),
        Column(gettext_lazy("Status"), lambda a: action_status(a, today)),
        Column(gettext_lazy("Done on"), lambda a: a.done_on, DATE),
        Column(gettext_lazy("Delay"), lambda a: a.delay_reason),
        Column(
            gettext_lazy("From the session of"),
            lambda a: a.session.date if a.session_id else None,
            DATE,
        ),
    ]


def action_subjects(action: Action) -> list[int]:
    return [action.owner_id]


# ---------------------------------------------------------------- sessions (My supervision)


def _with_whom(session: SupervisionSession) -> str:
    if session.group_id:
        return session.group.name
    return _names(a.staff for a in session.attendees.all())


def _waiting(session: SupervisionSession) -> str:
    """What a record waits for, in the words of "Records to write and sign"."""
    if session.status == SessionStatus.PLANNED:
        return _("held? record it")
    if session.kind == SessionKind.INDIVIDUAL_FORMAL:
        return _("not signed yet")
    return _("not completed yet")


def session_columns(*, waiting: bool = False) -> list[Column]:
    columns = [
        Column(gettext_lazy("Date"), lambda s: s.date, DATE),
        Column(
            gettext_lazy("Time"), lambda s: s.start_time.strftime("%H:%M") if s.start_time else None
        ),
        Column(gettext_lazy("Kind"), lambda s: s.get_kind_display()),
        Column(gettext_lazy("Status"), lambda s: s.get_status_display()),
        Column(gettext_lazy("Supervisor"), lambda s: s.supervisor.name),
        Column(gettext_lazy("Supervisees or group"), _with_whom),
        Column(gettext_lazy("How"), lambda s: s.get_mode_display()),
        Column(gettext_lazy("Place"), lambda s: s.place),
    ]
    if waiting:
        columns.append(Column(gettext_lazy("Waiting for"), _waiting))
    return columns


def session_subjects(session: SupervisionSession) -> list[int]:
    return [session.supervisor_id, *(a.staff_id for a in session.attendees.all())]


# ---------------------------------------------------------------- agreements


def _state(state: AgreementState) -> str:
    if state.under_review:
        return f"{_('Under review')}: {state.state_label}"
    return state.state_label


AGREEMENT_COLUMNS = [
    Column(gettext_lazy("Agreement"), lambda s: s.title),
    Column(gettext_lazy("Version"), lambda s: s.latest.number if s.latest else None, NUMBER),
    Column(gettext_lazy("State"), _state),
    Column(gettext_lazy("Waiting for"), lambda s: _names(s.waiting_for)),
    Column(
        gettext_lazy("In force since"), lambda s: s.in_force.agreed_on if s.in_force else None, DATE
    ),
    Column(gettext_lazy("Signed on"), lambda s: s.agreement.signed_on, DATE),
    Column(gettext_lazy("Last reviewed on"), lambda s: s.agreement.reviewed_on, DATE),
    Column(gettext_lazy("Review due"), lambda s: s.review_due, DATE),
    Column(gettext_lazy("Review overdue"), lambda s: _yes_no(s.review_overdue)),
]


def agreement_subjects(state: AgreementState) -> list[int]:
    return [p.pk for p in state.parties]


# ---------------------------------------------------------------- groups


GROUP_COLUMNS = [
    Column(gettext_lazy("Group"), lambda g: g.group.name),
    Column(gettext_lazy("Team"), lambda g: g.group.team.name if g.group.team_id else None),
    Column(gettext_lazy("Facilitator"), lambda g: g.group.facilitator.name),
    Column(gettext_lazy("Members"), lambda g: g.member_count, NUMBER),
    Column(gettext_lazy("Next session"), lambda g: g.next_session, DATE),
    Column(gettext_lazy("Last held"), lambda g: g.last_held, DATE),
]


def group_subjects(line: GroupLine) -> list[int]:
    return [line.group.facilitator_id]


# ---------------------------------------------------------------- a case's page


RECORDING_LABELS = {
    "on_time": gettext_lazy("On time"),
    "late": gettext_lazy("Late"),
    "pending": gettext_lazy("Not yet due"),
    "missing": gettext_lazy("Not written"),
    "not_assessed": gettext_lazy("No deadline in the policy"),
}

DISCUSSION_COLUMNS = [
    Column(gettext_lazy("Date"), lambda r: r.session.date, DATE),
    Column(gettext_lazy("Supervision"), lambda r: r.session.get_kind_display()),
    Column(
        gettext_lazy("Counts as supervision"),
        lambda r: _yes_no(r.qualifying),
    ),
    Column(gettext_lazy("Supervisor"), lambda r: r.supervisor.name),
    Column(gettext_lazy("Worker"), lambda r: _names(r.workers)),
    Column(gettext_lazy("Presented by"), lambda r: r.presenter.name if r.presenter else None),
    Column(gettext_lazy("On the child's record on"), lambda r: r.recorded_on, DATE),
    Column(gettext_lazy("Due on the child's record by"), lambda r: r.due_on, DATE),
    Column(
        gettext_lazy("On the child's record"),
        lambda r: str(RECORDING_LABELS.get(r.recording, r.recording)),
    ),
]


def discussion_subjects(row: DiscussionRow) -> list[int]:
    return [row.supervisor.pk, *(w.pk for w in row.workers)]


DECISION_COLUMNS = [
    Column(gettext_lazy("Decided on"), lambda d: d.decided_on, DATE),
    Column(gettext_lazy("Decided by"), lambda d: d.decided_by.name),
    Column(gettext_lazy("Worker consulted"), lambda d: d.worker.name if d.worker_id else None),
    Column(gettext_lazy("Decision"), lambda d: d.decision),
    Column(gettext_lazy("Rationale"), lambda d: d.rationale),
    Column(
        gettext_lazy("In an informal consultation"),
        lambda d: _yes_no(d.session_id is not None),
    ),
]


def decision_subjects(decision) -> list[int]:
    return [decision.decided_by_id, decision.worker_id]


PERIOD_COLUMNS = [
    Column(gettext_lazy("Worker"), lambda p: p.worker.name),
    Column(gettext_lazy("From"), lambda p: p.start_date, DATE),
    Column(gettext_lazy("To"), lambda p: p.end_date, DATE),
    Column(gettext_lazy("Case type"), lambda p: p.get_case_type_display()),
    Column(gettext_lazy("Risk"), lambda p: p.get_risk_display()),
]


def period_subjects(period) -> list[int]:
    return [period.worker_id]
