"""The evidence pack's sources besides the stored figures (reports.evidence
puts them together): the audit samples of the period with their grades, the
supervisees' feedback as averages the viewer may see, the actions due, and
the policy versions in force. Each reads in a fixed number of queries,
whatever the pack's months or teams.

Privacy (privacy.rules): an audit's counts for the teams whose results the
viewer sees (`audit_result_teams`), its dates, supervisors and findings only
where they may open the sample (`visible_audit_samples`); feedback only from
supervisors whose aggregates they may see (`feedback_aggregate_supervisors`),
over closed quarters, each supervisor's ratings of a statement pooled only
when there are five or more (`feedback_aggregate_allowed`); actions counted,
never read.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser

from supervisiondesk.people.models import Organisation, Team, TeamMembership
from supervisiondesk.people.selectors import active_on
from supervisiondesk.policies.models import PolicyVersion
from supervisiondesk.policies.policy import Policy
from supervisiondesk.policies.summary import Line, summarise
from supervisiondesk.privacy import rules
from supervisiondesk.quality.arithmetic import grade_counts, period_closed, quarter_of
from supervisiondesk.quality.models import AuditGrade, AuditSample, FeedbackRating
from supervisiondesk.quality.services.feedback import FEEDBACK_WINDOW_DAYS
from supervisiondesk.quality.vocabulary import (
    DOMAIN_KEYS,
    DOMAIN_LABELS,
    STANDARD_KEYS,
    STANDARD_LABELS,
    STATEMENT_KEYS,
    STATEMENT_LABELS,
    Grade,
    StandardResult,
)
from supervisiondesk.supervision.choices import ActionStatus
from supervisiondesk.supervision.models import Action


def months_between(start: date, end: date) -> list[date]:
    """The first days of the months from `start` to `end`, both included."""
    months, day = [], start
    while day <= end:
        months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


# ---------------------------------------------------------------- audits


@dataclass(frozen=True)
class GradedRecord:
    sample: AuditSample
    grade: AuditGrade
    shown: bool  # the viewer may open the sample: date, supervisor, findings


@dataclass(frozen=True)
class SampleSummary:
    sample: AuditSample
    records: int
    graded: list[GradedRecord]
    domains: list[tuple[str, list[int]]]  # label, counts in Grade order
    standards: list[tuple[str, list[int]]]  # label, counts in StandardResult order
    shown: bool

    @property
    def findings(self) -> list[GradedRecord]:
        return [g for g in self.graded if g.shown and g.grade.findings.strip()]


def _tables(grades: list[AuditGrade]) -> tuple[list, list]:
    domains = grade_counts([g.domains for g in grades], DOMAIN_KEYS, Grade.values)
    standards = grade_counts([g.standards for g in grades], STANDARD_KEYS, StandardResult.values)
    return (
        [(str(DOMAIN_LABELS[k]), [domains[k][v] for v in Grade.values]) for k in DOMAIN_KEYS],
        [
            (str(STANDARD_LABELS[k]), [standards[k][v] for v in StandardResult.values])
            for k in STANDARD_KEYS
        ],
    )


def audits_of(user: AbstractBaseUser, teams: list[Team], start: date, end: date):
    """Samples drawn for these teams over a period overlapping the pack's
    (three queries). Counts for every team the viewer's audit results show
    (`audit_result_teams`); dates, supervisors and findings only where they
    may open the sample."""
    allowed = rules.audit_result_teams(user).filter(pk__in=[t.pk for t in teams])
    samples = list(
        AuditSample.objects.filter(team__in=allowed, period_start__lte=end, period_end__gte=start)
        .select_related("team")
        .order_by("team__name", "period_start", "pk")
    )
    opened = set(
        rules.visible_audit_samples(user)
        .filter(pk__in=[s.pk for s in samples])
        .values_list("pk", flat=True)
    )
    grades: dict[int, list[AuditGrade]] = defaultdict(list)
    records = Counter(
        AuditSample.sessions.through.objects.filter(
            auditsample_id__in=[s.pk for s in samples]
        ).values_list("auditsample_id", flat=True)
    )
    for grade in (
        AuditGrade.objects.filter(sample__in=samples)
        .select_related("session__supervisor")
        .order_by("session__date", "pk")
    ):
        grades[grade.sample_id].append(grade)
    summaries = []
    for sample in samples:
        domains, standards = _tables(grades[sample.pk])
        shown = sample.pk in opened
        summaries.append(
            SampleSummary(
                sample=sample,
                records=records[sample.pk],
                graded=[GradedRecord(sample, g, shown) for g in grades[sample.pk]],
                domains=domains,
                standards=standards,
                shown=shown,
            )
        )
    return summaries


# ---------------------------------------------------------------- feedback


@dataclass(frozen=True)
class FeedbackQuarter:
    key: str  # "2026-Q1"
    supervisors: int  # whose ratings are pooled
    ratings: int
    statements: list[tuple[str, float | None]]  # (label, mean); None: nothing may be shown


def feedback_of(
    user: AbstractBaseUser, teams: list[Team], start: date, end: date, today: date
) -> list[FeedbackQuarter]:
    """Each closed quarter wholly inside the period (two queries)."""
    quarters = []
    for first in months_between(start, end):
        quarter = quarter_of(first)
        if (
            quarter.start == first
            and quarter.end <= end
            and period_closed(quarter, today=today, window_days=FEEDBACK_WINDOW_DAYS)
        ):
            quarters.append(quarter)
    viewer = rules.viewer_of(user)
    if not quarters or viewer.staff is None:
        return []
    members = TeamMembership.objects.filter(active_on(today), team__in=teams).values("staff")
    supervisors = (
        rules.feedback_aggregate_supervisors(user)
        .exclude(pk=viewer.staff.pk)
        .filter(pk__in=members)
        .values("pk")
    )
    found: dict[tuple[int, int, str], list[int]] = defaultdict(list)
    for supervisor_id, statement, score, day in FeedbackRating.objects.filter(
        response__supervisor__in=supervisors,
        response__session__date__gte=quarters[0].start,
        response__session__date__lte=quarters[-1].end,
    ).values_list("response__supervisor_id", "statement", "score", "response__session__date"):
        for index, quarter in enumerate(quarters):
            if quarter.covers(day):
                found[(index, supervisor_id, statement)].append(score)
    result = []
    for index, quarter in enumerate(quarters):
        totals: Counter[str] = Counter()
        counts: Counter[str] = Counter()
        pooled: set[int] = set()
        for (at, supervisor_id, statement), scores in found.items():
            # A supervisor's statement is pooled only when their own figure
            # may be shown: the pooled mean then reveals nothing about fewer
            # than five responses.
            if at == index and rules.feedback_aggregate_allowed(len(scores)):
                totals[statement] += sum(scores)
                counts[statement] += len(scores)
                pooled.add(supervisor_id)
        result.append(
            FeedbackQuarter(
                key=quarter.key,
                supervisors=len(pooled),
                ratings=sum(counts.values()),
                statements=[
                    (
                        str(STATEMENT_LABELS[key]),
                        round(totals[key] / counts[key], 1) if counts[key] else None,
                    )
                    for key in STATEMENT_KEYS
                ],
            )
        )
    return result


# ---------------------------------------------------------------- actions


@dataclass
class ActionCounts:
    team: Team | None  # None: every team of the pack
    due: int = 0
    open: int = 0
    overdue: int = 0
    done: int = 0
    done_on_time: int = 0
    dropped: int = 0

    def add(self, status: str, due_on: date, done_on: date | None, today: date) -> None:
        self.due += 1
        if status == ActionStatus.OPEN:
            self.open += 1
            self.overdue += due_on < today
        elif status == ActionStatus.DONE:
            self.done += 1
            self.done_on_time += done_on is not None and done_on <= due_on
        else:
            self.dropped += 1


def actions_of(teams: list[Team], start: date, end: date, today: date) -> list[ActionCounts]:
    """Actions due in the period, counted in their owner's team today (two
    queries); their text is never read."""
    team_of: dict[int, Team] = {}
    by_pk = {t.pk: t for t in teams}
    for team_id, staff_id in (
        TeamMembership.objects.filter(active_on(today), team__in=teams)
        .order_by("-team_id")
        .values_list("team_id", "staff_id")
    ):
        team_of[staff_id] = by_pk[team_id]  # one team each: the first by key wins
    counts = {t.pk: ActionCounts(t) for t in teams}
    for owner_id, status, due_on, done_on in Action.objects.filter(
        owner_id__in=list(team_of), due_on__gte=start, due_on__lte=end
    ).values_list("owner_id", "status", "due_on", "done_on"):
        counts[team_of[owner_id].pk].add(status, due_on, done_on, today)
    lines = [counts[t.pk] for t in teams]
    whole = ActionCounts(None)
    for line in lines:
        for name in ("due", "open", "overdue", "done", "done_on_time", "dropped"):
            setattr(whole, name, getattr(whole, name) + getattr(line, name))
    return [*lines, whole]


# ---------------------------------------------------------------- the policy


@dataclass(frozen=True)
class PolicyInForce:
    version: PolicyVersion
    policy: Policy
    from_day: date  # in force in the period from this day
    individual: list[Line]
    standards: list[Line]
    functions: str


def policies_of(organisation: Organisation, start: date, end: date) -> list[PolicyInForce]:
    """The versions in force at some day of the period (one query); the
    first version also covers the days before it (as `policy_timeline`)."""
    versions = list(PolicyVersion.objects.filter(organisation=organisation))
    in_force = []
    for index, version in enumerate(versions):
        following = versions[index + 1].effective_from if index + 1 < len(versions) else None
        begins = start if index == 0 else version.effective_from
        if begins <= end and (following is None or following > start):
            policy = version.policy()
            summary = summarise(policy)
            in_force.append(
                PolicyInForce(
                    version=version,
                    policy=policy,
                    from_day=max(begins, start),
                    individual=summary.individual,
                    standards=summary.standards,
                    functions=summary.functions,
                )
            )
    return in_force
