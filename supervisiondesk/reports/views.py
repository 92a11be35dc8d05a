"""Pages of the reports app: the managers' dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from supervisiondesk.accounts.roles import TEAM_VIEWING_ROLES, roles_of, team_scope
from supervisiondesk.reports.dashboard_selectors import dashboard_of
from supervisiondesk.supervision.services.common import organisation_today


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Managers (their teams), senior managers (their services), directors
    (the organisation): figures only, no record content."""
    roles = roles_of(request.user)
    staff = request.staff_member
    # 404, not 403: a page someone may not see is a page that is not there.
    if staff is None or not roles & TEAM_VIEWING_ROLES:
        raise Http404
    today = organisation_today(staff.organisation)
    board = dashboard_of(staff=staff, scope=team_scope(roles), today=today)
    return render(request, "reports/dashboard.html", {"board": board, "today": today})
