"""manage.py compliance: the compliance report (spec/compliance.md section 7).

With --data it reads only the folder, through `compliance.cli` (no database
is touched). Without it, it reads the organisation's data from the database
through `supervision.loaders`, with the organisation's policy versions
(each applied from its date) unless --policy names one policy.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from supervisiondesk.compliance import cli
from supervisiondesk.compliance.engine import compliance_report
from supervisiondesk.compliance.render import FORMATS, render
from supervisiondesk.people.models import Organisation
from supervisiondesk.policies.policy import PolicyError, load_policy
from supervisiondesk.policies.selectors import policy_timeline
from supervisiondesk.supervision.loaders import dataset_from_database


class Command(BaseCommand):
    help = _("The compliance report: what is due and overdue for every worker and case.")
    # The folder case needs no database: skip the checks that would touch it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--policy", help=_("A preset id or a policy file."))
        parser.add_argument("--data", help=_("A data folder; without it, the database."))
        parser.add_argument("--as-of", required=True, type=cli.iso_date)
        parser.add_argument("--format", choices=FORMATS)
        parser.add_argument("--staff", help=_("Only these staff ids (comma-separated)."))
        parser.add_argument("--organisation", help=_("Organisation name (optional when only one)."))

    def handle(self, *args, **options) -> None:
        if options["data"]:
            if not options["policy"]:
                raise CommandError(_("--data needs --policy (a preset id or a policy file)."))
            argv = ["--policy", options["policy"], "--data", options["data"]]
            argv += ["--as-of", options["as_of"].isoformat()]
            for name in ("format", "staff"):
                if options[name]:
                    argv += [f"--{name}", options[name]]
            status = cli.run(argv, sys.stdout, sys.stderr)
            if status:
                sys.exit(status)
            return
        organisation = self._organisation(options["organisation"])
        try:
            # The organisation's own policy over time, unless --policy names one.
            policy = (
                load_policy(options["policy"])
                if options["policy"]
                else policy_timeline(organisation=organisation)
            )
        except PolicyError as error:
            raise CommandError(str(error)) from None
        dataset = dataset_from_database(organisation, options["as_of"])
        staff_ids = {s.strip() for s in options["staff"].split(",")} if options["staff"] else None
        report = compliance_report(dataset, policy, options["as_of"], staff_ids=staff_ids)
        fmt = options["format"] or ("table" if sys.stdout.isatty() else "json")
        sys.stdout.write(render(report, fmt))

    def _organisation(self, name: str | None) -> Organisation:
        found = list(
            (Organisation.objects.filter(name=name) if name else Organisation.objects.all())[:2]
        )
        if len(found) != 1:
            raise CommandError(
                _("No organisation called %(name)s.") % {"name": name}
                if name
                else _("Say which organisation with --organisation NAME.")
            )
        return found[0]
