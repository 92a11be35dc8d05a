"""The columns of the CPD log when it is downloaded (CSV, Excel:
`reports.exports`): the page's table as typed cells, from the rows the
page's selector read."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from supervisiondesk.development.models import CpdEntry
from supervisiondesk.reports.exports import DATE, NUMBER, Column


def cpd_columns() -> list[Column]:
    return [
        Column(_("Date"), lambda e: e.date, DATE),
        Column(_("Title"), lambda e: e.title),
        Column(_("Hours"), lambda e: e.hours, NUMBER),
        Column(_("What I learnt"), lambda e: e.learning),
        Column(_("How it changed my practice"), lambda e: e.practice_change),
        Column(_("Evidence"), lambda e: e.evidence),
        Column(_("From supervision on"), lambda e: e.session.date if e.session else None, DATE),
    ]


def cpd_subjects(entry: CpdEntry) -> list[int]:
    return [entry.worker_id]
