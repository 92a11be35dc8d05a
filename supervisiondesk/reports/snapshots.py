"""Each team's indicators on a day, from the database: the compliance engine
run on the organisation's data as it stood that day (`reports.indicators`
does the counting). The dashboards' twelve-month trends read these figures
stored at each month end rather than running the engine thirteen times per
page (the national organisation's report takes close to a minute).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from supervisiondesk.compliance.engine import compliance_report
from supervisiondesk.people.models import Organisation
from supervisiondesk.policies.selectors import policy_timeline
from supervisiondesk.reports.indicators import Figures, team_figures
from supervisiondesk.supervision.loaders import dataset_from_database


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_ends(today: date, count: int = 12) -> list[date]:
    """The last `count` month ends before `today`, oldest first (today itself
    when it is one: the month is over at the end of its last day, so not yet)."""
    ends: list[date] = []
    day = today.replace(day=1) - timedelta(days=1)
    while len(ends) < count:
        ends.append(day)
        day = day.replace(day=1) - timedelta(days=1)
    return ends[::-1]


def period_of(day: date) -> tuple[date, date]:
    """The month a figure on `day` counts records and sessions in: from the
    first of the month to `day`."""
    return day.replace(day=1), day


def figures_on(organisation: Organisation, day: date) -> dict[str, Figures]:
    """Every team's figures (by team code) on `day`, teams as they were then."""
    dataset = dataset_from_database(organisation, day)
    timeline = policy_timeline(organisation=organisation)
    report = compliance_report(dataset, timeline, day)
    return team_figures(
        dataset,
        report,
        period=period_of(day),
        counting_kinds=timeline.at(day).relationships_that_count,
    )
