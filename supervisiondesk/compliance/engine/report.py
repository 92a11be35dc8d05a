"""The compliance report (compliance.md section 7), for everyone or for some staff.

With `staff_ids`, the report holds the entries that involve those staff: their
own requirements, the cases allocated to them on as_of, the sessions they
supervise or attend, the pairs they belong to and those pairs' supervisors.
It reads only their rows through the `Index`, so a team's page costs what the
team's data costs, not the organisation's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Any

from supervisiondesk.compliance.collector import without_collector
from supervisiondesk.compliance.dataset import Dataset, Relationship, Session
from supervisiondesk.compliance.engine import records, requirements, structure
from supervisiondesk.compliance.engine.context import Context
from supervisiondesk.compliance.engine.index import Index
from supervisiondesk.policies.policy import Policy, PolicyTimeline

# The report's lists, in the order of spec section 7 (`compliance_report`
# returns them between "policy" and "summary").
LIST_KEYS = (
    "individual",
    "group",
    "cases",
    "records",
    "case_records",
    "rearranging",
    "agreements",
    "supervisors",
    "balance",
)
SUMMARY_KEYS = (
    "individual_overdue",
    "group_overdue",
    "cases_overdue",
    "records_missing",
    "case_records_missing",
    "agreements_missing",
    "over_ratio",
    "unruled",
)


def empty_report(as_of: date, policy_id: str) -> dict[str, Any]:
    """The report on nobody: its shape with every list empty (an API caller
    who oversees no one)."""
    return {
        "as_of": as_of.isoformat(),
        "policy": policy_id,
        **{key: [] for key in LIST_KEYS},
        "summary": dict.fromkeys(SUMMARY_KEYS, 0),
    }


@dataclass(frozen=True)
class Scope:
    """The rows a report reads."""

    staff_ids: list[str]
    case_ids: list[str]  # cases with a period open on as_of
    sessions: list[Session]
    relationships: list[Relationship]

    @classmethod
    def everyone(cls, index: Index, as_of: date) -> Scope:
        open_cases = [
            case_id
            for case_id, periods in index.case_periods.items()
            if requirements.open_period(periods, as_of) is not None
        ]
        return cls(
            staff_ids=list(index.staff),
            case_ids=open_cases,
            sessions=index.dataset.sessions,
            relationships=index.dataset.relationships,
        )

    @classmethod
    def of(cls, index: Index, staff_ids: Iterable[str], as_of: date) -> Scope:
        known = sorted(staff_id for staff_id in set(staff_ids) if staff_id in index.staff)
        case_ids = {
            period.case_id
            for staff_id in known
            for period in index.case_periods_of_worker.get(staff_id, ())
            if requirements.covers(period, as_of)
        }
        sessions: dict[str, Session] = {}
        relationships: dict[int, Relationship] = {}
        for staff_id in known:
            for session in index.sessions_of_supervisor.get(staff_id, ()):
                sessions[session.session_id] = session
            for session in index.sessions_of_supervisee.get(staff_id, ()):
                sessions[session.session_id] = session
            for relationship in (*index.supervised(staff_id), *index.supervising(staff_id)):
                relationships[id(relationship)] = relationship
        return cls(known, sorted(case_ids), list(sessions.values()), list(relationships.values()))


@without_collector
def compliance_report(
    data: Dataset | Index,
    policy: Policy | PolicyTimeline | Iterable[tuple[date, Policy]],
    as_of: date,
    *,
    staff_ids: set[str] | None = None,
    explain: bool = False,
) -> dict[str, Any]:
    """The report of compliance.md section 7 on `as_of`.

    `policy` is one policy or an organisation's policy over time (a
    `PolicyTimeline` or (effective_from, policy) pairs). Pass an
    `Index` rather than a `Dataset` when making several reports on the same
    data: the index is the only step that reads every row. `explain` adds
    to each individual, group and case entry the `rule` in force on as_of
    (for pages; the spec's JSON never has it).
    """
    index = data if isinstance(data, Index) else Index(data)
    ctx = Context(index, PolicyTimeline.of(policy), as_of, explain)
    scope = Scope.everyone(index, as_of) if staff_ids is None else Scope.of(index, staff_ids, as_of)
    staff_ids_sorted = sorted(scope.staff_ids)

    individual = _present(requirements.individual(ctx, s) for s in staff_ids_sorted)
    group = _present(requirements.group(ctx, s) for s in staff_ids_sorted)
    cases, unruled = [], 0
    for case_id in sorted(scope.case_ids):
        entry = requirements.case(ctx, case_id)
        if entry is None:
            unruled += 1
        else:
            cases.append(entry)

    held = sorted(
        (s for s in scope.sessions if ctx.held_by(s)), key=lambda session: session.session_id
    )
    record_list = [records.record(ctx, session) for session in held]
    case_record_list = [
        entry
        for session in held  # sorted by session_id already
        for entry in records.case_records(
            ctx,
            session,
            sorted(index.discussions_of_session.get(session.session_id, ()), key=_case_id),
        )
    ]
    rearranging = [
        records.rearranging(ctx, session)
        for session in sorted(scope.sessions, key=lambda session: session.session_id)
        if session.status in ("cancelled", "postponed") and session.date <= as_of
    ]

    pairs = structure.active_pairs(ctx, scope.relationships)
    agreements = structure.agreements(ctx, pairs)
    supervisors = structure.supervisors(ctx, (supervisor for _supervisee, supervisor in pairs))
    balance = structure.balance(ctx, pairs)

    return {
        "as_of": as_of.isoformat(),
        "policy": ctx.policy.id,
        "individual": individual,
        "group": group,
        "cases": cases,
        "records": record_list,
        "case_records": case_record_list,
        "rearranging": rearranging,
        "agreements": agreements,
        "supervisors": supervisors,
        "balance": balance,
        "summary": {
            "individual_overdue": _count(individual, "status", "overdue"),
            "group_overdue": _count(group, "status", "overdue"),
            "cases_overdue": _count(cases, "status", "overdue"),
            "records_missing": _count(record_list, "recording", "missing"),
            "case_records_missing": _count(case_record_list, "recording", "missing"),
            "agreements_missing": _count(agreements, "status", "missing"),
            "over_ratio": _count(supervisors, "over_ratio", True),
            "unruled": unruled,
        },
    }


_case_id = attrgetter("case_id")


def _present(entries: Iterable[dict[str, Any] | None]) -> list[dict[str, Any]]:
    return [entry for entry in entries if entry is not None]


def _count(entries: list[dict[str, Any]], key: str, value: object) -> int:
    return sum(1 for entry in entries if entry[key] == value)
