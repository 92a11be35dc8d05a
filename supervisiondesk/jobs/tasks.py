"""The background jobs, on Django's tasks framework (stored in the database
by django-tasks-db, run by `manage.py run_jobs`). Each takes plain values
and the moment it works as at (the scheduler's tick, ISO 8601), so a run
is the same whenever a worker picks it up, and tests control the clock.
Each calls one app's service: the work is there, not here."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.tasks import task

from supervisiondesk.jobs.models import ScheduledRun
from supervisiondesk.notifications.services import reminders_run
from supervisiondesk.people.models import Organisation
from supervisiondesk.policies.selectors import NoPolicyError
from supervisiondesk.reports.services import snapshots_refresh

KEEP_DAYS = 30  # finished task results and scheduler runs kept this long


@task()
def reminders(organisation_id: int, at: str) -> dict[str, int]:
    organisation = Organisation.objects.get(pk=organisation_id)
    return reminders_run(organisation=organisation, now=datetime.fromisoformat(at))


@task()
def indicators(organisation_id: int, at: str) -> list[str]:
    organisation = Organisation.objects.get(pk=organisation_id)
    today = datetime.fromisoformat(at).astimezone(ZoneInfo(organisation.time_zone)).date()
    try:
        days = snapshots_refresh(organisation=organisation, today=today)
    except NoPolicyError:
        return []  # nothing to count until the organisation has a policy
    return [day.isoformat() for day in days]


@task()
def prune(at: str) -> dict[str, Any]:
    before = datetime.fromisoformat(at) - timedelta(days=KEEP_DAYS)
    runs, _by_model = ScheduledRun.objects.filter(at__lt=before).delete()
    call_command("prune_db_task_results", min_age_days=KEEP_DAYS, verbosity=0)
    return {"scheduled_runs": runs}
