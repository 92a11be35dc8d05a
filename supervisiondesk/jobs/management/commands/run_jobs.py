"""manage.py run_jobs: the scheduler and the worker in one process. Every
minute it enqueues the jobs due (jobs.schedule, once per period) and runs
every task waiting in the queue (django-tasks-db's worker), then waits.
bin/run starts it beside the web server; in production run one (or more:
the runs and tasks are claimed in the database) next to gunicorn.
docs/jobs.md."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from supervisiondesk.jobs.services import jobs_run


class Command(BaseCommand):
    help = _("Run the scheduled jobs (reminders hourly, dashboard figures nightly) and the queue.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help=_("Enqueue what is due, run the queue, and stop (for cron)."),
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=60.0,
            help=_("Seconds between two looks at the schedule and the queue (default 60)."),
        )

    def handle(self, *args, once: bool, interval: float, verbosity: int, **options) -> None:
        if interval <= 0:
            interval = 60.0
        self.stdout.write(_("Running the scheduled jobs (stop with Ctrl+C)."))
        try:
            while True:
                runs = jobs_run(now=timezone.now(), verbosity=max(verbosity - 1, 0))
                outcome = {
                    str(pk): status
                    for pk, status in DBTaskResult.objects.filter(
                        id__in=[r.task_id for r in runs]
                    ).values_list("id", "status")
                }
                for run in runs:
                    self.stdout.write(
                        _("%(job)s for %(period)s %(organisation)s: %(status)s")
                        % {
                            "job": run.job,
                            "period": run.period,
                            "organisation": run.organisation or "",
                            "status": outcome.get(run.task_id, "?"),
                        }
                    )
                if once:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write(_("Stopped."))
