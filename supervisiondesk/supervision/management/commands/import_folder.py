"""manage.py import_folder DIR: load a data folder, all or nothing."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from supervisiondesk.compliance.folder import FolderError
from supervisiondesk.people import services
from supervisiondesk.people.folder_sync import Progress
from supervisiondesk.people.models import Organisation
from supervisiondesk.supervision.folder_sync import folder_import, folder_read


class TqdmProgress(Progress):
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: tqdm | None = None

    def stage(self, name: str, total: int) -> None:
        self.close()
        # disable=None: tqdm shows the bar on a terminal only, not in logs.
        self.bar = tqdm(
            total=total, desc=name, unit="row", disable=None if self.enabled else True, leave=False
        )

    def advance(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = _(
        "Import a data folder (staff, categories, relationships, teams, case periods, "
        "absences) into an organisation. All or nothing; re-importing changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--organisation",
            help=_(
                "Organisation name; created when it does not exist. "
                "Optional when there is exactly one organisation."
            ),
        )
        parser.add_argument(
            "--country",
            help=_(
                "Working-days country of a new organisation (default: the staff's most "
                "common country)."
            ),
        )
        parser.add_argument(
            "--policy", default="southwark-2021", help=_("Policy of a new organisation.")
        )
        parser.add_argument(
            "--time-zone", default="Europe/London", help=_("Time zone of a new organisation.")
        )
        parser.add_argument("--no-progress", action="store_true", help=_("Hide the progress bar."))

    def handle(self, *args, **options) -> None:
        folder: Path = options["folder"]
        if not folder.is_dir():
            raise CommandError(_("%(folder)s is not a folder.") % {"folder": folder})
        try:
            dataset = folder_read(folder)
        except FolderError as error:
            raise CommandError(str(error)) from None
        progress = TqdmProgress(enabled=not options["no_progress"])
        try:
            with transaction.atomic():
                organisation = self._organisation(options, dataset)
                summary = folder_import(
                    dataset=dataset,
                    organisation=organisation,
                    # A team move starts on the organisation's today, not the server's.
                    today=timezone.localdate(timezone=ZoneInfo(organisation.time_zone)),
                    progress=progress,
                )
        except FolderError as error:
            raise CommandError(str(error)) from None
        finally:
            progress.close()
        if summary.changes == 0:
            self.stdout.write(
                _("Nothing to change: the database already matches %(folder)s.")
                % {"folder": folder}
            )
        else:
            for line in summary.lines():
                self.stdout.write(line)
            self.stdout.write(
                self.style.SUCCESS(
                    _("Imported %(folder)s into %(organisation)s.")
                    % {"folder": folder, "organisation": organisation.name}
                )
            )

    def _organisation(self, options: dict, dataset) -> Organisation:
        name = options["organisation"]
        if name is None:
            organisations = list(Organisation.objects.all()[:2])
            if len(organisations) == 1:
                return organisations[0]
            raise CommandError(_("Say which organisation with --organisation NAME."))
        existing = Organisation.objects.filter(name=name).first()
        if existing is not None:
            return existing
        country = (
            options["country"] or Counter(s.country for s in dataset.staff).most_common(1)[0][0]
        )
        return services.organisation_create(
            name=name, country=country, time_zone=options["time_zone"], policy=options["policy"]
        )
