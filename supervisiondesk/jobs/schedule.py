"""What runs when: the jobs of the scheduler, each hourly or daily in each
organisation's own time (pure; `jobs.services.schedule_tick` enqueues
them). docs/jobs.md; a new job goes here, in `jobs.tasks` and in the docs.

A job's **period** names the hour or day it runs for in the organisation's
local time ("2026-11-23T08", "2026-11-23"): it runs once per period, at
the first tick in it (a daily job from its hour on), however many
schedulers tick and however often. A period with no tick (the scheduler
stopped) is not made up afterwards: every job does what is due at the time
it runs, so the next one catches up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Job:
    name: str
    every: str  # "hour" or "day"
    from_hour: int = 0  # a daily job: not before this local hour
    per_organisation: bool = True  # else once for the whole site, in UTC


JOBS = (
    # Make, resolve and email reminders (notifications.services.reminders_run).
    Job("reminders", "hour"),
    # The dashboards' stored figures (reports.services.snapshots_refresh),
    # in the night, so the morning's dashboards show yesterday complete.
    Job("indicators", "day", from_hour=1),
    # Forget finished task results and scheduler runs after 30 days.
    Job("prune", "day", from_hour=3, per_organisation=False),
)


def periods_due(local_now: datetime, per_organisation: bool) -> list[tuple[Job, str]]:
    """The jobs due at `local_now` (the organisation's time, or UTC for
    site-wide jobs) and the period each runs for."""
    due = []
    for job in JOBS:
        if job.per_organisation != per_organisation:
            continue
        if job.every == "hour":
            due.append((job, local_now.strftime("%Y-%m-%dT%H")))
        elif local_now.hour >= job.from_hour:
            due.append((job, local_now.date().isoformat()))
    return due
