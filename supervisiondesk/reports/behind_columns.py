"""The columns of "the rows behind a figure" (reports.indicator_selectors),
on the page and in its download (reports.exports), per indicator."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from supervisiondesk.reports.exports import DATE, NUMBER, Column


def _met(row) -> str:
    return str(_("Yes") if row.met else _("No"))


TEAM = Column(_("Team"), lambda r: r.team)
MET = Column(_("Met the standard"), _met)

BEHIND_COLUMNS: dict[str, list[Column]] = {
    "supervised": [
        Column(_("Supervisee"), lambda r: r.who),
        TEAM,
        Column(_("Status"), lambda r: r.status),
        Column(_("Last supervision"), lambda r: r.last, DATE),
        Column(_("Next due"), lambda r: r.next_due, DATE),
        MET,
    ],
    "cases": [
        Column(_("Case"), lambda r: r.about),
        Column(_("Worker"), lambda r: r.who),
        TEAM,
        Column(_("Status"), lambda r: r.status),
        Column(_("Last discussed"), lambda r: r.last, DATE),
        Column(_("Next due"), lambda r: r.next_due, DATE),
        MET,
    ],
    "records": [
        Column(_("Session"), lambda r: r.last, DATE),
        Column(_("Supervisor"), lambda r: r.who),
        Column(_("Supervisees"), lambda r: r.with_whom),
        TEAM,
        Column(_("Record"), lambda r: r.detail),
        MET,
    ],
    "agreements": [
        Column(_("Supervisee"), lambda r: r.who),
        Column(_("Supervisor"), lambda r: r.with_whom),
        TEAM,
        Column(_("Agreement"), lambda r: r.status),
        Column(_("Review due"), lambda r: r.next_due, DATE),
        MET,
    ],
    "balance": [
        Column(_("Supervisee"), lambda r: r.who),
        Column(_("Supervisor"), lambda r: r.with_whom),
        TEAM,
        Column(_("Formal sessions looked at"), lambda r: r.sessions, NUMBER),
        Column(_("Functions missing"), lambda r: r.detail),
        MET,
    ],
}
