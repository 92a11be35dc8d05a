"""manage.py export_folder DIR: write an organisation's data folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from supervisiondesk.people.loaders import NoTeamError
from supervisiondesk.people.models import Organisation
from supervisiondesk.supervision.folder_sync import folder_export


class Command(BaseCommand):
    help = _("Write an organisation's data folder (the format of compliance.md section 6).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--organisation", help=_("Organisation name (optional when only one)."))
        parser.add_argument(
            "--on",
            type=date.fromisoformat,
            help=_("Date for each staff member's team (default today)."),
        )

    def handle(self, *args, **options) -> None:
        name = options["organisation"]
        organisations = (
            Organisation.objects.filter(name=name) if name else Organisation.objects.all()
        )
        found = list(organisations[:2])
        if len(found) != 1:
            raise CommandError(
                _("No organisation called %(name)s.") % {"name": name}
                if name
                else _("Say which organisation with --organisation NAME.")
            )
        folder: Path = options["folder"]
        folder.mkdir(parents=True, exist_ok=True)
        organisation = found[0]
        on = options["on"] or timezone.localdate(timezone=ZoneInfo(organisation.time_zone))
        try:
            dataset = folder_export(organisation=organisation, path=folder, on=on)
        except NoTeamError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Wrote %(staff)d staff and %(cases)d case periods to %(folder)s.")
                % {
                    "staff": len(dataset.staff),
                    "cases": len(dataset.case_periods),
                    "folder": folder,
                }
            )
        )
