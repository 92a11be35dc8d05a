"""manage.py primero_sync: caseloads from Primero, case discussions back."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from supervisiondesk.integrations.models import PrimeroConnection
from supervisiondesk.integrations.primero import PrimeroError
from supervisiondesk.integrations.services.sync import SyncError, client_for, primero_sync
from supervisiondesk.supervision.management.commands.import_folder import TqdmProgress


class Command(BaseCommand):
    help = _(
        "Read each worker's caseload from Primero (what changed since the last sync) into case "
        "periods, with Primero's overdue tasks and approvals, and send held and signed case "
        "discussions back. A record that fails is reported, kept and read again next time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation",
            help=_("Organisation name; optional when one organisation has a Primero connection."),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Report what would change; write nothing.")
        )
        parser.add_argument(
            "--pending-only",
            action="store_true",
            help=_("Only the records Primero's webhook announced and the failures to retry."),
        )
        parser.add_argument(
            "--no-push", action="store_true", help=_("Do not send case discussions to Primero.")
        )
        parser.add_argument("--no-progress", action="store_true", help=_("Hide the progress bar."))

    def handle(self, *args, **options) -> None:
        connections = PrimeroConnection.objects.filter(enabled=True).select_related("organisation")
        if options["organisation"]:
            connections = connections.filter(organisation__name=options["organisation"])
        found = list(connections)
        if len(found) != 1:
            raise CommandError(
                _("No enabled Primero connection for that organisation.")
                if not found
                else _(
                    "Several organisations have a Primero connection: name one (--organisation)."
                )
            )
        connection = found[0]
        try:
            with client_for(connection) as client:
                summary = primero_sync(
                    connection=connection,
                    client=client,
                    dry_run=options["dry_run"],
                    pending_only=options["pending_only"],
                    push=not options["no_push"],
                    progress=TqdmProgress(not options["no_progress"]),
                )
        except (SyncError, PrimeroError) as error:
            raise CommandError(str(error)) from error
        out = self.stdout
        if summary.dry_run:
            out.write(_("Dry run: nothing was written."))
        out.write(
            _("Primero users: %(users)d, matched to staff: %(matched)d. Records read: %(records)d.")
            % {
                "users": summary.users,
                "matched": summary.workers_matched,
                "records": summary.records,
            }
        )
        if summary.unmatched_users:
            out.write(
                _("Users matched to nobody: %(names)s")
                % {"names": ", ".join(summary.unmatched_users)}
            )
        out.write(
            _(
                "Cases new: %(cases)d. Case periods added: %(added)d, corrected: %(changed)d, "
                "ended: %(ended)d. Unchanged: %(same)d. Read again after a failure and now "
                "taken: %(retried)d. Case discussions sent: %(pushed)d."
            )
            % {
                "cases": summary.cases_created,
                "added": summary.periods_added,
                "changed": summary.periods_changed,
                "ended": summary.periods_ended,
                "same": summary.unchanged,
                "retried": summary.retried,
                "pushed": summary.discussions_pushed,
            }
        )
        for failure in summary.failed:
            out.write(
                self.style.WARNING(
                    _("Not taken: %(case)s %(record)s: %(message)s")
                    % {
                        "case": failure["case"],
                        "record": failure["record"],
                        "message": failure["message"],
                    }
                )
            )
        for failure in summary.push_failed:
            out.write(
                self.style.WARNING(
                    _("Case discussion on %(case)s not sent: %(message)s")
                    % {"case": failure["case"], "message": failure["message"]}
                )
            )
        if not summary.complete:
            out.write(
                self.style.WARNING(
                    _("The sync did not read everything: the next one starts from the same point.")
                )
            )
