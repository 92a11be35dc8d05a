"""manage.py purge: remove the supervision records whose retention period
is over (privacy.retention), or with --dry-run only list them.

Lists every record with the reason it is due, grouped by record type, then
the totals. Without --dry-run it asks before removing anything, unless
--yes. A real run never takes a --today after the organisation's today.
"""

from __future__ import annotations

import getpass
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from supervisiondesk.people.models import Organisation
from supervisiondesk.privacy.models import Channel, RecordType
from supervisiondesk.privacy.retention import PurgePlan, PurgeRefused, purge_plan, purge_run
from supervisiondesk.privacy.retention_records import RECORD_TYPES
from supervisiondesk.supervision.choices import SessionKind
from supervisiondesk.supervision.services.common import organisation_today


def organisation_named(name: str) -> Organisation:
    """The organisation called `name`, or an error naming the ones there are."""
    found = Organisation.objects.filter(name=name).first()
    if found is None:
        known = ", ".join(Organisation.objects.values_list("name", flat=True)) or "—"
        raise CommandError(
            _("No organisation called %(name)r. Organisations: %(known)s.")
            % {"name": name, "known": known}
        )
    return found


def operator() -> str:
    """Who ran the command, for the access log (there is no user)."""
    try:
        return f"manage.py ({getpass.getuser()})"
    except Exception:  # no login name in this environment
        return "manage.py"


class Command(BaseCommand):
    help = _("Remove the supervision records whose retention period is over.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help=_("The organisation's name."))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("List what is due; remove nothing.")
        )
        parser.add_argument(
            "--today", help=_("Reckon as on this day (YYYY-MM-DD); the organisation's today.")
        )
        parser.add_argument("--yes", action="store_true", help=_("Do not ask for confirmation."))

    def handle(self, *args, **options) -> None:
        organisation = organisation_named(options["organisation"])
        today = organisation_today(organisation)
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(
                    _("--today must be a date written YYYY-MM-DD, not %(value)r.")
                    % {"value": options["today"]}
                ) from None
        dry_run = options["dry_run"]
        try:
            if dry_run:
                plan = purge_run(
                    organisation=organisation,
                    today=today,
                    dry_run=True,
                    channel=Channel.COMMAND,
                    username=operator(),
                )
                self._show(plan, organisation, dry_run=True)
                return
            if not options["yes"]:
                plan = purge_plan(organisation=organisation, today=today)
                self._show(plan, organisation, dry_run=True, asking=True)
                if plan.is_empty:
                    return
                answer = input(_("Remove these records for good? Type yes to go on: "))
                if answer.strip().lower() != "yes":
                    self.stdout.write(_("Nothing was removed."))
                    return
            plan = purge_run(
                organisation=organisation,
                today=today,
                dry_run=False,
                channel=Channel.COMMAND,
                username=operator(),
            )
        except PurgeRefused as error:
            raise CommandError(str(error)) from None
        self._show(plan, organisation, dry_run=False)

    def _show(
        self, plan: PurgePlan, organisation: Organisation, *, dry_run: bool, asking: bool = False
    ) -> None:
        """The plan by record type, one line per record, then the totals."""
        out = self.stdout
        values = {"organisation": organisation.name, "today": plan.today.isoformat()}
        if dry_run:
            out.write(_("Due for removal in %(organisation)s on %(today)s:") % values)
        else:
            out.write(_("Removed from %(organisation)s on %(today)s:") % values)
        if plan.is_empty:
            out.write("  " + _("Nothing is due for removal."))
            if plan.held_back:
                out.write(
                    "  "
                    + ngettext(
                        "(%(n)d session past its time stays for case discussions not yet due.)",
                        "(%(n)d sessions past their time stay for case discussions not yet due.)",
                        plan.held_back,
                    )
                    % {"n": plan.held_back}
                )
            return
        kinds = dict(SessionKind.choices)
        for record_type in (RecordType.ONE_TO_ONE, RecordType.GROUP):
            sessions = plan.sessions_of(record_type)
            out.write(f"\n{record_type.label} ({len(sessions)})")
            for s in sessions:
                line = (
                    f"  {s.session_id}  {s.date.isoformat()}  {kinds.get(s.kind, s.kind)}, "
                    f"{s.whose or '—'}: {s.reason}"
                )
                if not s.deleted:
                    line += " — " + ngettext(
                        "record emptied; the session stays for %(n)d case discussion not yet due",
                        "record emptied; the session stays for %(n)d case discussions not yet due",
                        s.kept_discussions,
                    ) % {"n": s.kept_discussions}
                out.write(line)
        out.write(f"\n{RecordType.AGREEMENT.label} ({len(plan.agreements)})")
        for a in plan.agreements:
            out.write(
                "  "
                + _("agreement %(pk)d, %(supervisor)s with %(party)s: %(reason)s")
                % {"pk": a.pk, "supervisor": a.supervisor, "party": a.party, "reason": a.reason}
            )
        out.write(f"\n{RecordType.CASE_DISCUSSION.label} ({len(plan.case_discussions)})")
        for d in plan.case_discussions:
            out.write(
                "  "
                + _("case discussion %(pk)d, case %(case)s in %(session)s of %(date)s: %(reason)s")
                % {
                    "pk": d.pk,
                    "case": d.case_id,
                    "session": d.session_id,
                    "date": d.date.isoformat(),
                    "reason": d.reason,
                }
            )
        labels = dict(RecordType.choices)
        for record_type in RECORD_TYPES:
            records = plan.records_of(record_type)
            out.write(f"\n{labels[record_type]} ({len(records)})")
            for r in records:
                out.write(f"  {r.what}: {r.reason}")
        counts = plan.counts()
        out.write(
            "\n"
            + _(
                "Totals: %(deleted)d sessions deleted, %(emptied)d sessions emptied (kept for "
                "their case discussions), %(agreements)d agreements, %(discussions)d case "
                "discussions, %(feedback)d feedback responses, %(audits)d audits, "
                "%(self_assessments)d self-assessments, %(development)d development records, "
                "%(wellbeing)d wellbeing plans."
            )
            % {
                "deleted": counts["sessions_deleted"],
                "emptied": counts["sessions_emptied"],
                "agreements": counts["agreements"],
                "discussions": counts["case_discussions"],
                "feedback": counts[RecordType.FEEDBACK],
                "audits": counts[RecordType.AUDIT],
                "self_assessments": counts[RecordType.SELF_ASSESSMENT],
                "development": counts[RecordType.DEVELOPMENT],
                "wellbeing": counts[RecordType.WELLBEING_PLAN],
            }
        )
        if plan.held_back:
            out.write(
                ngettext(
                    "%(n)d more session is past its time but stays for case discussions not "
                    "yet due; nothing else is left in it.",
                    "%(n)d more sessions are past their time but stay for case discussions not "
                    "yet due; nothing else is left in them.",
                    plan.held_back,
                )
                % {"n": plan.held_back}
            )
        if dry_run and not asking:
            out.write(_("Nothing was removed (dry run)."))
