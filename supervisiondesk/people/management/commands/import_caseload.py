"""manage.py import_caseload FILE: case periods from any case system, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from supervisiondesk.compliance.folder import FolderError
from supervisiondesk.people.caseload import caseload_import
from supervisiondesk.people.models import Organisation


class Command(BaseCommand):
    help = _(
        "Import a caseload: the data folder's case_periods.csv (case_id, worker_id, case_type, "
        "risk, from, to), or a JSON list of objects with the same keys. For each case named, "
        "its periods become the file's. All or nothing; importing it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--organisation", help=_("Optional when there is exactly one organisation.")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Check and count; write nothing.")
        )

    def handle(self, *args, **options) -> None:
        file: Path = options["file"]
        if not file.is_file():
            raise CommandError(_("%(file)s is not a file.") % {"file": file})
        organisations = Organisation.objects.all()
        if options["organisation"]:
            organisations = organisations.filter(name=options["organisation"])
        if organisations.count() != 1:
            raise CommandError(
                _("Name the organisation (--organisation): %(names)s")
                % {"names": ", ".join(Organisation.objects.values_list("name", flat=True))}
            )
        data = file.read_bytes()
        if file.suffix.lower() == ".json":
            try:
                data = json.loads(data)
            except (ValueError, UnicodeDecodeError) as error:
                raise CommandError(
                    _("%(file)s is not JSON: %(error)s") % {"file": file, "error": error}
                ) from error
            if not isinstance(data, list):
                raise CommandError(
                    _("%(file)s: expected a JSON list of case periods.") % {"file": file}
                )
        try:
            rows, summary = caseload_import(
                organisation=organisations.get(), data=data, dry_run=options["dry_run"]
            )
        except FolderError as error:
            raise CommandError(_("Nothing was imported:") + "\n" + str(error)) from error
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written."))
        self.stdout.write(_("%(rows)d case periods read.") % {"rows": rows})
        for line in summary.lines():
            self.stdout.write(line)
