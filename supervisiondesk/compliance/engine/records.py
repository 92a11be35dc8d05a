"""Records, sign-off, sharing, case records and rearranging (compliance.md section 4).

Deadlines are counted in working days of the session's supervisor's country.
The standards are those of the policy version in force on the session's
date: a standard that came in later does not make old records late.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from datetime import date
from typing import Any

from supervisiondesk.compliance.dataset import CaseDiscussion, Session
from supervisiondesk.compliance.engine.context import Context
from supervisiondesk.compliance.workdays import working_days_after
from supervisiondesk.policies.policy import Standards

NOT_ASSESSED = "not_assessed"


def timeliness(done: date | None, due: date, as_of: date) -> str:
    """on_time, late, pending (not yet, still in time) or missing."""
    if done is not None and done > as_of:
        done = None  # a date after as_of is not there yet
    if done is None:
        return "pending" if as_of <= due else "missing"
    return "on_time" if done <= due else "late"


def _standards(ctx: Context, session: Session) -> Standards:
    return ctx.policies.at(session.date).standards


def _deadline(ctx: Context, session: Session, working_days: int) -> date:
    country = ctx.index.staff[session.supervisor_id].country
    return working_days_after(country, session.date, working_days)


def _check(ctx: Context, session: Session, done: date | None, working_days: int | None) -> str:
    if working_days is None:
        return NOT_ASSESSED
    return timeliness(done, _deadline(ctx, session, working_days), ctx.as_of)


def record(ctx: Context, session: Session) -> dict[str, Any]:
    """A held session's record; sign-off and sharing for individual formal only."""
    standards = _standards(ctx, session)
    formal = session.kind == "individual_formal"
    sign_off = standards.sign_off_working_days if formal else None
    share = standards.share_working_days if formal else None
    minimum = standards.min_duration_minutes
    return {
        "session_id": session.session_id,
        "recording": _check(ctx, session, session.recorded_on, standards.record_working_days),
        "supervisor_sign_off": _check(ctx, session, session.supervisor_signed_on, sign_off),
        "supervisee_sign_off": _check(ctx, session, session.supervisee_signed_on, sign_off),
        "shared": _check(ctx, session, session.shared_on, share),
        # An empty duration was not recorded: it is not short.
        "short": bool(
            formal
            and minimum is not None
            and session.duration_minutes is not None
            and session.duration_minutes < minimum
        ),
    }


def case_record(ctx: Context, discussion: CaseDiscussion, session: Session) -> dict[str, Any]:
    """A case discussed in a held session, written to the child's record in time?"""
    return case_records(ctx, session, [discussion])[0]


def case_records(
    ctx: Context, session: Session, discussions: Iterable[CaseDiscussion]
) -> list[dict[str, Any]]:
    """`case_record` for each case discussed in one session, in the given
    order; the session's deadline is worked out once (2.7 million case
    discussions at national scale, about three per session)."""
    days = _standards(ctx, session).case_record_working_days
    session_id, as_of = session.session_id, ctx.as_of
    if days is None:
        return [
            {"session_id": session_id, "case_id": d.case_id, "recording": NOT_ASSESSED}
            for d in discussions
        ]
    due = _deadline(ctx, session, days)
    return [
        {
            "session_id": session_id,
            "case_id": d.case_id,
            "recording": timeliness(d.recorded_on, due, as_of),
        }
        for d in discussions
    ]


def rearranging(ctx: Context, session: Session) -> dict[str, Any]:
    """A cancelled or postponed session: followed in time by a held one of the
    same kind, with the same supervisor and one of the same supervisees?"""
    days = _standards(ctx, session).rearrange_working_days
    if days is None:
        return {"session_id": session.session_id, "status": NOT_ASSESSED}
    deadline = _deadline(ctx, session, days)
    supervisees = set(session.supervisee_ids)
    theirs = ctx.index.sessions_of_supervisor.get(session.supervisor_id, [])
    rearranged = False
    for other in theirs[bisect_left(theirs, session.date, key=_day) :]:
        if other.date > deadline:
            break
        if (
            other.kind == session.kind
            and ctx.held_by(other)
            and not supervisees.isdisjoint(other.supervisee_ids)
        ):
            rearranged = True
            break
    if rearranged:
        state = "rearranged"
    elif ctx.as_of <= deadline:
        state = "pending"
    else:
        state = "not_rearranged"
    return {"session_id": session.session_id, "status": state}


def _day(session: Session) -> date:
    return session.date
