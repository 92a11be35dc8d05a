"""The columns of "Who has read my records" and the access report when they
are downloaded (CSV, Excel: `reports.exports`). Times are the organisation's
(the header names the zone), as on the pages."""

from __future__ import annotations

from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from supervisiondesk.privacy.templatetags.privacy_tags import entry_label
from supervisiondesk.reports.exports import DATETIME, Column


def _who(names: dict[int, str]):
    return lambda e: names.get(e.user_id) or e.username


def read_columns(names: dict[int, str]) -> list[Column]:
    return [
        Column(_("When"), lambda e: e.at, DATETIME),
        Column(_("Who"), _who(names)),
        Column(_("What"), entry_label),
        Column(_("How"), lambda e: e.get_event_display()),
        Column(_("Channel"), lambda e: e.get_channel_display()),
        Column(_("Reason"), lambda e: e.reason),
    ]


def denied_columns(names: dict[int, str]) -> list[Column]:
    return [
        Column(_("When"), lambda e: e.at, DATETIME),
        Column(_("Who"), _who(names)),
        Column(_("What"), entry_label),
    ]


def grant_columns(names: dict[int, str]) -> list[Column]:
    return [
        Column(_("Director"), lambda line: names.get(line.grant.user_id, "")),
        Column(
            _("About"),
            lambda line: (
                line.grant.staff.name
                if line.grant.staff_id
                else _("Case %(case)s") % {"case": line.grant.case.case_id}
            ),
        ),
        Column(_("Reason"), lambda line: line.grant.get_reason_display()),
        Column(_("Details"), lambda line: line.grant.details),
        Column(_("From"), lambda line: line.grant.opened_at, DATETIME),
        Column(_("Until"), lambda line: line.grant.closed_at or line.grant.expires_at, DATETIME),
        Column(
            _("Records read"),
            lambda line: ", ".join(
                f"{entry_label(r)} ({localtime(r.at):%Y-%m-%d %H:%M})" for r in line.reads
            ),
        ),
    ]
