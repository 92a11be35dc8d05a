"""Reads for the benchmarks page (docs/reports.md, "Benchmarks"): the stored
month-end figures of the viewer's teams, of their whole organisation and of
every other organisation on the installation, and supervisee feedback over
the last closed quarter. A fixed number of queries whatever the number of
teams or organisations (a test checks); `reports.benchmarks` does the sums.

Another organisation is read only as numbers summed per organisation: its
name, id, size and teams never leave this module (`Benchmarks` holds none).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.loaders import team_codes_on
from supervisiondesk.people.models import StaffMember
from supervisiondesk.people.selectors import visible_teams
from supervisiondesk.privacy import rules
from supervisiondesk.quality.arithmetic import Period, period_closed, quarters_up_to
from supervisiondesk.quality.models import FeedbackRating
from supervisiondesk.quality.services.feedback import FEEDBACK_WINDOW_DAYS
from supervisiondesk.reports import benchmarks
from supervisiondesk.reports.benchmark_chart import BoxChart, box_chart
from supervisiondesk.reports.benchmarks import (
    MEASURES,
    Feedback,
    Measure,
    Standing,
    TeamsTable,
    Value,
    add_feedback,
)
from supervisiondesk.reports.dashboard_selectors import EXPLAINED, TITLES
from supervisiondesk.reports.indicators import Figures, total
from supervisiondesk.reports.models import IndicatorSnapshot

MEASURE_TITLES = {
    "covered": _("Staff with a supervisor"),
    **TITLES,
    "satisfaction": _("Supervisee satisfaction"),
    "ratio": _("Supervisees per supervisor"),
}
MEASURE_EXPLAINED = {
    "covered": _(
        "Staff in post with a supervisor of a kind the policy counts, of the staff in post."
    ),
    **EXPLAINED,
    "satisfaction": _(
        "Mean rating (1 to 5) of supervisees' feedback over the last closed quarter, "
        "shown over five responses or more."
    ),
    "ratio": _("Supervisees of the kinds the policy counts, per supervisor."),
}


def allowed(count: int) -> bool:
    return rules.feedback_aggregate_allowed(count)


@dataclass(frozen=True)
class Compared:
    """One indicator between organisations, with its chart."""

    measure: Measure
    title: str
    standing: Standing
    chart: BoxChart | None

    @property
    def chart_id(self) -> str:
        return f"benchmark-{self.measure.key}"


@dataclass(frozen=True)
class Benchmarks:
    days: list[date]  # the month ends stored for the organisation, latest first
    on: date | None  # the month end shown; None: nothing stored yet
    quarter: Period | None  # the feedback's quarter; None: none closed by then
    teams: TeamsTable | None
    compared: list[Compared]
    measures: list[tuple[Measure, str, str]]  # (measure, title, explained)

    @property
    def too_few(self) -> bool:
        return all(each.standing.too_few for each in self.compared)

    @property
    def titles(self) -> list[str]:
        return [title for _measure, title, _explained in self.measures]

    @property
    def team_lines(self) -> list[tuple[str, list[tuple[str, Value, bool]]]]:
        """(team, [(indicator's title, value, worse than the organisation)])."""
        if self.teams is None:
            return []
        return [
            (row.name, [(t, v, w) for t, (v, w) in zip(self.titles, row.cells, strict=True)])
            for row in self.teams.rows
        ]

    @property
    def organisation_line(self) -> list[tuple[str, Value]]:
        if self.teams is None:
            return []
        return list(zip(self.titles, self.teams.organisation_cells, strict=True))

    @property
    def spread_lines(self) -> list[tuple[str, list[tuple[str, str, float | None]]]]:
        """(row label, [(indicator's title, kind, number)]) for the teams'
        lower quartile, median and upper quartile."""
        if self.teams is None:
            return []
        labels = {
            "lower": _("Teams' lower quartile"),
            "median": _("Teams' median"),
            "upper": _("Teams' upper quartile"),
        }
        return [
            (
                str(label),
                [
                    (title, kind, getattr(spread, part) if spread else None)
                    for title, (kind, spread) in zip(
                        self.titles, self.teams.spread_cells, strict=True
                    )
                ],
            )
            for part, label in labels.items()
        ]


def stored_month_ends(organisation_id: int) -> list[date]:
    return list(
        IndicatorSnapshot.objects.filter(organisation_id=organisation_id, month_end=True)
        .order_by("-on")
        .values_list("on", flat=True)
        .distinct()
    )


def feedback_quarter(on: date, today: date) -> Period | None:
    """The latest quarter ended by the month end shown whose feedback can no
    longer change (its 30-day window closed by today): a figure that would
    move with the next response could reveal that response by difference."""
    for period in quarters_up_to(on, 3):
        closed = period_closed(period, today=today, window_days=FEEDBACK_WINDOW_DAYS)
        if period.end <= on and closed:
            return period
    return None


def _ratings(period: Period):
    return FeedbackRating.objects.filter(
        response__session__date__gte=period.start, response__session__date__lte=period.end
    )


def _tally(rows) -> dict[int, Feedback]:
    return {
        key: Feedback(score_sum or 0, ratings, responses)
        for key, score_sum, ratings, responses in rows
    }


def _feedback_by(queryset, field: str) -> dict[int, Feedback]:
    return _tally(
        queryset.values_list(field)
        .annotate(
            score_sum=Sum("score"),
            ratings=Count("pk"),
            responses=Count("response", distinct=True),
        )
        .values_list(field, "score_sum", "ratings", "responses")
        .order_by()
    )


def _whole_feedback(
    every: dict[int, Feedback], shown_parts: list[Feedback | None]
) -> Feedback | None:
    """The organisation's feedback, or None (not shown) when taking the teams
    shown away from it would leave one to four responses: a figure over
    fewer than five reached by difference."""
    whole = add_feedback(every.values())
    remainder = whole.responses - sum(
        part.responses for part in shown_parts if part and part.mean(allowed) is not None
    )
    if remainder > 0 and not allowed(remainder):
        return None
    return whole


def benchmarks_of(
    *, user: AbstractBaseUser, staff: StaffMember, scope: str, today: date, on: date | None
) -> Benchmarks:
    """The benchmarks on the month end `on` (the latest stored when None or
    not stored) for the viewer's teams (`visible_teams` in their `scope`)."""
    organisation_id = staff.organisation_id
    measures = [(m, str(MEASURE_TITLES[m.key]), str(MEASURE_EXPLAINED[m.key])) for m in MEASURES]
    days = stored_month_ends(organisation_id)
    if on not in days:
        on = days[0] if days else None
    if on is None:
        return Benchmarks(days, None, None, None, [], measures)
    quarter = feedback_quarter(on, today)

    teams = list(visible_teams(staff=staff, on=on, scope=scope).order_by("name"))
    snapshots = IndicatorSnapshot.objects.filter(on=on, month_end=True)
    every_team: dict[int, Figures] = {}
    others: dict[int, list[Figures]] = defaultdict(list)
    rows_read = snapshots.values_list("organisation_id", "team_id", "figures")
    for organisation, team_id, data in rows_read:
        if organisation == organisation_id:
            every_team[team_id] = Figures.from_json(data)
        else:
            others[organisation].append(Figures.from_json(data))

    own_feedback: dict[int, Feedback] = {}
    others_feedback: dict[int, Feedback] = {}
    team_feedback: dict[str, Feedback] = {}
    if quarter is not None:
        ratings = _ratings(quarter)
        own_feedback = _feedback_by(
            ratings.filter(response__organisation_id=organisation_id), "response__supervisor_id"
        )
        others_feedback = _feedback_by(
            ratings.exclude(response__organisation_id=organisation_id), "response__organisation_id"
        )
        # A team's satisfaction: the supervisors in it (on the month end) whose
        # aggregated scores the viewer may see (privacy.rules), none other.
        may_see = set(
            rules.feedback_aggregate_supervisors(user)
            .filter(pk__in=list(own_feedback))
            .values_list("pk", flat=True)
        )
        codes = team_codes_on(staff.organisation, on, may_see) if may_see else {}
        by_code: dict[str, list[Feedback]] = defaultdict(list)
        for supervisor_id in may_see:
            if supervisor_id in codes:
                by_code[codes[supervisor_id]].append(own_feedback[supervisor_id])
        team_feedback = {code: add_feedback(parts) for code, parts in by_code.items()}

    no_feedback = None if quarter is None else Feedback()
    rows = [
        (team.name, every_team[team.pk], team_feedback.get(team.code, no_feedback))
        for team in teams
        if team.pk in every_team
    ]
    whole_feedback = (
        None
        if quarter is None
        else _whole_feedback(own_feedback, [feedback for _name, _figures, feedback in rows])
    )
    organisation_figures = total(every_team.values())
    table = benchmarks.teams_table(rows, (organisation_figures, whole_feedback), allowed=allowed)

    other_values = [
        benchmarks.values_of(
            total(figures),
            others_feedback.get(organisation, no_feedback),
            allowed=allowed,
        )
        for organisation, figures in others.items()
    ]
    compared = []
    for (measure, title, _explained), standing in zip(
        measures, benchmarks.standings(table.organisation, other_values), strict=True
    ):
        chart = None
        if standing.spread is not None:
            chart = box_chart(measure.kind, standing.spread, standing.value)
        compared.append(Compared(measure, title, standing, chart))
    return Benchmarks(days, on, quarter, table, compared, measures)
