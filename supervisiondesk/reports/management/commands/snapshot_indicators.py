"""manage.py snapshot_indicators: store each team's indicators at the last
month ends not stored yet and today (the dashboards' figures). The scheduler runs
it every night (the `indicators` job, docs/jobs.md); `--rebuild` recomputes the month ends
after data about past months changed (an import, records written late)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from supervisiondesk.people.models import Organisation
from supervisiondesk.policies.selectors import NoPolicyError
from supervisiondesk.privacy.management.commands.purge import organisation_named
from supervisiondesk.reports.services import snapshots_refresh
from supervisiondesk.supervision.services.common import organisation_today


class Command(BaseCommand):
    help = _("Store each team's supervision indicators for the dashboards.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation", help=_("The organisation's name (default: every organisation).")
        )
        parser.add_argument(
            "--months", type=int, default=12, help=_("Month ends to keep (default 12).")
        )
        parser.add_argument(
            "--rebuild", action="store_true", help=_("Recompute the month ends already stored.")
        )

    def handle(self, *args, **options) -> None:
        if options["organisation"]:
            organisations = [organisation_named(options["organisation"])]
        else:
            organisations = list(Organisation.objects.order_by("name"))
        for organisation in organisations:
            started = time.perf_counter()
            try:
                days = snapshots_refresh(
                    organisation=organisation,
                    today=organisation_today(organisation),
                    months=options["months"],
                    rebuild=options["rebuild"],
                )
            except NoPolicyError:
                self.stdout.write(
                    _("%(organisation)s: no supervision policy yet, nothing computed.")
                    % {"organisation": organisation.name}
                )
                continue
            self.stdout.write(
                _("%(organisation)s: figures of %(days)s computed in %(seconds).1f s.")
                % {
                    "organisation": organisation.name,
                    "days": ", ".join(day.isoformat() for day in days),
                    "seconds": time.perf_counter() - started,
                }
            )
