"""The managers' dashboard: their teams' indicators now and at each of the
last twelve month ends, from the stored figures (reports.models), summed
over the teams the viewer looks after (`people.selectors.visible_teams`).

A page costs two queries whatever the organisation's size; the figures are
as fresh as the last `snapshot_indicators` run (nightly, and at seeding), and
each figure links to the live rows behind it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import StaffMember, Team
from supervisiondesk.people.selectors import visible_teams
from supervisiondesk.reports.charts import TrendChart, trend_chart
from supervisiondesk.reports.indicators import SHARES, Figures, Share, total
from supervisiondesk.reports.models import IndicatorSnapshot
from supervisiondesk.reports.snapshots import month_ends
from supervisiondesk.supervision.choices import Function

TITLES = {
    "supervised": _("Staff supervised within the standard"),
    "cases": _("Cases discussed within the standard"),
    "records": _("Records written and signed on time"),
    "agreements": _("Supervision agreements current"),
    "balance": _("Supervision covering every function"),
}
EXPLAINED = {
    "supervised": _(
        "Individual supervision not overdue, of everyone who needs it (people away not counted)."
    ),
    "cases": _(
        "Open cases whose supervision is not overdue, of the cases the policy sets a frequency for."
    ),
    "records": _(
        "This month's held sessions recorded and signed by both within the policy's "
        "working days, of those whose deadlines have passed."
    ),
    "agreements": _(
        "Supervisee and supervisor pairs with a current signed agreement, "
        "of the pairs that need one."
    ),
    "balance": _(
        "Pairs whose latest formal sessions covered every function of supervision, "
        "of the pairs with three or more."
    ),
}


@dataclass(frozen=True)
class Indicator:
    key: str
    title: str
    explained: str
    now: Share
    chart: TrendChart
    chart_id: str


@dataclass(frozen=True)
class TeamShare:
    key: str
    title: str
    value: Share


@dataclass(frozen=True)
class TeamLine:
    team: Team
    figures: Figures

    @property
    def shares(self) -> list[TeamShare]:
        return [TeamShare(key, str(TITLES[key]), getattr(self.figures, key)) for key in SHARES]


@dataclass(frozen=True)
class Dashboard:
    teams: list[Team]
    figures_of: date | None  # the latest day computed; None: nothing stored yet
    now: Figures
    indicators: list[Indicator]
    team_lines: list[TeamLine]
    months: list[date]

    @property
    def functions(self) -> list[tuple[str, int]]:
        """(label, sessions) of the functions covered, in the vocabulary's order."""
        covered = self.now.functions_covered
        return [(str(f.label), covered[f.value]) for f in Function if f.value in covered]


def month_label(day: date) -> str:
    """A chart's month: "Mar 26" (the dashboard, the monthly report, the pack)."""
    return date_format(day, "M y")


def share_trend(summed: Mapping[date, Figures], days: Iterable[date], key: str) -> TrendChart:
    """One share's trend over `days`: a day with no figures is a gap."""
    return trend_chart(
        [
            (month_label(day), getattr(summed[day], key).percent if day in summed else None)
            for day in days
        ]
    )


def dashboard_of(*, staff: StaffMember, scope: str, today: date) -> Dashboard:
    teams = list(visible_teams(staff=staff, on=today, scope=scope).order_by("name"))
    months = month_ends(today)
    by_day: dict[date, list[Figures]] = defaultdict(list)
    latest_by_team: dict[int, tuple[date, Figures]] = {}
    rows = IndicatorSnapshot.objects.filter(
        team__in=[team.pk for team in teams], on__gte=months[0]
    ).values_list("team_id", "on", "figures")
    for team_id, day, data in rows:
        figures = Figures.from_json(data)
        by_day[day].append(figures)
        if team_id not in latest_by_team or latest_by_team[team_id][0] < day:
            latest_by_team[team_id] = (day, figures)
    figures_of = max(by_day) if by_day else None
    now = total(by_day.get(figures_of, [])) if figures_of else Figures()
    trend_days = [day for day in months if day != figures_of] + ([figures_of] if figures_of else [])
    summed = {day: total(by_day.get(day, [])) for day in trend_days}
    indicators = [
        Indicator(
            key=key,
            title=str(TITLES[key]),
            explained=str(EXPLAINED[key]),
            now=getattr(now, key),
            chart=share_trend(summed, trend_days, key),
            chart_id=f"trend-{key}",
        )
        for key in SHARES
    ]
    team_lines = [
        TeamLine(team=team, figures=latest_by_team[team.pk][1])
        for team in teams
        if team.pk in latest_by_team and latest_by_team[team.pk][0] == figures_of
    ]
    return Dashboard(
        teams=teams,
        figures_of=figures_of,
        now=now,
        indicators=indicators,
        team_lines=team_lines,
        months=trend_days,
    )
