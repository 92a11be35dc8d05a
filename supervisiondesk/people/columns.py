"""The columns of the people pages' lists when they are downloaded (CSV,
Excel: `reports.exports`): the same facts as the pages' tables, typed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from supervisiondesk.reports.exports import DATE, NUMBER, Column

SUPERVISEE_COLUMNS = [
    Column(_("Supervisee"), lambda r: r.staff.name),
    Column(_("Staff id"), lambda r: r.staff.staff_id),
    Column(_("Team"), lambda r: r.membership.team.name if r.membership else None),
    Column(_("Category"), lambda r: r.category.get_category_display() if r.category else None),
    Column(_("Relationship"), lambda r: r.relationship.get_kind_display()),
    Column(_("Since"), lambda r: r.relationship.start_date, DATE),
    Column(_("Open cases"), lambda r: r.open_cases, NUMBER),
]

CASELOAD_COLUMNS = [
    Column(_("Case"), lambda p: p.case.case_id),
    Column(_("Case type"), lambda p: p.get_case_type_display()),
    Column(_("Risk"), lambda p: p.get_risk_display()),
    Column(_("Allocated since"), lambda p: p.start_date, DATE),
]

TEAM_COLUMNS = [
    Column(_("Team"), lambda r: r.team.name),
    Column(_("Service"), lambda r: r.team.service.name),
    Column(_("Staff"), lambda r: r.staff, NUMBER),
    Column(_("Open cases"), lambda r: r.open_cases, NUMBER),
]
