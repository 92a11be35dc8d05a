"""Reads for the development pages, taking the requesting user (or the
`Person` that `access` answered for them), each in a fixed number of
queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Prefetch, Q, Sum
from django.db.models.functions import ExtractYear

from supervisiondesk.development.access import Person
from supervisiondesk.development.models import (
    AreaRating,
    CompetencyAssessment,
    CpdEntry,
    GoalReview,
    LearningGoal,
    LearningPlan,
    PracticeObservation,
    WellbeingPlan,
)
from supervisiondesk.people.models import StaffMember, TeamMembership
from supervisiondesk.people.selectors import active_on
from supervisiondesk.privacy import development_rules as rules
from supervisiondesk.privacy.development_rules import Part, Record
from supervisiondesk.privacy.rules import editable_sessions, viewer_of
from supervisiondesk.supervision.choices import SessionStatus
from supervisiondesk.supervision.models import SupervisionSession

PEOPLE_PER_PAGE = 50
RECENT_CPD = 5
REVIEW_SESSIONS_DAYS = 365


# ---------------------------------------------------------------- a person's page


@dataclass(frozen=True)
class Overview:
    person: Person
    goals: list[LearningGoal] | None  # None: not the viewer's to read
    assessments: list[CompetencyAssessment] | None
    wellbeing: WellbeingPlan | None
    reads_wellbeing: bool
    cpd_recent: list[CpdEntry] | None
    cpd_hours_year: Decimal
    cpd_count: int
    observations: list[PracticeObservation]
    today: date

    @property
    def open_goals(self) -> int:
        return sum(1 for g in self.goals or [] if g.completed_on is None)


def _goals(worker: StaffMember) -> list[LearningGoal]:
    """The plan's goals with their last review (one query)."""
    return list(
        LearningGoal.objects.filter(plan__worker=worker).annotate(
            last_reviewed=Max("reviews__reviewed_on"), review_count=Count("reviews")
        )
    )


def overview(*, user: AbstractBaseUser, person: Person) -> Overview:
    """What a person's development page shows to this viewer: each record
    the viewer may read, as a summary with its link."""
    worker = person.staff
    today = viewer_of(user).today
    reads = person.reads
    cpd = CpdEntry.objects.filter(worker=worker)
    totals = (
        cpd.aggregate(
            count=Count("pk"), hours=Sum("hours", filter=Q(date__gt=today - timedelta(days=365)))
        )
        if reads(Record.CPD_LOG)
        else {"count": 0, "hours": None}
    )
    return Overview(
        person=person,
        goals=_goals(worker) if reads(Record.LEARNING_PLAN) else None,
        assessments=(
            list(CompetencyAssessment.objects.filter(worker=worker).select_related("framework"))
            if reads(Record.COMPETENCY)
            else None
        ),
        wellbeing=(
            WellbeingPlan.objects.filter(worker=worker).first()
            if reads(Record.WELLBEING_PLAN)
            else None
        ),
        reads_wellbeing=reads(Record.WELLBEING_PLAN),
        cpd_recent=list(cpd[:RECENT_CPD]) if reads(Record.CPD_LOG) else None,
        cpd_hours_year=totals["hours"] or Decimal("0"),
        cpd_count=totals["count"],
        observations=list(
            rules.visible_observations(user).filter(worker=worker).select_related("observer")
        ),
        today=today,
    )


def observations_made(*, user: AbstractBaseUser) -> list[PracticeObservation]:
    """The observations the user recorded of colleagues' practice."""
    staff = viewer_of(user).staff
    if staff is None:
        return []
    return list(rules.editable_observations(user).filter(observer=staff).select_related("worker"))


# ---------------------------------------------------------------- people


@dataclass(frozen=True)
class PersonRow:
    staff: StaffMember
    team: str
    parts: list[Part]
    open_goals: int
    cpd_hours_year: Decimal


PART_ORDER = [Part.SUPERVISOR, Part.LINE_MANAGER, Part.SENIOR_MANAGER, Part.NEED_TO_KNOW]


def people(*, user: AbstractBaseUser, page: int | str | None = 1) -> Page:
    """The people whose development the user may open (themselves aside),
    with the user's part and a summary; a page of them (three queries and
    the count)."""
    viewer = viewer_of(user)
    if viewer.staff is None:
        return Paginator([], PEOPLE_PER_PAGE).get_page(1)
    today = viewer.today
    checks = rules.part_checks(user)
    queryset = (
        rules.development_workers(user)
        .exclude(pk=viewer.staff.pk)
        .annotate(
            **checks,
            open_goals=Count(
                "learning_plan__goals",
                filter=Q(learning_plan__goals__completed_on__isnull=True),
                distinct=True,
            ),
        )
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=TeamMembership.objects.filter(active_on(today)).select_related("team"),
                to_attr="memberships_now",
            )
        )
        .order_by("name", "pk")
    )
    found = Paginator(queryset, PEOPLE_PER_PAGE).get_page(page)
    ids = [s.pk for s in found.object_list]
    hours = dict(
        CpdEntry.objects.filter(worker_id__in=ids, date__gt=today - timedelta(days=365))
        .values_list("worker_id")
        .annotate(total=Sum("hours"))
    )
    found.object_list = [
        PersonRow(
            staff=s,
            team=", ".join(m.team.name for m in s.memberships_now),
            parts=[p for p in PART_ORDER if getattr(s, str(p), False)],
            open_goals=s.open_goals,
            cpd_hours_year=hours.get(s.pk, Decimal("0")),
        )
        for s in found.object_list
    ]
    return found


# ---------------------------------------------------------------- learning plan


def plan_goals(*, plan: LearningPlan | None) -> list[LearningGoal]:
    """The goals with their reviews and the sessions they were held in."""
    if plan is None:
        return []
    reviews = GoalReview.objects.select_related("session")
    return list(
        plan.goals.prefetch_related(Prefetch("reviews", queryset=reviews, to_attr="all_reviews"))
    )


def review_sessions(*, user: AbstractBaseUser, worker: StaffMember) -> list[SupervisionSession]:
    """The sessions a review may be linked to: the worker attended, the user
    is one of its people, held or planned, in the last year, not later than
    today."""
    today = viewer_of(user).today
    return list(
        editable_sessions(user)
        .filter(
            supervisees=worker,
            status__in=[SessionStatus.HELD, SessionStatus.PLANNED],
            date__lte=today,
            date__gte=today - timedelta(days=REVIEW_SESSIONS_DAYS),
        )
        .select_related("supervisor")
        .order_by("-date", "-pk")
        .distinct()[:20]
    )


# ---------------------------------------------------------------- competency


@dataclass(frozen=True)
class AreaRow:
    number: int
    title: str
    now: AreaRating
    previous: AreaRating | None

    @property
    def change(self) -> int | None:
        if self.previous is None:
            return None
        return self.now.rating - self.previous.rating


@dataclass(frozen=True)
class Comparison:
    assessment: CompetencyAssessment
    previous: CompetencyAssessment | None
    rows: list[AreaRow]
    history: list[CompetencyAssessment]  # every assessment of the worker on this framework

    @property
    def improved(self) -> int:
        return sum(1 for r in self.rows if (r.change or 0) > 0)

    @property
    def lower(self) -> int:
        return sum(1 for r in self.rows if (r.change or 0) < 0)


def comparison(*, assessment: CompetencyAssessment) -> Comparison:
    """The assessment beside the one before it on the same framework (the
    previous vs now), area by area (three queries)."""
    history = list(
        CompetencyAssessment.objects.filter(
            worker_id=assessment.worker_id, framework_id=assessment.framework_id
        ).order_by("-assessed_on", "-pk")
    )
    index = next(i for i, a in enumerate(history) if a.pk == assessment.pk)
    previous = history[index + 1] if index + 1 < len(history) else None
    wanted = [assessment.pk] + ([previous.pk] if previous else [])
    ratings = AreaRating.objects.filter(assessment_id__in=wanted).select_related("area")
    now = {r.area_id: r for r in ratings if r.assessment_id == assessment.pk}
    before = {r.area_id: r for r in ratings if previous and r.assessment_id == previous.pk}
    rows = [
        AreaRow(number=r.area.number, title=r.area.title, now=r, previous=before.get(area_id))
        for area_id, r in sorted(now.items(), key=lambda item: item[1].area.number)
    ]
    return Comparison(assessment=assessment, previous=previous, rows=rows, history=history)


# ---------------------------------------------------------------- CPD log


@dataclass(frozen=True)
class CpdLog:
    entries: list[CpdEntry]
    hours: Decimal
    years: list[int]
    year: int | None


def cpd_log(*, worker: StaffMember, year: int | None = None) -> CpdLog:
    """The worker's entries (of one year, or all), their hours and the
    years that have entries (two queries)."""
    entries = CpdEntry.objects.filter(worker=worker).select_related("session", "created_by")
    years = sorted(
        {
            y
            for y in CpdEntry.objects.filter(worker=worker)
            .annotate(year=ExtractYear("date"))
            .values_list("year", flat=True)
        },
        reverse=True,
    )
    if year is not None:
        entries = entries.filter(date__year=year)
    rows = list(entries)
    return CpdLog(
        entries=rows, hours=sum((e.hours for e in rows), Decimal("0")), years=years, year=year
    )


# ---------------------------------------------------------------- observations


def observable_workers(*, user: AbstractBaseUser) -> list[StaffMember]:
    """Whom the user may record an observation of: the people they
    supervise, and colleagues in post in the teams of their services today."""
    viewer = viewer_of(user)
    if viewer.staff is None:
        return []
    today = viewer.today
    services = TeamMembership.objects.filter(active_on(today), staff=viewer.staff).values(
        "team__service"
    )
    colleagues = TeamMembership.objects.filter(active_on(today), team__service__in=services).values(
        "staff"
    )
    supervised = rules.workers(user, Record.CPD_LOG, write=True)
    return list(
        StaffMember.objects.filter(
            Q(pk__in=colleagues) | Q(pk__in=supervised.values("pk")),
            active_on(today),
            organisation_id=viewer.organisation_id,
        )
        .exclude(pk=viewer.staff.pk)
        .order_by("name", "pk")
    )
