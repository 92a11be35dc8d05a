"""The columns of "Due and overdue" and "Team compliance" when their lists
are downloaded (CSV, Excel: `reports.exports`): the rows the page shows,
every page of them, with dates as dates and days as numbers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from supervisiondesk.compliance import formatting
from supervisiondesk.people.choices import CaseType, Category, Risk
from supervisiondesk.reports.exports import DATE, NUMBER, Column

_STATUS = Column(_("Status"), lambda r: r.status_text)
_DAYS = Column(_("Days overdue"), lambda r: r.days_overdue, NUMBER)
_DATES = [
    Column(_("Next due"), lambda r: r.next_due, DATE),
    Column(_("Overdue after"), lambda r: r.overdue_after, DATE),
    Column(_("Rule in force"), lambda r: r.rule_text),
    Column(_("Rule in force since"), lambda r: r.rule_since, DATE),
]

PEOPLE_COLUMNS = [
    Column(_("Staff member"), lambda r: r.staff_name),
    Column(_("Staff id"), lambda r: r.staff_id),
    Column(_("Team"), lambda r: r.team_name),
    Column(
        _("Category"),
        lambda r: formatting.choice_label(Category, r.category) if r.category else None,
    ),
    Column(
        _("Supervision"),
        lambda r: str(formatting.REQUIREMENT_LABELS.get(r.requirement, r.requirement)),
    ),
    _STATUS,
    _DAYS,
    Column(_("Last session"), lambda r: r.last, DATE),
    *_DATES,
]

CASE_COLUMNS = [
    Column(_("Case"), lambda r: r.case_id),
    Column(_("Type"), lambda r: formatting.choice_label(CaseType, r.case_type)),
    Column(_("Risk"), lambda r: formatting.choice_label(Risk, r.risk) if r.risk else None),
    Column(_("Worker"), lambda r: r.staff_name),
    Column(_("Staff id"), lambda r: r.staff_id),
    Column(_("Team"), lambda r: r.team_name),
    _STATUS,
    _DAYS,
    Column(_("Last discussed"), lambda r: r.last, DATE),
    *_DATES,
]
