"""Writes of the jobs app: the scheduler's tick, which enqueues each job
due now once per period (jobs.schedule), and the loop of `run_jobs`."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.tasks import Task

from supervisiondesk.jobs import tasks
from supervisiondesk.jobs.models import ScheduledRun
from supervisiondesk.jobs.schedule import Job, periods_due
from supervisiondesk.people.models import Organisation

# jobs.schedule.JOBS by name -> the task that does it.
TASKS: dict[str, Task] = {
    "reminders": tasks.reminders,
    "indicators": tasks.indicators,
    "prune": tasks.prune,
}


def schedule_tick(*, now: datetime) -> list[ScheduledRun]:
    """Enqueue every job due at `now` that has not run for its period yet;
    returns the runs enqueued. Safe to call as often as wanted, from as many
    processes: the run's row and its task are written in one transaction,
    and the unique constraint lets only one through."""
    enqueued = []
    for organisation in Organisation.objects.order_by("pk"):
        local = now.astimezone(ZoneInfo(organisation.time_zone))
        for job, period in periods_due(local, per_organisation=True):
            run = _enqueue(job, organisation, period, now)
            if run is not None:
                enqueued.append(run)
    for job, period in periods_due(now.astimezone(UTC), per_organisation=False):
        run = _enqueue(job, None, period, now)
        if run is not None:
            enqueued.append(run)
    return enqueued


def _enqueue(
    job: Job, organisation: Organisation | None, period: str, now: datetime
) -> ScheduledRun | None:
    runs = ScheduledRun.objects.filter(job=job.name, organisation=organisation, period=period)
    if runs.exists():
        return None
    args = [organisation.pk] if organisation is not None else []
    try:
        with transaction.atomic():
            result = TASKS[job.name].enqueue(*args, at=now.isoformat())
            return ScheduledRun.objects.create(
                job=job.name,
                organisation=organisation,
                period=period,
                at=now,
                task_id=str(result.id),
            )
    except IntegrityError:
        # Another scheduler enqueued it first; this task went with the rollback.
        return None


def jobs_run(*, now: datetime, verbosity: int = 0) -> list[ScheduledRun]:
    """One turn of `run_jobs`: enqueue what is due at `now`, then run every
    task waiting (django-tasks-db's worker, until the queue is empty)."""
    enqueued = schedule_tick(now=now)
    call_command(
        "db_worker",
        batch=True,
        reload=False,
        startup_delay=False,
        interval=0,
        verbosity=verbosity,
    )
    return enqueued
