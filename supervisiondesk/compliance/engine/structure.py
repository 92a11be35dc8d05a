"""Agreements, supervisors' ratios and the balance of functions (compliance.md section 4).

All three are about pairs of people (supervisee, supervisor) with a
relationship of a counting kind active on as_of, one entry per pair however
many relationships the pair has.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from supervisiondesk.compliance.dataset import Relationship
from supervisiondesk.compliance.engine.context import Context

Pair = tuple[str, str]  # (supervisee_id, supervisor_id)


def active_pairs(ctx: Context, relationships: Iterable[Relationship]) -> set[Pair]:
    return {
        (relationship.supervisee_id, relationship.supervisor_id)
        for relationship in relationships
        if ctx.active_on(relationship, ctx.as_of)
    }


def agreements(ctx: Context, pairs: Iterable[Pair]) -> list[dict[str, Any]]:
    """Each pair's signed agreement, reviewed in time; empty without a review standard."""
    review = ctx.policy.standards.agreement_review
    if review is None:
        return []
    entries = []
    for supervisee_id, supervisor_id in sorted(pairs):
        signed = ctx.index.agreements.get((supervisee_id, supervisor_id), [])
        dates = [a.signed_on for a in signed if a.signed_on <= ctx.as_of]
        dates += [
            a.reviewed_on
            for a in signed
            if a.reviewed_on is not None and a.reviewed_on <= ctx.as_of
        ]
        if not dates:
            state, review_due = "missing", None
        else:
            due = review.after(max(dates))
            state = "review_overdue" if ctx.as_of > due else "current"
            review_due = due.isoformat()
        entries.append(
            {
                "supervisee_id": supervisee_id,
                "supervisor_id": supervisor_id,
                "status": state,
                "review_due": review_due,
            }
        )
    return entries


def supervisors(ctx: Context, supervisor_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Each supervisor's count of supervisees; empty without a ratio standard."""
    limit = ctx.policy.standards.max_supervisees
    if limit is None:
        return []
    entries = []
    for supervisor_id in sorted(set(supervisor_ids)):
        supervisees = {
            r.supervisee_id
            for r in ctx.index.supervising(supervisor_id)
            if ctx.active_on(r, ctx.as_of)
        }
        if supervisees:
            entries.append(
                {
                    "staff_id": supervisor_id,
                    "supervisees": len(supervisees),
                    "over_ratio": len(supervisees) > limit,
                }
            )
    return entries


def balance(ctx: Context, pairs: Iterable[Pair]) -> list[dict[str, Any]]:
    """Functions of supervision left out of a pair's latest formal sessions."""
    window = ctx.policy.standards.balance_window
    functions = set(ctx.policy.functions)
    entries = []
    for supervisee_id, supervisor_id in sorted(pairs):
        together = [
            session
            for session in ctx.index.sessions_of_supervisee.get(supervisee_id, ())
            if session.supervisor_id == supervisor_id
            and session.kind == "individual_formal"
            and ctx.held_by(session)
        ]
        if len(together) < 3:
            continue
        latest = together[-window:]  # the index keeps them by date, then session_id
        covered = {function for session in latest for function in session.functions}
        entries.append(
            {
                "supervisee_id": supervisee_id,
                "supervisor_id": supervisor_id,
                "sessions": len(latest),
                "functions_missing": sorted(functions - covered),
            }
        )
    return entries
