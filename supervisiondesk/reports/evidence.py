"""The evidence pack (issue 6, item 5): for a team, a service or the
organisation and a period of whole months, what an inspector or a funder
reads about supervision there: the compliance figures month by month (from
the stored month-end figures, as the dashboard), the audit samples drawn in
the period with their grades, the supervisees' feedback as the viewer may
see it, the actions due, today's drift signals and the policy in force.

Privacy (docs/reports.md, privacy.rules): counts and shares only, never a
record's content or an action's text (they may name children); an audit's
findings only where the viewer may open the sample
(`visible_audit_samples`); feedback only as averages of supervisors the
viewer may see (`feedback_aggregate_supervisors`), over closed quarters,
each supervisor's ratings of a statement pooled only when they are five or
more (`feedback_aggregate_allowed`), as on the dashboard.

The zip and its files are made by `reports.evidence_files`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from supervisiondesk.accounts.roles import TeamScope
from supervisiondesk.people.models import Organisation, Team
from supervisiondesk.reports.charts import TrendChart
from supervisiondesk.reports.dashboard_selectors import TITLES, share_trend
from supervisiondesk.reports.evidence_sources import (
    ActionCounts,
    FeedbackQuarter,
    PolicyInForce,
    SampleSummary,
    actions_of,
    audits_of,
    feedback_of,
    months_between,
    policies_of,
)
from supervisiondesk.reports.indicators import SHARES, Figures, total
from supervisiondesk.reports.models import IndicatorSnapshot
from supervisiondesk.reports.monthly import DriftLine
from supervisiondesk.reports.selectors import drift_counts
from supervisiondesk.reports.snapshots import month_end

MOST_MONTHS = 24


# ---------------------------------------------------------------- what the pack is about


@dataclass(frozen=True)
class PackScope:
    """A choice of the form: the organisation, a service or a team."""

    key: str  # "organisation", "service-3", "team-12"
    label: str
    teams: tuple[Team, ...]


def pack_scopes(*, teams: list[Team], scope: str) -> list[PackScope]:
    """What the viewer may ask a pack for: each of their teams; a director
    also the organisation and each service, a senior manager each of their
    services (whole services are in their scope; a manager's teams are
    those of the people they supervise, not whole services)."""
    choices: list[PackScope] = []
    if scope == TeamScope.ORGANISATION and teams:
        choices.append(
            PackScope(
                "organisation",
                _("%(name)s (the whole organisation)") % {"name": teams[0].organisation.name},
                tuple(teams),
            )
        )
    if scope in (TeamScope.ORGANISATION, TeamScope.SERVICE):
        by_service: dict[int, list[Team]] = defaultdict(list)
        for team in teams:
            by_service[team.service_id].append(team)
        for members in sorted(by_service.values(), key=lambda ts: ts[0].service.name):
            service = members[0].service
            label = _("%(name)s (service)") % {"name": service.name}
            choices.append(PackScope(f"service-{service.pk}", label, tuple(members)))
    choices.extend(PackScope(f"team-{t.pk}", t.name, (t,)) for t in teams)
    return choices


# ---------------------------------------------------------------- the figures


@dataclass(frozen=True)
class FigureRow:
    """One team's figures at one month's end (or this month to date)."""

    team: Team
    month: date  # its first day
    figures_of: date
    figures: Figures


@dataclass(frozen=True)
class MonthFigures:
    month: date
    figures_of: date | None  # None: not stored for this month
    figures: Figures

    @property
    def to_date(self) -> bool:
        return self.figures_of is not None and self.figures_of != month_end(self.month)


def _figures(teams: list[Team], months: list[date], today: date) -> list[FigureRow]:
    """One query: each team's stored figures at each month end of the
    period, and this month's latest day when the period reaches it."""
    current = today.replace(day=1)
    rows = IndicatorSnapshot.objects.filter(
        team__in=[t.pk for t in teams],
        on__gte=months[0],
        on__lte=min(month_end(months[-1]), today),
    ).values_list("team_id", "on", "month_end", "figures")
    found: dict[tuple[int, date], tuple[date, Figures]] = {}
    for team_id, day, is_month_end, data in rows:
        first = day.replace(day=1)
        # Month ends, and this month to date (its latest day): a stale
        # latest day of a past month is replaced by its month end.
        if not ((is_month_end and day == month_end(day)) or first == current):
            continue
        key = (team_id, first)
        if key not in found or found[key][0] < day:
            found[key] = (day, Figures.from_json(data))
    by_pk = {t.pk: t for t in teams}
    return [
        FigureRow(by_pk[team_id], first, day, figures)
        for (team_id, first), (day, figures) in sorted(
            found.items(), key=lambda item: (item[0][1], by_pk[item[0][0]].name)
        )
    ]


# ---------------------------------------------------------------- the pack


@dataclass(frozen=True)
class EvidencePack:
    organisation: Organisation
    chosen: PackScope
    start: date  # the first month's first day
    end: date  # the last month's first day
    today: date
    figure_rows: list[FigureRow]
    months: list[MonthFigures]
    charts: list[tuple[str, str, TrendChart]]  # key, title, chart
    samples: list[SampleSummary]
    feedback: list[FeedbackQuarter]
    actions: list[ActionCounts]
    drift_lines: list[DriftLine]
    policies: list[PolicyInForce]
    not_stored: list[date] = field(default_factory=list)

    @property
    def last_day(self) -> date:
        return min(month_end(self.end), self.today)

    @property
    def teams(self) -> tuple[Team, ...]:
        return self.chosen.teams

    @property
    def feedback_rows(self) -> list[tuple[str, list[float | None]]]:
        """(statement, its mean in each quarter), for the table."""
        if not self.feedback:
            return []
        labels = [label for label, _mean in self.feedback[0].statements]
        return [
            (label, [q.statements[index][1] for q in self.feedback])
            for index, label in enumerate(labels)
        ]

    @property
    def latest(self) -> list[FigureRow]:
        """Each team's figures of the period's last month stored."""
        stored = [m for m in self.months if m.figures_of is not None]
        if not stored:
            return []
        return [row for row in self.figure_rows if row.month == stored[-1].month]


def evidence_of(
    *,
    user: AbstractBaseUser,
    organisation: Organisation,
    chosen: PackScope,
    start: date,
    end: date,
    today: date,
) -> EvidencePack:
    """Everything the pack holds, in a number of queries that does not grow
    with its months or teams. `chosen` must be one of the viewer's
    `pack_scopes`; `start` and `end` first days of months, `end` not after
    today's month."""
    teams = list(chosen.teams)
    months = months_between(start, end)
    last_day = min(month_end(end), today)
    figure_rows = _figures(teams, months, today)
    by_month: dict[date, list[FigureRow]] = defaultdict(list)
    for row in figure_rows:
        by_month[row.month].append(row)
    month_figures = [
        MonthFigures(
            month=first,
            figures_of=max(r.figures_of for r in by_month[first]) if by_month[first] else None,
            figures=total(r.figures for r in by_month[first]),
        )
        for first in months
    ]
    stored = {m.month: m.figures for m in month_figures if m.figures_of}
    charts = [
        (
            key,
            str(TITLES[key]),
            share_trend(stored, [m.month for m in month_figures], key),
        )
        for key in SHARES
    ]
    counts = drift_counts(user, teams, today)
    return EvidencePack(
        organisation=organisation,
        chosen=chosen,
        start=start,
        end=end,
        today=today,
        figure_rows=figure_rows,
        months=month_figures,
        charts=charts,
        samples=audits_of(user, teams, start, last_day),
        feedback=feedback_of(user, teams, start, last_day, today),
        actions=actions_of(teams, start, last_day, today),
        drift_lines=[DriftLine(team=t, **counts[t.pk]) for t in teams],
        policies=policies_of(organisation, start, last_day),
        not_stored=[m.month for m in month_figures if m.figures_of is None],
    )
