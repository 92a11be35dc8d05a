"""The dashboard: a supervisor's supervisees and a manager's teams."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from supervisiondesk.accounts.roles import (
    SUPERVISING_ROLES,
    TEAM_VIEWING_ROLES,
    roles_of,
    team_scope,
)
from supervisiondesk.reports.dashboard_selectors import dashboard_of
from supervisiondesk.reports.feedback_selectors import team_feedback
from supervisiondesk.reports.selectors import drift_counts
from supervisiondesk.reports.supervisor_selectors import supervisor_board
from supervisiondesk.supervision.services.common import organisation_today


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """A supervisor's supervisees at a glance; a manager's teams (their
    services for a senior manager, the organisation for a director): figures
    and names only, no record content. Both parts for whoever is both."""
    roles = roles_of(request.user)
    staff = request.staff_member
    # 404, not 403: a page someone may not see is a page that is not there.
    if staff is None or not roles & (SUPERVISING_ROLES | TEAM_VIEWING_ROLES):
        raise Http404
    today = organisation_today(staff.organisation)
    context = {"today": today, "board": None, "supervisor_board": None}
    if roles & SUPERVISING_ROLES:
        context["supervisor_board"] = supervisor_board(staff=staff, today=today)
    if roles & TEAM_VIEWING_ROLES:
        board = dashboard_of(staff=staff, scope=team_scope(roles), today=today)
        context["board"] = board
        context["feedback"] = team_feedback(user=request.user, teams=board.teams, today=today)
        # Actions and records counted today; cases overdue are the stored
        # figures' (cases not within their standard), so the engine is not
        # run again for the page.
        drift = drift_counts(request.user, board.teams, today, cases=False)
        context["drift"] = {
            "actions": sum(line["actions"] for line in drift.values()),
            "records": sum(line["records"] for line in drift.values()),
            "cases": board.now.cases.of - board.now.cases.met,
        }
    return render(request, "reports/dashboard.html", context)
