"""Which jobs are due at a moment, and for which period (pure)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from supervisiondesk.jobs.schedule import periods_due

BOGOTA = ZoneInfo("America/Bogota")


def names(local: datetime, per_organisation: bool = True) -> dict[str, str]:
    return {job.name: period for job, period in periods_due(local, per_organisation)}


def test_reminders_every_hour_the_figures_once_a_day_from_one() -> None:
    assert names(datetime(2026, 11, 23, 0, 30, tzinfo=BOGOTA)) == {"reminders": "2026-11-23T00"}
    assert names(datetime(2026, 11, 23, 1, 0, tzinfo=BOGOTA)) == {
        "reminders": "2026-11-23T01",
        "indicators": "2026-11-23",
    }
    # The same day's period all day: run once, at the first tick from one.
    assert names(datetime(2026, 11, 23, 23, 59, tzinfo=BOGOTA))["indicators"] == "2026-11-23"


def test_site_wide_jobs_apart() -> None:
    assert names(datetime(2026, 11, 23, 2, 0, tzinfo=BOGOTA), per_organisation=False) == {}
    assert names(datetime(2026, 11, 23, 3, 0, tzinfo=BOGOTA), per_organisation=False) == {
        "prune": "2026-11-23"
    }
