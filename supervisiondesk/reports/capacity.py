"""Capacity planning (issue 6 item 7): the supervision hours each supervisor
needs per month from the current staff, their categories, caseloads and a
policy, against the hours they have for it (docs/capacity.md).

Pure Python over the compliance engine's `Dataset` and a `Policy`, like the
engine: no Django, no database, so the arithmetic is tested on its own and
the same figures come from a data folder or from the database.

Per supervisee, per month (a month is 365.25 / 12 days; an interval of
`Nd` happens 30.4375 / N times a month, `Nw` 30.4375 / 7N, `Nm` 1 / N):

- individual: the policy's target interval for their category (and the
  phase of it they are in on the day) x the session's minutes;
- group: the target interval of the group rule for their category and
  their team's service x the group session's minutes / the group's size
  (their share of the session);
- cases: for each case allocated to them on the day, the target interval
  for its type and risk x the minutes per case discussion. When the policy
  counts individual formal sessions for case supervision
  (`qualifying_sessions.case`), case discussions happen inside those
  sessions: only what does not fit in `case_share` of the individual
  minutes is added (no double counting); otherwise every minute is added.

Each supervisee's minutes go to one supervisor: the one of a counting
relationship active on the day, line first, then professional, then
external. Exact fractions throughout, so figures add up exactly; hours are
rounded only when shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from supervisiondesk.compliance.dataset import Dataset, Staff
from supervisiondesk.compliance.intervals import Interval
from supervisiondesk.policies.policy import PhasedRule, Policy, Rule
from supervisiondesk.reports.capacity_figures import CapacityPlan, SuperviseeNeed, SupervisorNeed

DAYS_PER_MONTH = Fraction(36525, 1200)  # 365.25 / 12
WEEKS_PER_MONTH = DAYS_PER_MONTH / 7
# Which supervisor carries a supervisee's hours when several relationships count.
KIND_ORDER = {"line": 0, "professional": 1, "external": 2}

# Defaults of the page's parameters (docs/capacity.md says why).
DEFAULT_SESSION_MINUTES = 90  # when the policy sets no minimum duration
DEFAULT_CASE_MINUTES = 15
DEFAULT_CASE_SHARE = Fraction(1, 2)
DEFAULT_GROUP_MINUTES = 90
DEFAULT_GROUP_SIZE = 6
DEFAULT_WEEKLY_HOURS = Fraction(37)
DEFAULT_SUPERVISION_SHARE = Fraction(1, 5)


@dataclass(frozen=True)
class Assumptions:
    """What the policy does not say: minutes, group size, working time.

    `session_minutes` None takes the policy's `min_duration_minutes`, or
    DEFAULT_SESSION_MINUTES when it sets none.
    """

    session_minutes: int | None = None
    case_minutes: int = DEFAULT_CASE_MINUTES
    case_share: Fraction = DEFAULT_CASE_SHARE  # of individual minutes, for cases
    group_minutes: int = DEFAULT_GROUP_MINUTES
    group_size: int = DEFAULT_GROUP_SIZE
    weekly_hours: Fraction = DEFAULT_WEEKLY_HOURS  # of a full-time post
    supervision_share: Fraction = DEFAULT_SUPERVISION_SHARE  # of a supervisor's time

    def __post_init__(self) -> None:
        if self.session_minutes is not None and self.session_minutes < 1:
            raise ValueError("session_minutes must be at least 1")
        if self.case_minutes < 0 or self.group_minutes < 0:
            raise ValueError("minutes cannot be negative")
        if self.group_size < 1:
            raise ValueError("group_size must be at least 1")
        if not 0 <= self.case_share <= 1 or not 0 <= self.supervision_share <= 1:
            raise ValueError("shares are between 0 and 1")
        if self.weekly_hours < 0:
            raise ValueError("weekly_hours cannot be negative")

    def minutes_of_session(self, policy: Policy) -> int:
        if self.session_minutes is not None:
            return self.session_minutes
        return policy.standards.min_duration_minutes or DEFAULT_SESSION_MINUTES

    @property
    def hours_per_fte(self) -> Fraction:
        """Supervision hours a month of one full-time supervisor."""
        return self.weekly_hours * WEEKS_PER_MONTH * self.supervision_share


def per_month(interval: Interval) -> Fraction:
    """How many times a month something happens every `interval`."""
    if interval.unit == "d":
        return DAYS_PER_MONTH / interval.count
    if interval.unit == "w":
        return DAYS_PER_MONTH / (7 * interval.count)
    return Fraction(1, interval.count)


def phase_rule(rule: PhasedRule, category_start: date, on: date) -> Rule:
    """The rule of the phase a category that began on `category_start` is in on `on`."""
    current = rule.phases[0].rule
    for begins, _index, phase in rule.pieces(category_start):
        if begins is None or begins <= on:
            current = phase
    return current


def capacity_plan(
    data: Dataset,
    policy: Policy,
    on: date,
    *,
    fte: Mapping[str, Fraction] | None = None,
    assumptions: Assumptions = Assumptions(),
    supervisors: Iterable[str] | None = None,
) -> CapacityPlan:
    """Each supervisor's monthly need on `on` under `policy`.

    `fte`: each supervisor's contracted FTE by staff id (1 when left out).
    `supervisors`: only these staff ids (a page's scope); each keeps every
    supervisee they carry, wherever that supervisee works.
    """
    fte = fte or {}
    in_post = {s.staff_id: s for s in data.staff if _covers(s.start_date, s.end_date, on)}
    service = {team.team: team.service for team in data.teams}
    category_of: dict[str, tuple[str, date]] = {}
    for period in data.categories:
        if _covers(period.start, period.end, on):
            category_of[period.staff_id] = (period.category, period.start)
    cases_of: dict[str, list[tuple[str, str]]] = {}
    for period in data.case_periods:
        if _covers(period.start, period.end, on):
            cases_of.setdefault(period.worker_id, []).append((period.case_type, period.risk))

    # One supervisor carries each supervisee: line first (then professional,
    # external), then the lowest staff id, so the choice never depends on order.
    carrier: dict[str, tuple[int, str]] = {}
    for r in data.relationships:
        if (
            r.kind in policy.relationships_that_count
            and _covers(r.start, r.end, on)
            and r.supervisee_id in in_post
            and r.supervisor_id in in_post
        ):
            key = (KIND_ORDER.get(r.kind, len(KIND_ORDER)), r.supervisor_id)
            if r.supervisee_id not in carrier or key < carrier[r.supervisee_id]:
                carrier[r.supervisee_id] = key
    carried: dict[str, list[str]] = {}
    for supervisee, (_kind, supervisor) in carrier.items():
        carried.setdefault(supervisor, []).append(supervisee)

    session_minutes = assumptions.minutes_of_session(policy)
    cases_in_sessions = "individual_formal" in policy.qualifying_sessions.case
    # Someone who carries nobody under this policy has no supervision to plan.
    chosen = set(carried) if supervisors is None else set(supervisors) & set(carried)
    rows = []
    for supervisor_id in sorted(chosen, key=lambda s: (in_post[s].name, s)):
        person = in_post[supervisor_id]
        needs = tuple(
            _supervisee_need(
                in_post[supervisee],
                policy,
                on,
                category_of.get(supervisee),
                cases_of.get(supervisee, []),
                service.get(in_post[supervisee].team),
                session_minutes,
                cases_in_sessions,
                assumptions,
            )
            for supervisee in sorted(
                carried.get(supervisor_id, []), key=lambda s: (in_post[s].name, s)
            )
        )
        rows.append(
            SupervisorNeed(
                staff_id=supervisor_id,
                name=person.name,
                team=person.team,
                fte=Fraction(fte.get(supervisor_id, 1)),
                supervisees=needs,
                hours_per_fte=assumptions.hours_per_fte,
            )
        )
    return CapacityPlan(
        policy_id=policy.id,
        policy_title=policy.title,
        on=on,
        assumptions=assumptions,
        session_minutes=session_minutes,
        cases_in_sessions=cases_in_sessions,
        supervisors=tuple(rows),
    )


def _supervisee_need(
    person: Staff,
    policy: Policy,
    on: date,
    category: tuple[str, date] | None,
    cases: list[tuple[str, str]],
    service: str | None,
    session_minutes: int,
    cases_in_sessions: bool,
    assumptions: Assumptions,
) -> SuperviseeNeed:
    individual = group = Fraction(0)
    name = category[0] if category else None
    phased = policy.individual.get(category[0]) if category else None
    if category is not None:
        if phased is not None:
            rule = phase_rule(phased, category[1], on)
            individual = per_month(rule.target) * session_minutes
        if policy.group is not None:
            group_rule = policy.group.rule_for(service, category[0])
            if group_rule is not None:
                group = (
                    per_month(group_rule.target)
                    * assumptions.group_minutes
                    / assumptions.group_size
                )
    discussions = Fraction(0)
    for case_type, risk in cases:
        case_rule = policy.case_rule(case_type, risk)
        if case_rule is not None:
            discussions += per_month(case_rule.target) * assumptions.case_minutes
    if cases_in_sessions:
        extra = max(Fraction(0), discussions - individual * assumptions.case_share)
    else:
        extra = discussions
    return SuperviseeNeed(
        staff_id=person.staff_id,
        name=person.name,
        category=name,
        cases=len(cases),
        individual=individual,
        group=group,
        case_discussions=discussions,
        case_extra=extra,
        ruled=phased is not None,
    )


def _covers(start: date, end: date | None, on: date) -> bool:
    return start <= on and (end is None or on <= end)
