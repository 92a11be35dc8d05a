"""Figures from the database on the demo organisation, and month ends."""

from __future__ import annotations

from datetime import date

import pytest

from supervisiondesk.compliance.engine import compliance_report
from supervisiondesk.people.tests.demo_day import DEMO_TODAY
from supervisiondesk.policies.selectors import policy_timeline
from supervisiondesk.reports.indicators import total
from supervisiondesk.reports.snapshots import figures_on, month_ends, period_of
from supervisiondesk.supervision.loaders import dataset_from_database


def test_month_ends_are_the_last_twelve_before_today() -> None:
    ends = month_ends(date(2026, 3, 31))
    assert ends[0] == date(2025, 3, 31) and ends[-1] == date(2026, 2, 28)
    assert len(ends) == 12 and ends == sorted(ends)
    assert month_ends(date(2024, 3, 1), 2) == [date(2024, 1, 31), date(2024, 2, 29)]
    assert period_of(date(2026, 2, 28)) == (date(2026, 2, 1), date(2026, 2, 28))


@pytest.mark.django_db
class TestOnTheDemo:
    def test_the_teams_add_up_to_the_whole_report(self, demo) -> None:
        day = month_ends(date.fromisoformat(DEMO_TODAY))[-1]
        teams = figures_on(demo, day)
        assert len(teams) >= 3
        report = compliance_report(
            dataset_from_database(demo, day), policy_timeline(organisation=demo), day
        )
        every = total(teams.values())
        # Every requirement of the report is counted in exactly one team.
        assert every.supervised.of == sum(e["status"] != "absent" for e in report["individual"])
        assert every.cases.of == len(report["cases"])
        assert every.agreements.of == len(report["agreements"])
        assert every.supervised.met == sum(
            e["status"] in ("ok", "due") for e in report["individual"]
        )
        # The demo holds real supervision: not an empty dashboard.
        assert every.records.of > 0 and every.formal_sessions > 0


@pytest.mark.django_db
def test_the_command_stores_the_figures_of_every_organisation(world) -> None:
    from io import StringIO

    from django.core.management import call_command

    from supervisiondesk.reports.models import IndicatorSnapshot

    out = StringIO()
    call_command("snapshot_indicators", "--months", "2", stdout=out)
    assert "Riverside" in out.getvalue() and "Elsewhere" in out.getvalue()
    days = set(IndicatorSnapshot.objects.values_list("on", flat=True))
    assert len(days) == 3  # two month ends and today
    assert IndicatorSnapshot.objects.filter(organisation=world.other_organisation).exists()
