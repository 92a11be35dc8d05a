"""manage.py verify_access_log: recompute every chain of the access log and
say, per chain, how many entries it holds and whether it is intact, or the
first entry that is not and why. Exits with status 1 when any chain is
broken, so a scheduled job can alert on it."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from supervisiondesk.people.models import Organisation
from supervisiondesk.privacy import chain as hash_chain
from supervisiondesk.privacy.models import AccessLogHead


class Command(BaseCommand):
    help = _("Check the access log's hash chains: every entry as it was written, none missing.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chain", action="append", help=_("Only this chain (repeatable)."))

    def handle(self, *args, **options) -> None:
        # A chain whose every entry was removed still has its head.
        names = options["chain"] or sorted(
            set(hash_chain.chains()) | set(AccessLogHead.objects.values_list("chain", flat=True))
        )
        if not names:
            self.stdout.write(_("The access log is empty."))
            return
        organisations = dict(Organisation.objects.values_list("pk", "name"))
        broken = 0
        for name in names:
            check = hash_chain.verify(name)
            label = name
            # `org-12` and its other chains, `org-12.1` ... (privacy.services.chain_names).
            number = name[4:].split(".", 1)[0]
            if name.startswith("org-") and number.isdigit():
                org = organisations.get(int(number))
                label = f"{name} ({org})" if org else name
            count = ngettext("%(n)d entry", "%(n)d entries", check.entries) % {"n": check.entries}
            if check.ok:
                self.stdout.write(f"{label}: {count}, " + _("OK"))
            else:
                broken += 1
                self.stdout.write(
                    f"{label}: {count}, "
                    + _("BROKEN at entry %(seq)d: %(problem)s")
                    % {"seq": check.broken_at, "problem": check.problem}
                )
        if broken:
            raise CommandError(
                ngettext(
                    "%(n)d chain of the access log is broken.",
                    "%(n)d chains of the access log are broken.",
                    broken,
                )
                % {"n": broken},
                returncode=1,
            )
