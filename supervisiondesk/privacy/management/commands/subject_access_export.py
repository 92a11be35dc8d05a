"""manage.py subject_access_export: everything held about one staff member
as a zip of data.json and report.pdf (privacy.subject_access), for a
subject access request answered by hand. Logged like any export."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from supervisiondesk.people.models import StaffMember
from supervisiondesk.privacy.management.commands.purge import operator, organisation_named
from supervisiondesk.privacy.models import Channel
from supervisiondesk.privacy.subject_access import subject_access_export


class Command(BaseCommand):
    help = _("Export everything held about one staff member (a subject access request).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help=_("The organisation's name."))
        parser.add_argument("--staff", required=True, help=_("The staff id (as in data folders)."))
        parser.add_argument("--out", required=True, help=_("Where to write the zip."))

    def handle(self, *args, **options) -> None:
        organisation = organisation_named(options["organisation"])
        staff = (
            StaffMember.objects.select_related("organisation", "user")
            .filter(organisation=organisation, staff_id=options["staff"])
            .first()
        )
        if staff is None:
            raise CommandError(
                _("No staff member with staff id %(id)r in %(organisation)s.")
                % {"id": options["staff"], "organisation": organisation.name}
            )
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(
                _("The folder %(folder)s does not exist.") % {"folder": str(out.parent)}
            )
        payload = subject_access_export(
            staff=staff,
            requested_by=None,
            channel=Channel.COMMAND,
            requested_by_name=operator(),
        )
        out.write_bytes(payload)
        self.stdout.write(
            _("Wrote %(path)s (%(size)d bytes): everything held about %(name)s (%(id)s).")
            % {"path": str(out), "size": len(payload), "name": staff.name, "id": staff.staff_id}
        )
