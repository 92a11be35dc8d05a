"""Writes of the reports app: the stored indicator figures."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from supervisiondesk.people.models import Organisation, Team
from supervisiondesk.reports.models import IndicatorSnapshot
from supervisiondesk.reports.snapshots import figures_on, month_ends


def snapshots_refresh(
    *, organisation: Organisation, today: date, months: int = 12, rebuild: bool = False
) -> list[date]:
    """Store each team's figures at the last `months` month ends (only those
    not stored yet, unless `rebuild`) and on `today` (always: the latest
    figures, replacing the previous latest). Returns the days computed.

    A past month's figures change only when its data is changed afterwards
    (a record written late, an import): `rebuild` recomputes them.
    """
    stored = set(
        IndicatorSnapshot.objects.filter(organisation=organisation, month_end=True)
        .values_list("on", flat=True)
        .distinct()
    )
    days = [day for day in month_ends(today, months) if rebuild or day not in stored]
    teams = {team.code: team for team in Team.objects.filter(organisation=organisation)}
    for day in [*days, today]:
        # One day at a time, each in its own transaction: a national
        # organisation's day takes most of a minute, and a failure keeps the
        # days already stored.
        figures = figures_on(organisation, day)
        latest = day == today
        with transaction.atomic():
            if latest:
                IndicatorSnapshot.objects.filter(
                    organisation=organisation, month_end=False
                ).delete()
            IndicatorSnapshot.objects.filter(organisation=organisation, on=day).delete()
            IndicatorSnapshot.objects.bulk_create(
                IndicatorSnapshot(
                    organisation=organisation,
                    team=teams[code],
                    on=day,
                    month_end=not latest,
                    figures=team_figures.to_json(),
                )
                for code, team_figures in figures.items()
                if code in teams
            )
    return [*days, today]
