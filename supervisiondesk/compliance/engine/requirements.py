"""Individual, group and case supervision: is it due? (compliance.md section 3)

Each requirement has an anchor (where its unbroken run of days began), a last
qualifying event on or after the anchor, and its rules over time; `clock`
turns those into due dates and a status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from supervisiondesk.compliance.dataset import CasePeriod, CategoryPeriod, Session
from supervisiondesk.compliance.engine.clock import (
    ONE_DAY,
    RuleTimeline,
    Span,
    after_absences,
    due_dates,
    is_absent,
    run_start,
    status,
)
from supervisiondesk.compliance.engine.context import Context
from supervisiondesk.policies.policy import PhasedRule, PolicyTimeline

# ------------------------------------------------------------------ rules over time


def category_ranges(periods: list[CategoryPeriod]) -> list[tuple[str, date, date | None]]:
    """(category, first, last): rows of one category that follow each other
    with no gap are one range, so phases count from the first of them."""
    ranges: list[tuple[str, date, date | None]] = []
    for period in periods:
        if ranges:
            category, first, last = ranges[-1]
            if category == period.category and last is not None and last + ONE_DAY == period.start:
                ranges[-1] = (category, first, period.end)
                continue
        ranges.append((period.category, period.start, period.end))
    return ranges


def _clipped(first: date, last: date | None, until: date) -> date | None:
    """The last day of [first, last] up to `until`, or None when it starts later."""
    if first > until:
        return None
    return until if last is None else min(last, until)


def _phase_spans(
    phased: PhasedRule, category: str, begins: date, ends: date, version_days: tuple[date, date]
) -> Iterator[Span]:
    pieces = list(phased.pieces(begins))
    for position, (phase_first, index, rule) in enumerate(pieces):
        following = pieces[position + 1][0] if position + 1 < len(pieces) else None
        first = max(phase_first or begins, version_days[0])
        last = min(ends, version_days[1])
        if following is not None:
            last = min(last, following - ONE_DAY)
        if first <= last:
            yield Span(first, last, (category, f"phase {index + 1}"), rule)


def individual_rules(
    periods: list[CategoryPeriod], policies: PolicyTimeline, until: date
) -> RuleTimeline:
    spans = []
    for category, first, last in category_ranges(periods):
        ends = _clipped(first, last, until)
        if ends is None:
            break
        for version_first, version_last, policy in policies.spans(first, ends):
            phased = policy.individual.get(category)
            if phased is not None:
                spans += _phase_spans(phased, category, first, ends, (version_first, version_last))
    return RuleTimeline(spans)


def group_rules(
    periods: list[CategoryPeriod],
    policies: PolicyTimeline,
    service: str | None,
    in_post: tuple[date, date | None],
    until: date,
) -> RuleTimeline:
    """Group rules apply on days in post, by the team's service and the category."""
    spans = []
    for category, first, last in category_ranges(periods):
        first = max(first, in_post[0])
        if in_post[1] is not None:
            last = in_post[1] if last is None else min(last, in_post[1])
        ends = _clipped(first, last, until)
        if ends is None or ends < first:
            continue
        for version_first, version_last, policy in policies.spans(first, ends):
            rule = policy.group.rule_for(service, category) if policy.group else None
            if rule is not None:
                spans.append(Span(version_first, version_last, (category,), rule))
    return RuleTimeline(spans)


def case_rules(periods: list[CasePeriod], policies: PolicyTimeline, until: date) -> RuleTimeline:
    """A case's rule by case type and risk; a new worker alone changes nothing."""
    spans = []
    for period in periods:
        ends = _clipped(period.start, period.end, until)
        if ends is None:
            continue
        for version_first, version_last, policy in policies.spans(period.start, ends):
            rule = policy.case_rule(period.case_type, period.risk)
            if rule is not None:
                key = (period.case_type, period.risk)
                spans.append(Span(version_first, version_last, key, rule))
    return RuleTimeline(spans)


# ------------------------------------------------------------------ requirements


def _clock(
    ctx: Context,
    rules: RuleTimeline,
    anchor: date,
    last: date | None,
    staff_id: str | None,
) -> dict[str, Any]:
    """last, next_due, overdue_after, status, days_overdue (absences for staff only)."""
    next_due, overdue_after = due_dates(rules, anchor, last, ctx.as_of)
    absent = False
    if staff_id is not None:
        absences = ctx.index.absences_of(staff_id)
        grace = ctx.policy.standards.return_grace_days
        next_due = after_absences(next_due, absences, grace)
        overdue_after = after_absences(overdue_after, absences, grace)
        absent = is_absent(ctx.as_of, absences)
    # After absences next_due may pass overdue_after: it is due by then at the latest.
    next_due = min(next_due, overdue_after)
    state, days_overdue = status(ctx.as_of, next_due, overdue_after, absent)
    return {
        "last": _iso(last),
        "next_due": next_due.isoformat(),
        "overdue_after": overdue_after.isoformat(),
        "status": state,
        "days_overdue": days_overdue,
    }


def individual(ctx: Context, staff_id: str) -> dict[str, Any] | None:
    """A staff member's individual supervision, or None where it is not required."""
    index, as_of = ctx.index, ctx.as_of
    counting = [r for r in index.supervised(staff_id) if ctx.counts(r)]
    ranges = [days for days in map(ctx.active_range, counting) if days is not None]
    anchor = run_start(ranges, as_of)
    if anchor is None:
        return None
    rules = individual_rules(index.category_periods(staff_id), ctx.policies, as_of)
    today = rules.at(as_of)
    if today is None:
        return None
    kinds = ctx.policy.qualifying_sessions.individual
    last = _latest_attended(
        ctx,
        staff_id,
        anchor,
        lambda session: (
            session.kind in kinds
            and ctx.supervises_on(session.supervisor_id, staff_id, session.date)
        ),
    )
    entry = {
        "staff_id": staff_id,
        "category": today.key[0],
        **_clock(ctx, rules, anchor, last, staff_id),
    }
    return _explained(ctx, entry, today)


def group(ctx: Context, staff_id: str) -> dict[str, Any] | None:
    """A staff member's group supervision, or None where no group rule covers them."""
    index, as_of = ctx.index, ctx.as_of
    staff = index.staff[staff_id]
    if not index.in_post(staff_id, as_of):
        return None
    service = index.team_service.get(staff.team)
    in_post = (staff.start_date, staff.end_date)
    rules = group_rules(index.category_periods(staff_id), ctx.policies, service, in_post, as_of)
    anchor = rules.run_start(as_of)
    if anchor is None:
        return None
    kinds = ctx.policy.qualifying_sessions.group
    last = _latest_attended(ctx, staff_id, anchor, lambda session: session.kind in kinds)
    entry = {"staff_id": staff_id, **_clock(ctx, rules, anchor, last, staff_id)}
    return _explained(ctx, entry, rules.at(as_of))


def _latest_attended(
    ctx: Context, staff_id: str, anchor: date, qualifies: Callable[[Session], bool]
) -> date | None:
    """The date of the latest held session from the anchor to as_of that the
    staff member attended (as a supervisee) and that `qualifies`."""
    for session in reversed(ctx.index.sessions_of_supervisee.get(staff_id, ())):
        if session.date > ctx.as_of:
            continue
        if session.date < anchor:
            return None
        if session.status == "held" and qualifies(session):
            return session.date
    return None


def covers(period: CasePeriod, day: date) -> bool:
    return period.start <= day and (period.end is None or day <= period.end)


def open_period(periods: list[CasePeriod], day: date) -> CasePeriod | None:
    return next((period for period in periods if covers(period, day)), None)


def current_run(periods: list[CasePeriod], day: date) -> list[CasePeriod]:
    """The case's periods in the unbroken run that covers `day` (periods are
    in date order and never overlap); empty when no period covers `day`."""
    for position in range(len(periods) - 1, -1, -1):
        if covers(periods[position], day):
            first = position
            while first > 0 and periods[first - 1].end == periods[first].start - ONE_DAY:
                first -= 1
            return periods[first : position + 1]
    return []


def case(ctx: Context, case_id: str) -> dict[str, Any] | None:
    """A case's case supervision; None when it has no rule on as_of (unruled).

    Call only for a case with a period open on as_of.
    """
    index, as_of = ctx.index, ctx.as_of
    run = current_run(index.periods_of_case(case_id), as_of)
    current, anchor = run[-1], run[0].start
    # Only the run matters: events and rule changes before the anchor never count.
    rules = case_rules(run, ctx.policies, as_of)
    today = rules.at(as_of)
    if today is None:
        return None
    kinds = ctx.policy.qualifying_sessions.case
    last = anchor - ONE_DAY  # "none yet": every counting session is on or after the anchor
    sessions = index.sessions
    for discussion in index.discussions(case_id):  # 400,000 cases: kept lean
        session = sessions.get(discussion.session_id)
        if (
            session is not None
            and last < session.date <= as_of
            and session.status == "held"
            and session.kind in kinds
        ):
            last = session.date
    last = None if last < anchor else last
    entry = {
        "case_id": case_id,
        "worker_id": current.worker_id,
        "case_type": current.case_type,
        "risk": current.risk,
        **_clock(ctx, rules, anchor, last, None),
    }
    return _explained(ctx, entry, today)


def _explained(ctx: Context, entry: dict[str, Any], today: Span | None) -> dict[str, Any]:
    """With `explain`, the rule in force on as_of, for pages (never in the
    spec's JSON): what it is for, since when, its intervals."""
    if ctx.explain and today is not None:
        entry["rule"] = {
            "for": list(today.key),
            "since": today.first.isoformat(),
            "target": str(today.rule.target),
            "maximum": str(today.rule.maximum),
            "first": None if today.rule.first is None else str(today.rule.first),
            "policy": ctx.policies.at(ctx.as_of).id,
        }
    return entry


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
