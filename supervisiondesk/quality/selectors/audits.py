"""Reads for the audit pages, taking the requesting user."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Prefetch, Q

from supervisiondesk.people.models import StaffMember, Team
from supervisiondesk.privacy import rules
from supervisiondesk.quality.arithmetic import grade_counts
from supervisiondesk.quality.models import AuditGrade, AuditSample
from supervisiondesk.quality.vocabulary import (
    DOMAIN_KEYS,
    DOMAIN_LABELS,
    STANDARD_KEYS,
    STANDARD_LABELS,
    Grade,
    StandardResult,
)
from supervisiondesk.supervision.models import Action, SessionAttendee, SupervisionSession


def audit_samples_of(*, user: AbstractBaseUser) -> list[AuditSample]:
    """An auditor's open samples, each with its records and how many are graded."""
    viewer = rules.viewer_of(user)
    if viewer.staff is None:
        return []
    return list(
        AuditSample.objects.filter(
            Q(closes_on__isnull=True) | Q(closes_on__gte=viewer.today),
            auditor=user,
            organisation_id=viewer.organisation_id,
        )
        .select_related("team")
        .annotate(graded=Count("grades", distinct=True))
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=SupervisionSession.objects.select_related("supervisor").order_by(
                    "date", "pk"
                ),
            )
        )
    )


@dataclass
class SampleRow:
    session: SupervisionSession
    supervisees: list[StaffMember]
    grade: AuditGrade | None
    actions: list[Action] = field(default_factory=list)


@dataclass
class SamplePage:
    sample: AuditSample
    rows: list[SampleRow]
    domains: list[tuple[str, list[int]]]  # label, counts in Grade order
    standards: list[tuple[str, list[int]]]  # label, counts in StandardResult order
    graded: int

    @property
    def complete(self) -> bool:
        return self.graded == len(self.rows)


def _domain_table(grades: list[AuditGrade]) -> list[tuple[str, list[int]]]:
    counts = grade_counts([g.domains for g in grades], DOMAIN_KEYS, Grade.values)
    return [(str(DOMAIN_LABELS[k]), [counts[k][v] for v in Grade.values]) for k in DOMAIN_KEYS]


def _standard_table(grades: list[AuditGrade]) -> list[tuple[str, list[int]]]:
    counts = grade_counts([g.standards for g in grades], STANDARD_KEYS, StandardResult.values)
    return [
        (str(STANDARD_LABELS[k]), [counts[k][v] for v in StandardResult.values])
        for k in STANDARD_KEYS
    ]


def sample_page(*, sample: AuditSample) -> SamplePage:
    """A sample's records with their grades, findings and the status of
    each action (fixed number of queries)."""
    sessions = list(
        sample.sessions.select_related("supervisor", "group").order_by("date", "session_id")
    )
    attendees = defaultdict(list)
    for attendee in SessionAttendee.objects.filter(session__in=sessions).select_related("staff"):
        attendees[attendee.session_id].append(attendee.staff)
    grades = {
        g.session_id: g
        for g in sample.grades.select_related("findings_item__session").prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("owner", "session").order_by("due_on", "pk"),
            )
        )
    }
    rows = [
        SampleRow(
            session=s,
            supervisees=sorted(attendees[s.pk], key=lambda p: p.name),
            grade=grades.get(s.pk),
            actions=list(grades[s.pk].actions.all()) if s.pk in grades else [],
        )
        for s in sessions
    ]
    graded = list(grades.values())
    return SamplePage(
        sample=sample,
        rows=rows,
        domains=_domain_table(graded),
        standards=_standard_table(graded),
        graded=len(graded),
    )


@dataclass
class ResultGroup:
    team: Team
    period_start: date
    period_end: date
    samples: list[AuditSample]
    records: int
    domains: list[tuple[str, list[int]]]
    standards: list[tuple[str, list[int]]]


def audit_results(*, user: AbstractBaseUser) -> list[ResultGroup]:
    """Counts of grades per domain and of results per standard, by team and
    period, over the drawn samples of the teams the user may see (no
    findings, no names)."""
    teams = rules.audit_result_teams(user)
    samples = list(
        AuditSample.objects.filter(team__in=teams, period_start__isnull=False)
        .select_related("team")
        .order_by("team__name", "-period_start", "-period_end", "pk")
    )
    grades = defaultdict(list)
    for grade in AuditGrade.objects.filter(sample__in=samples).only(
        "sample_id", "domains", "standards"
    ):
        grades[grade.sample_id].append(grade)
    groups: dict[tuple, list[AuditSample]] = {}
    for sample in samples:
        groups.setdefault((sample.team_id, sample.period_start, sample.period_end), []).append(
            sample
        )
    results = []
    for (_team, start, end), members in groups.items():
        graded = [g for s in members for g in grades[s.pk]]
        results.append(
            ResultGroup(
                team=members[0].team,
                period_start=start,
                period_end=end,
                samples=members,
                records=len(graded),
                domains=_domain_table(graded),
                standards=_standard_table(graded),
            )
        )
    return results


def grade_of(*, sample: AuditSample, session: SupervisionSession) -> AuditGrade | None:
    return (
        AuditGrade.objects.filter(sample=sample, session=session)
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.select_related("owner", "session"))
        )
        .first()
    )
