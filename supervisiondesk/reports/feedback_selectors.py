"""Supervisee feedback on the teams' dashboard: the mean scores over the last
closed quarters of the supervisors in the viewer's teams whose aggregates
the viewer may see (`privacy.rules.feedback_aggregate_supervisors`).

Privacy (docs/quality.md, docs/reports.md): a supervisor's ratings of one
statement in one quarter are pooled only when that supervisor's own figure
for it may be shown (five responses or more, `feedback_aggregate_allowed`),
so the pooled figure is a weighted mean of figures the viewer may already
read on "Supervisors' feedback" and reveals nothing new: with the fewer
responses of one supervisor pooled in, the difference between two figures
would isolate them. Closed quarters only, as there.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser

from supervisiondesk.people.models import Team, TeamMembership
from supervisiondesk.people.selectors import active_on
from supervisiondesk.privacy import rules
from supervisiondesk.quality.arithmetic import Period, period_closed, quarters_up_to
from supervisiondesk.quality.models import FeedbackRating
from supervisiondesk.quality.services.feedback import FEEDBACK_WINDOW_DAYS
from supervisiondesk.quality.vocabulary import STATEMENT_KEYS, STATEMENT_LABELS

QUARTERS = 4


@dataclass(frozen=True)
class FeedbackQuarter:
    period: Period
    supervisors: int  # with at least one statement shown
    ratings: int
    mean: float | None  # over every pooled rating; None when none may be shown
    statements: list[tuple[str, float | None]]  # (label, mean)


def team_feedback(
    *, user: AbstractBaseUser, teams: list[Team], today: date
) -> list[FeedbackQuarter]:
    """The last QUARTERS closed quarters, oldest first (two queries)."""
    viewer = rules.viewer_of(user)
    periods = [
        p
        for p in quarters_up_to(today, QUARTERS + 2)
        if period_closed(p, today=today, window_days=FEEDBACK_WINDOW_DAYS)
    ][:QUARTERS][::-1]
    if viewer.staff is None or not teams or not periods:
        return []
    supervisors = set(
        rules.feedback_aggregate_supervisors(user)
        .exclude(pk=viewer.staff.pk)
        .filter(
            pk__in=TeamMembership.objects.filter(active_on(today), team__in=teams).values("staff")
        )
        .values_list("pk", flat=True)
    )
    # (quarter index, supervisor, statement) -> the ratings
    found: dict[tuple[int, int, str], list[int]] = defaultdict(list)
    for supervisor_id, statement, score, day in FeedbackRating.objects.filter(
        response__supervisor__in=supervisors,
        response__session__date__gte=periods[0].start,
        response__session__date__lte=periods[-1].end,
    ).values_list("response__supervisor_id", "statement", "score", "response__session__date"):
        for index, period in enumerate(periods):
            if period.covers(day):
                found[(index, supervisor_id, statement)].append(score)
    quarters = []
    for index, period in enumerate(periods):
        totals: Counter[str] = Counter()
        counts: Counter[str] = Counter()
        counted: set[int] = set()
        for (at, supervisor_id, statement), scores in found.items():
            if at == index and rules.feedback_aggregate_allowed(len(scores)):
                totals[statement] += sum(scores)
                counts[statement] += len(scores)
                counted.add(supervisor_id)
        ratings = sum(counts.values())
        quarters.append(
            FeedbackQuarter(
                period=period,
                supervisors=len(counted),
                ratings=ratings,
                mean=round(sum(totals.values()) / ratings, 1) if ratings else None,
                statements=[
                    (
                        str(STATEMENT_LABELS[key]),
                        round(totals[key] / counts[key], 1) if counts[key] else None,
                    )
                    for key in STATEMENT_KEYS
                ],
            )
        )
    return quarters
