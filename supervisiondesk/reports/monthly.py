"""The monthly compliance report (issue 6, item 3): the dashboard's teams'
figures at one month end, for senior managers, directors and managers (their
own teams, the dashboard's scope), as a PDF an agency can send on.

Every number is read from the stored month-end figures (reports.models,
`snapshot_indicators`): one query for the month and its twelve-month trend,
whatever the number of teams or months; nothing recomputes history. The
current month is reported "to date", from the latest day computed, exactly
as the dashboard shows it. A month whose figures were never stored says so
and names the command that stores them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from supervisiondesk.people.models import Organisation, StaffMember, Team
from supervisiondesk.people.selectors import visible_teams
from supervisiondesk.reports import drift
from supervisiondesk.reports.charts import TrendChart
from supervisiondesk.reports.dashboard_selectors import (
    EXPLAINED,
    TITLES,
    TeamLine,
    share_trend,
)
from supervisiondesk.reports.indicators import SHARES, Figures, Share, total
from supervisiondesk.reports.models import IndicatorSnapshot
from supervisiondesk.reports.selectors import drift_counts
from supervisiondesk.reports.snapshots import month_end, month_ends
from supervisiondesk.supervision.choices import Function

TREND_MONTHS = 12


def parse_month(text: str) -> date | None:
    """ "2026-03" -> 1 March 2026; None for anything else."""
    year, dash, month = text.partition("-")
    if not (dash and len(year) == 4 and len(month) == 2 and year.isdigit() and month.isdigit()):
        return None
    if not 1 <= int(month) <= 12 or int(year) < 1900:
        return None
    return date(int(year), int(month), 1)


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def previous_month(first: date) -> date:
    return (first - timedelta(days=1)).replace(day=1)


def change(now: Share, before: Share | None) -> float | None:
    """The change in percentage points since the month before; None when
    either month has nothing to count."""
    if before is None or now.percent is None or before.percent is None:
        return None
    return round(now.percent - before.percent, 1)


def change_text(points: float | None) -> str:
    """ "+2.5 points", "-1.0 points", "no change"; "—" when it cannot be told."""
    if points is None:
        return "—"
    if points == 0:
        return _("no change")
    shown = number_format(abs(points), 1)
    if points > 0:
        return _("+%(n)s points") % {"n": shown}
    return _("-%(n)s points") % {"n": shown}


@dataclass(frozen=True)
class Headline:
    key: str
    title: str
    explained: str
    now: Share
    before: Share | None
    chart: TrendChart
    chart_id: str

    @property
    def change(self) -> float | None:
        return change(self.now, self.before)

    @property
    def change_text(self) -> str:
        return change_text(self.change)


@dataclass(frozen=True)
class DriftLine:
    team: Team
    actions: int
    cases: int
    records: int


@dataclass(frozen=True)
class AvailableMonth:
    first: date  # the month's first day
    figures_of: date  # the month end, or the latest day computed this month
    to_date: bool  # the current month, not over yet

    @property
    def key(self) -> str:
        return month_key(self.first)


@dataclass(frozen=True)
class MonthlyReport:
    organisation: Organisation
    teams: list[Team]
    month: date  # its first day
    to_date: bool
    figures_of: date | None  # None: not computed for this month
    previous_of: date | None  # the previous month end, when stored
    now: Figures
    before: Figures | None
    headlines: list[Headline]
    team_lines: list[TeamLine]
    drift_lines: list[DriftLine]
    drift_on: date
    months: list[date]

    @property
    def available(self) -> bool:
        return self.figures_of is not None

    @property
    def functions(self) -> list[tuple[str, int]]:
        covered = self.now.functions_covered
        return [(str(f.label), covered[f.value]) for f in Function if f.value in covered]

    @property
    def ratio_before(self) -> float | None:
        return self.before.ratio if self.before is not None else None

    @property
    def drift_totals(self) -> dict[str, int]:
        return {
            signal: sum(getattr(line, signal) for line in self.drift_lines)
            for signal in drift.SIGNALS
        }


def report_teams(*, staff: StaffMember, scope: str, today: date) -> list[Team]:
    """The dashboard's teams for this viewer (`accounts.roles.team_scope`)."""
    return list(visible_teams(staff=staff, on=today, scope=scope).order_by("name"))


def available_months(*, teams: Iterable[Team], today: date) -> list[AvailableMonth]:
    """The months whose figures are stored for these teams, latest first
    (one query): each stored month end, and this month to date."""
    current = today.replace(day=1)
    days = set(
        IndicatorSnapshot.objects.filter(team__in=[t.pk for t in teams])
        .values_list("on", "month_end")
        .distinct()
    )
    found: dict[date, AvailableMonth] = {}
    for day, is_month_end in sorted(days):
        first = day.replace(day=1)
        if is_month_end and day == month_end(day) and first < current:
            found[first] = AvailableMonth(first, day, to_date=False)
        elif first == current and day <= today:
            found[first] = AvailableMonth(first, day, to_date=True)  # the latest wins
    return [found[first] for first in sorted(found, reverse=True)]


def monthly_report(
    *,
    user: AbstractBaseUser,
    organisation: Organisation,
    teams: list[Team],
    month: date,
    today: date,
    with_drift: bool = True,
) -> MonthlyReport:
    """The report of `month` (its first day; not after today's month) for
    `teams` (the viewer's, from `report_teams`)."""
    current = today.replace(day=1)
    if month > current:
        raise ValueError("a month not begun yet")
    to_date = month == current
    last = today if to_date else month_end(month)
    ends = month_ends(month, TREND_MONTHS - 1)  # the month ends before this month
    rows = IndicatorSnapshot.objects.filter(
        team__in=[t.pk for t in teams], on__gte=ends[0], on__lte=last
    ).values_list("team_id", "on", "month_end", "figures")
    by_day: dict[date, dict[int, Figures]] = defaultdict(dict)
    in_month: set[date] = set()
    for team_id, day, is_month_end, data in rows:
        if day >= month:
            in_month.add(day)
        elif not is_month_end:
            continue  # a past "latest day", replaced since by its month end
        by_day[day][team_id] = Figures.from_json(data)
    if to_date:
        figures_of = max(in_month) if in_month else None
    else:
        figures_of = last if last in by_day else None
    before_day = ends[-1]
    summed = {day: total(by_day[day].values()) for day in by_day}
    now = summed.get(figures_of, Figures()) if figures_of else Figures()
    before = summed.get(before_day)
    trend_days = [*ends, figures_of or last]
    headlines = [
        Headline(
            key=key,
            title=str(TITLES[key]),
            explained=str(EXPLAINED[key]),
            now=getattr(now, key),
            before=getattr(before, key) if before is not None else None,
            chart=share_trend(summed, trend_days, key),
            chart_id=f"trend-{key}",
        )
        for key in SHARES
    ]
    stored = by_day.get(figures_of, {}) if figures_of else {}
    team_lines = [TeamLine(team=t, figures=stored[t.pk]) for t in teams if t.pk in stored]
    drift_lines: list[DriftLine] = []
    if with_drift and figures_of is not None:
        counts = drift_counts(user, teams, today)
        drift_lines = [DriftLine(team=t, **counts[t.pk]) for t in teams]
    return MonthlyReport(
        organisation=organisation,
        teams=teams,
        month=month,
        to_date=to_date,
        figures_of=figures_of,
        previous_of=before_day if before is not None else None,
        now=now,
        before=before,
        headlines=headlines,
        team_lines=team_lines,
        drift_lines=drift_lines,
        drift_on=today,
        months=trend_days,
    )


def monthly_file_name(month: date, *, to_date: bool) -> str:
    suffix = "-to-date" if to_date else ""
    return f"compliance-{month_key(month)}{suffix}.pdf"
