"""manage.py seed_demo: the demo organisation, or the national benchmark dataset."""

from __future__ import annotations

import os
import secrets
from argparse import ArgumentTypeError
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from supervisiondesk.people.demo import SeedError, SeedReport, seed_demo, seed_national


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(
            _("%(value)s is not a date (YYYY-MM-DD).") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = _(
        "Create the demo organisation (Riverside Children's Services) with its seven logins, "
        "or with --scale national a dataset of 30,000 staff and 400,000 open cases for "
        "benchmarks. Deterministic for a seed and a date; all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help=_("Random seed (default 1)."))
        parser.add_argument("--scale", choices=["demo", "national"], default="demo")
        parser.add_argument(
            "--today",
            type=_day,
            help=_("The date the data is built around, YYYY-MM-DD (default: today)."),
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_("Delete the organisation's data and logins first, if it exists."),
        )
        parser.add_argument(
            "--staff", type=int, help=_("National scale only: staff records (default 30,000).")
        )
        parser.add_argument(
            "--cases", type=int, help=_("National scale only: open cases (default 400,000).")
        )

    def handle(self, *args, **options) -> None:
        today = options["today"] or timezone.localdate()
        # One password for the seven logins: the environment's, else a new one
        # printed below (bin/run keeps its own in var/demo-password).
        password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(12)
        national = options["scale"] == "national"
        if not national and (options["staff"] is not None or options["cases"] is not None):
            raise CommandError(_("--staff and --cases go with --scale national."))
        try:
            if national:
                sizes = {
                    key: options[option]
                    for key, option in (("staff", "staff"), ("open_cases", "cases"))
                    if options[option] is not None
                }
                report = seed_national(
                    seed=options["seed"],
                    today=today,
                    password=password,
                    reset=options["reset"],
                    # Stages as they end, for long runs; the summary has them too.
                    report=self._stage if options["verbosity"] > 1 else None,
                    **sizes,
                )
            else:
                report = seed_demo(
                    seed=options["seed"], today=today, password=password, reset=options["reset"]
                )
        except SeedError as error:
            raise CommandError(str(error)) from None
        self._summary(report, today)

    def _stage(self, stage: str, seconds: float) -> None:
        self.stdout.write(_("  %(stage)s: %(seconds).1f s") % {"stage": stage, "seconds": seconds})

    def _summary(self, report: SeedReport, today: date) -> None:
        out = self.stdout.write
        out(
            self.style.SUCCESS(
                _("Seeded %(organisation)s as of %(today)s.")
                % {"organisation": report.organisation, "today": today.isoformat()}
            )
        )
        if report.stages:
            out(_("Time per stage:"))
            width = max(len(stage) for stage, _seconds in report.stages)
            for stage, seconds in report.stages:
                out(f"  {stage:<{width}}  {seconds:8.1f} s")
            out(f"  {_('total'):<{width}}  {report.seconds:8.1f} s")
        out(_("Rows:"))
        width = max(len(label) for label in report.rows)
        for label, count in report.rows.items():
            out(f"  {label:<{width}}  {count:>10,}")
        if report.database_bytes is not None:
            out(_("Database size: %(size).1f MB") % {"size": report.database_bytes / 1_000_000})
        out(_("Logins:"))
        rows = [(_("user name"), _("roles"), _("staff member"), _("password"))]
        rows += [(x.username, x.role_labels, x.staff_name, x.password) for x in report.logins]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for name, roles, staff, secret in rows:
            out(f"  {name:<{widths[0]}}  {roles:<{widths[1]}}  {staff:<{widths[2]}}  {secret}")
