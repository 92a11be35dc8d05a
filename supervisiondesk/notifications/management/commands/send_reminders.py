"""Make and email the reminders due now, for every organisation (the
scheduler runs the same hourly; docs/notifications.md)."""

from __future__ import annotations

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from supervisiondesk.notifications.services import organisations_run


class Command(BaseCommand):
    help = "Make and email the reminders due now, for every organisation."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--now",
            help="Run as at this moment (ISO 8601 with an offset, e.g. 2026-11-23T08:00+00:00).",
        )

    def handle(self, *args, now: str | None = None, **options) -> None:
        moment = timezone.now()
        if now:
            try:
                moment = datetime.fromisoformat(now)
            except ValueError as error:
                raise CommandError(f"--now: not an ISO 8601 date and time: {now!r}") from error
            if timezone.is_naive(moment):
                raise CommandError(f"--now: give the offset too, e.g. {now}+00:00")
        for name, counts in organisations_run(now=moment).items():
            self.stdout.write(
                f"{name}: {counts['made']} new reminders ({counts['due']} due), "
                f"{counts['resolved']} resolved, {counts['emails']} emails, "
                f"{counts['digests']} digests"
            )
