"""Reads for the feedback pages, each taking the requesting user. Individual
responses come through `privacy.rules.visible_feedback`; aggregated scores
only for the supervisors of `rules.feedback_aggregate_supervisors`, over
closed quarters, and only where `rules.feedback_aggregate_allowed`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, Prefetch, Q

from supervisiondesk.accounts.roles import Role
from supervisiondesk.people.models import StaffMember
from supervisiondesk.privacy import rules
from supervisiondesk.quality.arithmetic import (
    Period,
    Score,
    feedback_closes_on,
    period_closed,
    quarter_of,
    quarters_up_to,
    statement_scores,
)
from supervisiondesk.quality.models import FeedbackRating, FeedbackResponse
from supervisiondesk.quality.services.feedback import FEEDBACK_KINDS, FEEDBACK_WINDOW_DAYS
from supervisiondesk.quality.vocabulary import STATEMENT_KEYS, STATEMENT_LABELS
from supervisiondesk.supervision.choices import SessionStatus
from supervisiondesk.supervision.models import SessionAttendee, SupervisionSession

QUARTERS_SHOWN = 4


@dataclass(frozen=True)
class PeriodScores:
    period: Period
    closed: bool
    closes_on: date
    scores: list[Score]

    @property
    def any_shown(self) -> bool:
        return any(score.shown for score in self.scores)


@dataclass(frozen=True)
class SupervisorScores:
    supervisor: StaffMember
    scores: list[Score]

    @property
    def cells(self) -> list[tuple[str, Score]]:
        """(statement label, score), in the statements' order."""
        return [
            (label, score)
            for (_key, label), score in zip(statement_rows(), self.scores, strict=True)
        ]


def statement_rows() -> list[tuple[str, str]]:
    return [(key, str(STATEMENT_LABELS[key])) for key in STATEMENT_KEYS]


def _today(user: AbstractBaseUser) -> date:
    return rules.viewer_of(user).today


def to_give(*, user: AbstractBaseUser) -> list[SupervisionSession]:
    """Held sessions the user took part in, still open to their feedback and
    not yet answered, latest first."""
    viewer = rules.viewer_of(user)
    if viewer.staff is None:
        return []
    today = viewer.today
    took_part = SessionAttendee.objects.filter(session=OuterRef("pk"), staff=viewer.staff).exclude(
        present=False
    )
    answered = FeedbackResponse.objects.filter(session=OuterRef("pk"), respondent=viewer.staff)
    return list(
        SupervisionSession.objects.filter(
            Exists(took_part),
            ~Exists(answered),
            organisation_id=viewer.organisation_id,
            kind__in=FEEDBACK_KINDS,
            status=SessionStatus.HELD,
            date__lte=today,
            date__gte=today - timedelta(days=FEEDBACK_WINDOW_DAYS),
        )
        .select_related("supervisor", "group")
        .order_by("-date", "-pk")
    )


def given(*, user: AbstractBaseUser) -> list[FeedbackResponse]:
    viewer = rules.viewer_of(user)
    if viewer.staff is None:
        return []
    return list(
        FeedbackResponse.objects.filter(respondent=viewer.staff)
        .select_related("session", "supervisor")
        .prefetch_related("ratings")
    )


def _ratings(supervisor_ids, period: Period):
    return FeedbackRating.objects.filter(
        response__supervisor__in=supervisor_ids,
        response__session__date__gte=period.start,
        response__session__date__lte=period.end,
    ).values_list("response__supervisor_id", "statement", "score")


def scores_by_supervisor(supervisor_ids, period: Period) -> dict[int, list[Score]]:
    """Each supervisor's aggregated scores over one quarter (one query)."""
    by_supervisor: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for supervisor_id, statement, score in _ratings(supervisor_ids, period):
        by_supervisor[supervisor_id].append((statement, score))
    return {
        supervisor_id: statement_scores(
            ratings, STATEMENT_KEYS, allowed=rules.feedback_aggregate_allowed
        )
        for supervisor_id, ratings in by_supervisor.items()
    }


def _period_scores(supervisor_id: int, period: Period, today: date) -> PeriodScores:
    closed = period_closed(period, today=today, window_days=FEEDBACK_WINDOW_DAYS)
    scores = scores_by_supervisor([supervisor_id], period).get(supervisor_id) if closed else None
    return PeriodScores(
        period=period,
        closed=closed,
        closes_on=feedback_closes_on(period, FEEDBACK_WINDOW_DAYS),
        scores=scores
        or statement_scores([], STATEMENT_KEYS, allowed=rules.feedback_aggregate_allowed),
    )


@dataclass(frozen=True)
class OnMyPage:
    periods: list[PeriodScores]
    shared: list[FeedbackResponse]


def on_my_supervision(*, user: AbstractBaseUser) -> OnMyPage:
    """A supervisor's own: each of the last quarters' scores (closed ones
    only, over enough responses) and the responses shared with them."""
    viewer = rules.viewer_of(user)
    if viewer.staff is None:
        return OnMyPage(periods=[], shared=[])
    today = viewer.today
    periods = [
        _period_scores(viewer.staff.pk, period, today)
        for period in quarters_up_to(today, QUARTERS_SHOWN)
    ]
    shared = list(
        rules.visible_feedback(user)
        .filter(supervisor=viewer.staff, shared_with_supervisor=True)
        .select_related("session", "respondent")
        .prefetch_related("ratings")
    )
    return OnMyPage(periods=periods, shared=shared)


def default_period(today: date) -> Period:
    """The latest quarter whose figures are final."""
    for period in quarters_up_to(today, 3):
        if period_closed(period, today=today, window_days=FEEDBACK_WINDOW_DAYS):
            return period
    return quarter_of(today)  # pragma: no cover - one of three quarters is always closed


@dataclass(frozen=True)
class OverviewPage:
    period: Period
    periods: list[Period]
    closed: bool
    closes_on: date
    rows: list[SupervisorScores]
    responses: list[FeedbackResponse]  # individual ones, for managers only
    may_read_individual: bool


def supervisors_overview(*, user: AbstractBaseUser, period: Period) -> OverviewPage:
    """Managers', senior managers' and directors' view of their supervisors'
    feedback over one quarter: aggregated scores for each (closed quarters,
    enough responses), and for managers the individual responses."""
    viewer = rules.viewer_of(user)
    today = viewer.today
    closed = period_closed(period, today=today, window_days=FEEDBACK_WINDOW_DAYS)
    supervisors = rules.feedback_aggregate_supervisors(user).exclude(pk=viewer.staff.pk)
    in_period = Q(session__date__gte=period.start, session__date__lte=period.end)
    with_feedback = list(
        supervisors.filter(
            Exists(FeedbackResponse.objects.filter(in_period, supervisor=OuterRef("pk")))
        ).order_by("name")
    )
    scores = scores_by_supervisor([s.pk for s in with_feedback], period) if closed else {}
    empty = statement_scores([], STATEMENT_KEYS, allowed=rules.feedback_aggregate_allowed)
    rows = [SupervisorScores(s, scores.get(s.pk, empty)) for s in with_feedback]
    responses = list(
        rules.visible_feedback(user)
        .filter(in_period)
        .exclude(supervisor=viewer.staff)
        .exclude(respondent=viewer.staff)
        .select_related("session", "respondent", "supervisor")
        .prefetch_related(Prefetch("ratings", queryset=FeedbackRating.objects.order_by("pk")))
        .order_by("supervisor__name", "-session__date", "-pk")
    )
    return OverviewPage(
        period=period,
        periods=quarters_up_to(today, QUARTERS_SHOWN),
        closed=closed,
        closes_on=feedback_closes_on(period, FEEDBACK_WINDOW_DAYS),
        rows=rows,
        responses=responses,
        may_read_individual=bool(viewer.roles & {Role.MANAGER, Role.SENIOR_MANAGER}),
    )
