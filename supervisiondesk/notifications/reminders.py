"""Which reminders are due on a day, to whom, and for what cause: pure rules
over plain rows (no Django), like the compliance engine, so each rule is
tested in milliseconds. `notifications.selectors.reminder_inputs` reads
the rows; `notifications.services.reminders_run` stores what is new.

A reminder is identified by its kind, its recipient and its **cause** (the
thing and the date that make it due: a session and its date, an action and
its due date, a case and the day its supervision became overdue). The same
cause never reminds the same person twice (a unique constraint in the
database); a new date (a session moved, an action given a new due date,
supervision overdue again after a session) is a new cause.

docs/notifications.md explains each rule; the names below are its words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

AGENDA_WORKING_DAYS = 2  # the agenda prompt: two working days before
ACTION_DUE_WORKING_DAYS = 2  # an action "due soon": within two working days
AGREEMENT_REVIEW_DAYS = 30  # the agreement review: 30 days before it is due
DIGEST_TEAMS = 10  # the weekly digest lists this many teams, those with most overdue first


@dataclass(frozen=True)
class SessionRow:
    pk: int
    kind: str  # supervision.choices.SessionKind
    status: str  # planned, held, cancelled, postponed
    day: date
    supervisor: int  # staff primary keys
    attendees: tuple[int, ...]
    recorded_on: date | None = None
    supervisor_signed_on: date | None = None
    supervisee_signed_on: date | None = None
    shared_on: date | None = None

    @property
    def formal(self) -> bool:
        return self.kind == "individual_formal"


@dataclass(frozen=True)
class ActionRow:
    pk: int
    owner: int
    due_on: date
    description: str


@dataclass(frozen=True)
class Inputs:
    """What the rules read for one organisation on one day. Staff are primary
    keys; the compliance report's entries keep their ids (`staff_pk` maps)."""

    today: date
    sessions: list[SessionRow] = field(default_factory=list)  # planned, and held
    open_actions: list[ActionRow] = field(default_factory=list)
    report: Mapping[str, Any] = field(default_factory=dict)  # compliance.md section 7
    staff_pk: Mapping[str, int] = field(default_factory=dict)  # staff id -> key
    case_pk: Mapping[str, int] = field(default_factory=dict)  # case id -> key
    session_pk: Mapping[str, int] = field(default_factory=dict)  # session id -> key
    agreement_pk: Mapping[tuple[int, int], int] = field(default_factory=dict)
    # A supervisee's line supervisors now; a supervisor's own line manager.
    supervisors: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    names: Mapping[int, str] = field(default_factory=dict)  # staff key -> name
    escalate_after_days: int = 14
    # The weekly digest: each manager still to get this week's, with the
    # teams they look after (name, member keys); the supervisor of each
    # session whose record is past its deadline (session id -> staff key).
    managed: Mapping[int, tuple[tuple[str, frozenset[int]], ...]] = field(default_factory=dict)
    record_supervisor: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Due:
    kind: str  # notifications.choices.Kind
    recipient: int  # a staff member's primary key
    cause: str
    params: dict[str, Any]  # what the message says (`notifications.messages`)
    link: tuple[str, int | None] | None  # (URL name, primary key or none) of the page to open
    # Sent on a non-working day too: waiting for the next working day would
    # be too late (a session tomorrow when tomorrow is the weekend).
    urgent: bool = False


WorkingDays = Callable[[int, date, int], date]  # (staff key, day, n) -> n-th working day after


def reminders(inputs: Inputs, working_days_after: WorkingDays) -> list[Due]:
    """Every reminder whose cause holds on `inputs.today`, whatever the day
    of the week: `for_today` then keeps those to send on the day."""
    due: list[Due] = []
    due += _sessions(inputs, working_days_after)
    due += _records(inputs)
    due += _actions(inputs, working_days_after)
    due += _from_report(inputs)
    due += _weekly_digests(inputs)
    # One per kind, recipient and cause (a supervisor who is also an
    # attendee, a worker holding two overdue cases' supervisors...).
    unique: dict[tuple[str, int, str], Due] = {}
    for item in due:
        unique.setdefault((item.kind, item.recipient, item.cause), item)
    return sorted(unique.values(), key=lambda d: (d.recipient, d.kind, d.cause))


def for_today(
    due: Iterable[Due], today: date, is_working_day: Callable[[int, date], bool]
) -> list[Due]:
    """Those sent today: on the recipient's working days, or urgent."""
    return [d for d in due if d.urgent or is_working_day(d.recipient, today)]


def _parties(session: SessionRow) -> tuple[int, ...]:
    return (session.supervisor, *session.attendees)


def _session_params(session: SessionRow, names: Mapping[int, str]) -> dict[str, Any]:
    return {
        "date": session.day.isoformat(),
        "supervisor": names.get(session.supervisor, ""),
        "supervisees": [names.get(pk, "") for pk in session.attendees],
        "session_kind": session.kind,
    }


def _sessions(inputs: Inputs, working_days_after: WorkingDays) -> Iterable[Due]:
    today = inputs.today
    for session in inputs.sessions:
        if session.status != "planned" or session.day <= today:
            continue
        params = _session_params(session, inputs.names)
        link = ("supervision:session", session.pk)
        for person in _parties(session):
            # "Tomorrow": the next working day (Friday for Monday), or the
            # next calendar day for a session held on a day off.
            if session.day <= max(working_days_after(person, today, 1), today + timedelta(1)):
                yield Due(
                    "session_tomorrow",
                    person,
                    f"session:{session.pk}:{session.day}",
                    params,
                    link,
                    urgent=session.day == today + timedelta(1),
                )
            elif session.day <= working_days_after(person, today, AGENDA_WORKING_DAYS):
                yield Due(
                    "agenda_prompt", person, f"agenda:{session.pk}:{session.day}", params, link
                )


def _records(inputs: Inputs) -> Iterable[Due]:
    """From the sessions' own dates: a formal record written but not signed
    and shared by the supervisor; signed by them and not by the supervisee."""
    today = inputs.today
    for session in inputs.sessions:
        if session.status != "held" or session.day > today or not session.formal:
            continue
        params = _session_params(session, inputs.names)
        link = ("supervision:session", session.pk)
        if session.recorded_on is not None and session.shared_on is None:
            yield Due("record_not_shared", session.supervisor, f"share:{session.pk}", params, link)
        if session.supervisor_signed_on is not None and session.supervisee_signed_on is None:
            for person in session.attendees:
                yield Due("signature_pending", person, f"sign:{session.pk}", params, link)


def _actions(inputs: Inputs, working_days_after: WorkingDays) -> Iterable[Due]:
    today = inputs.today
    for action in inputs.open_actions:
        params = {"description": action.description, "date": action.due_on.isoformat()}
        link = ("supervision:actions", None)  # the owner's actions, with this one
        if action.due_on < today:
            yield Due(
                "action_overdue", action.owner, f"action:{action.pk}:{action.due_on}", params, link
            )
        elif action.due_on <= working_days_after(action.owner, today, ACTION_DUE_WORKING_DAYS):
            yield Due(
                "action_due", action.owner, f"action:{action.pk}:{action.due_on}", params, link
            )


def _from_report(inputs: Inputs) -> Iterable[Due]:
    """What the compliance engine says is late: records, agreements to
    review, individual supervision and cases overdue."""
    today, report, names = inputs.today, inputs.report, inputs.names
    staff = inputs.staff_pk
    held = {s.pk: s for s in inputs.sessions}
    for entry in report.get("records", ()):
        pk = inputs.session_pk.get(entry["session_id"])
        session = held.get(pk) if pk is not None else None
        if session is None:
            continue
        params = _session_params(session, names)
        link = ("supervision:session", session.pk)
        # Pending from the day after the session (not on the day itself,
        # while it may still be written); missing once past its deadline.
        if entry["recording"] == "pending" and session.day < today:
            yield Due("record_due", session.supervisor, f"record:{session.pk}", params, link)
        elif entry["recording"] == "missing":
            yield Due("record_missing", session.supervisor, f"record:{session.pk}", params, link)
    for entry in report.get("agreements", ()):
        review_due = entry.get("review_due")
        if entry["status"] == "missing" or review_due is None:
            continue
        if date.fromisoformat(review_due) - today > timedelta(AGREEMENT_REVIEW_DAYS):
            continue
        supervisee, supervisor = (
            staff.get(entry["supervisee_id"]),
            staff.get(entry["supervisor_id"]),
        )
        if supervisee is None or supervisor is None:
            continue
        agreement = inputs.agreement_pk.get((supervisee, supervisor))
        params = {
            "date": review_due,
            "overdue": review_due < today.isoformat(),
            "supervisee": names.get(supervisee, ""),
            "supervisor": names.get(supervisor, ""),
        }
        link = ("supervision:agreement", agreement) if agreement else None
        cause = f"agreement:{supervisee}:{supervisor}:{review_due}"
        for person in (supervisee, supervisor):
            yield Due("agreement_review", person, cause, params, link)
    for entry in report.get("individual", ()):
        person = staff.get(entry["staff_id"])
        if entry["status"] != "overdue" or person is None:
            continue
        params = {
            "supervisee": names.get(person, ""),
            "date": entry["overdue_after"],
            "days": entry["days_overdue"],
        }
        cause = f"supervision:{person}:{entry['overdue_after']}"
        yield Due("supervision_overdue", person, cause, params, None)
        for supervisor in inputs.supervisors.get(person, ()):
            yield Due("supervision_overdue", supervisor, cause, params, None)
            if entry["days_overdue"] >= inputs.escalate_after_days:
                for manager in inputs.supervisors.get(supervisor, ()):
                    escalated = params | {"supervisor": names.get(supervisor, "")}
                    yield Due("supervision_escalated", manager, cause, escalated, None)
    for entry in report.get("cases", ()):
        worker, case = staff.get(entry["worker_id"]), inputs.case_pk.get(entry["case_id"])
        if entry["status"] != "overdue" or worker is None or case is None:
            continue
        params = {
            "case": entry["case_id"],
            "worker": names.get(worker, ""),
            "date": entry["overdue_after"],
            "days": entry["days_overdue"],
        }
        cause = f"case:{case}:{entry['overdue_after']}"
        link = ("supervision:case", case)
        yield Due("case_overdue", worker, cause, params, link)
        for supervisor in inputs.supervisors.get(worker, ()):
            yield Due("case_overdue", supervisor, cause, params, link)


def week_of(day: date) -> str:
    """The weekly digest's cause: the Monday of `day`'s week."""
    return f"week:{day - timedelta(day.weekday())}"


def _weekly_digests(inputs: Inputs) -> Iterable[Due]:
    """Each manager's week (`managed`): per team, the people overdue for
    supervision, the cases overdue and the records past their deadline,
    from the compliance report; made on their first working day of the
    week (`for_today`), once (the cause is the week)."""
    report, staff = inputs.report, inputs.staff_pk
    overdue = {
        staff[e["staff_id"]]
        for e in report.get("individual", ())
        if e["status"] == "overdue" and e["staff_id"] in staff
    }
    cases: dict[int, int] = {}
    for e in report.get("cases", ()):
        if e["status"] == "overdue" and e["worker_id"] in staff:
            worker = staff[e["worker_id"]]
            cases[worker] = cases.get(worker, 0) + 1
    records: dict[int, int] = {}
    for e in report.get("records", ()):
        supervisor = inputs.record_supervisor.get(e["session_id"])
        if e["recording"] == "missing" and supervisor is not None:
            records[supervisor] = records.get(supervisor, 0) + 1
    monday = inputs.today - timedelta(inputs.today.weekday())
    for manager, teams in inputs.managed.items():
        rows = [
            (
                name,
                len(members & overdue),
                sum(cases.get(m, 0) for m in members),
                sum(records.get(m, 0) for m in members),
            )
            for name, members in teams
        ]
        rows.sort(key=lambda row: (-(row[1] + row[2] + row[3]), row[0]))
        # The totals count each person once, in however many of the teams.
        everyone = frozenset().union(*(members for _name, members in teams))
        params = {
            "date": monday.isoformat(),
            "teams_count": len(rows),
            "overdue": len(everyone & overdue),
            "cases": sum(cases.get(m, 0) for m in everyone),
            "records": sum(records.get(m, 0) for m in everyone),
            "teams": [list(row) for row in rows[:DIGEST_TEAMS]],
        }
        yield Due(
            "weekly_digest",
            manager,
            week_of(inputs.today),
            params,
            ("reports:dashboard", None),
        )
