"""The columns of the capacity and drift lists when downloaded (CSV, Excel:
`reports.exports`): the rows the page shows, numbers as numbers, dates as
dates."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from supervisiondesk.reports.exports import DATE, NUMBER, Column


def _hours(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def capacity_columns(*, what_if: bool) -> list[Column]:
    columns = [
        Column(_("Supervisor"), lambda x: x.name),
        Column(_("Team"), lambda x: x.team),
        Column(_("Supervisees"), lambda x: x.supervisees, NUMBER),
        Column(_("Cases"), lambda x: x.cases, NUMBER),
        Column(_("Individual sessions (hours a month)"), lambda x: _hours(x.individual), NUMBER),
        Column(_("Group sessions (hours a month)"), lambda x: _hours(x.group), NUMBER),
        Column(_("Case discussions (hours a month)"), lambda x: _hours(x.case_extra), NUMBER),
        Column(_("Hours needed a month"), lambda x: _hours(x.needed), NUMBER),
        Column(_("FTE"), lambda x: x.fte, NUMBER),
        Column(_("Hours available a month"), lambda x: _hours(x.available), NUMBER),
        Column(_("Difference (hours)"), lambda x: _hours(x.difference), NUMBER),
    ]
    if what_if:
        columns.append(
            Column(
                _("Hours needed under the other policy"), lambda x: _hours(x.what_if_needed), NUMBER
            )
        )
    return columns


ACTION_COLUMNS = [
    Column(_("Action"), lambda r: r.description),
    Column(_("Owner"), lambda r: r.owner),
    Column(_("Team"), lambda r: r.team),
    Column(_("Due by"), lambda r: r.due_on, DATE),
    Column(_("Sessions carried over"), lambda r: r.carried, NUMBER),
    Column(_("First carried over"), lambda r: r.first_carried, DATE),
    Column(_("Last carried over"), lambda r: r.last_carried, DATE),
]

CASE_COLUMNS = [
    Column(_("Case"), lambda r: r.case_id),
    Column(_("Type"), lambda r: r.case_type),
    Column(_("Risk"), lambda r: r.risk),
    Column(_("Worker"), lambda r: r.worker),
    Column(_("Team"), lambda r: r.team),
    Column(_("Days overdue"), lambda r: r.days_overdue, NUMBER),
    Column(_("Last discussed"), lambda r: r.last, DATE),
]

RECORD_COLUMNS = [
    Column(_("Session"), lambda r: r.session_date, DATE),
    Column(_("Kind"), lambda r: r.kind),
    Column(_("Supervisor"), lambda r: r.supervisor),
    Column(_("Team"), lambda r: r.team),
    Column(_("Case"), lambda r: r.case_id),
]
