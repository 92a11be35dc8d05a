"""Reports and evidence: the monthly compliance report (PDF) and the
evidence pack (zip), for the roles that look after teams (managers, senior
managers, directors: the dashboard's scope, `accounts.roles.team_scope`).

Auditors do not get them: the pack's compliance figures and feedback
averages are not theirs to read under `privacy.rules` (the dashboard is for
TEAM_VIEWING_ROLES, and `feedback_aggregate_supervisors` gives an auditor
nobody else's scores); they read audit results on the quality pages.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from supervisiondesk.accounts.roles import TEAM_VIEWING_ROLES, TeamScope, roles_of, team_scope
from supervisiondesk.people.models import StaffMember, Team
from supervisiondesk.reports import evidence, evidence_files, exports, monthly
from supervisiondesk.reports.forms_packs import EvidenceForm
from supervisiondesk.reports.pdf import pdf_response, render_pdf
from supervisiondesk.supervision.services.common import organisation_today


def _team_viewer(request: HttpRequest) -> tuple[StaffMember, str]:
    """The viewer's staff record and team scope; 404 for anyone else (a page
    someone may not see is a page that is not there)."""
    roles = roles_of(request.user)
    staff = request.staff_member
    if staff is None or not roles & TEAM_VIEWING_ROLES:
        raise Http404
    return staff, team_scope(roles)


def _packs_page(
    request: HttpRequest,
    *,
    staff: StaffMember,
    scope: str,
    today: date,
    teams: list[Team],
    form: EvidenceForm,
    missing: date | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "today": today,
        "teams": teams,
        "scope_label": TeamScope(scope).label,
        "months": monthly.available_months(teams=teams, today=today),
        "form": form,
        "missing": missing,
        "most_months": evidence.MOST_MONTHS,
    }
    return render(request, "reports/packs.html", context, status=status)


@login_required
def packs(request: HttpRequest) -> HttpResponse:
    """The months whose report can be downloaded, and the evidence pack's form."""
    staff, scope = _team_viewer(request)
    today = organisation_today(staff.organisation)
    teams = monthly.report_teams(staff=staff, scope=scope, today=today)
    form = EvidenceForm(choices=evidence.pack_scopes(teams=teams, scope=scope), today=today)
    return _packs_page(request, staff=staff, scope=scope, today=today, teams=teams, form=form)


@login_required
def monthly_pdf(request: HttpRequest, month: str) -> HttpResponse:
    """`/reports/monthly/2026-03.pdf`: a closed month, or this month to date.
    A month not stored yet answers the packs page saying what to run (the
    month exists; its figures do not yet); a month not begun, 404."""
    staff, scope = _team_viewer(request)
    first = monthly.parse_month(month)
    today = organisation_today(staff.organisation)
    if first is None or first > today.replace(day=1):
        raise Http404
    teams = monthly.report_teams(staff=staff, scope=scope, today=today)
    report = monthly.monthly_report(
        user=request.user, organisation=staff.organisation, teams=teams, month=first, today=today
    )
    if not report.available:
        form = EvidenceForm(choices=evidence.pack_scopes(teams=teams, scope=scope), today=today)
        return _packs_page(
            request, staff=staff, scope=scope, today=today, teams=teams, form=form, missing=first
        )
    content = render_pdf(
        "reports/pdf/monthly.html",
        {
            "organisation": staff.organisation,
            "report": report,
            "scope_label": TeamScope(scope).label,
            "produced_for": staff.name,
        },
    )
    exports.export_logged(
        request,
        list_name="reports:monthly",
        title=_("Monthly compliance report"),
        export_format="pdf",
        rows=len(report.team_lines),
        filters={"month": monthly.month_key(first), "scope": scope, "to_date": report.to_date},
    )
    return pdf_response(content, filename=monthly.monthly_file_name(first, to_date=report.to_date))


@login_required
def evidence_pack(request: HttpRequest) -> HttpResponse:
    """The evidence pack as a zip, for a scope and period the form accepts;
    the packs page with the form's errors otherwise. Asking for a team or
    service outside the viewer's scope is refused by the form's choices."""
    staff, scope = _team_viewer(request)
    today = organisation_today(staff.organisation)
    teams = monthly.report_teams(staff=staff, scope=scope, today=today)
    choices = evidence.pack_scopes(teams=teams, scope=scope)
    wanted = request.GET.get("scope", "")
    if wanted and wanted not in {choice.key for choice in choices}:
        # Another team, service or organisation: not there for this viewer.
        raise Http404
    form = EvidenceForm(request.GET, choices=choices, today=today)
    if not form.is_valid():
        return _packs_page(request, staff=staff, scope=scope, today=today, teams=teams, form=form)
    chosen = form.cleaned_data["scope"]
    pack = evidence.evidence_of(
        user=request.user,
        organisation=staff.organisation,
        chosen=chosen,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        today=today,
    )
    content = evidence_files.evidence_zip(pack, produced_for=staff.name)
    exports.export_logged(
        request,
        list_name="reports:evidence",
        title=_("Evidence pack"),
        export_format="zip",
        rows=len(pack.figure_rows),
        filters={
            "scope": chosen.key,
            "scope_name": chosen.label,
            "from": monthly.month_key(pack.start),
            "to": monthly.month_key(pack.end),
        },
    )
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(
        True, evidence_files.zip_name(chosen, pack.start, pack.end)
    )
    response["Cache-Control"] = "private, no-store"
    return response
