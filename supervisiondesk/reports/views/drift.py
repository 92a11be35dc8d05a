"""Drift signals (docs/reports.md, "Drift signals")."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _lazy

from supervisiondesk.accounts.roles import (
    SUPERVISING_ROLES,
    TEAM_VIEWING_ROLES,
    roles_of,
    team_scope,
)
from supervisiondesk.people.selectors import visible_teams
from supervisiondesk.reports import exports, selectors
from supervisiondesk.reports.columns import (
    ACTION_COLUMNS,
    CASE_COLUMNS,
    RECORD_COLUMNS,
)
from supervisiondesk.reports.forms import TeamForm, team_form
from supervisiondesk.supervision.services.common import organisation_today

SHOWN = 100  # rows of each list on the page, most serious first; the files hold all

DRIFT_LISTS = {
    "actions": (ACTION_COLUMNS, _lazy("Actions carried over unchanged")),
    "cases": (CASE_COLUMNS, _lazy("Cases not discussed within their interval")),
    "records": (RECORD_COLUMNS, _lazy("Case discussions with no reflection")),
}


@login_required
def drift(request: HttpRequest) -> HttpResponse:
    """Drift signals (docs/reports.md): actions carried over unchanged,
    cases overdue for discussion, records with no reflection, counted per
    team and listed where the viewer may open them. Supervisors see their
    supervisees; managers, senior managers and directors their teams."""
    roles = roles_of(request.user)
    staff = request.staff_member
    if staff is None or not roles & (SUPERVISING_ROLES | TEAM_VIEWING_ROLES):
        raise Http404
    today = organisation_today(staff.organisation)
    teams, form = None, None
    if roles & TEAM_VIEWING_ROLES:
        visible = list(
            visible_teams(staff=staff, on=today, scope=team_scope(roles)).order_by("name")
        )
        # Many teams: one at a time, as the rows behind the dashboard's
        # figures; the whole organisation's cases would run the engine on
        # everyone (a minute at national scale). The dashboard counts them all.
        form = team_form(TeamForm, request.GET, visible)
        if not form.is_valid():
            raise Http404
        code = form.cleaned_data["team"]
        teams = [team for team in visible if team.code == code] if code else visible
    scope = selectors.scope_of(
        staff=staff, today=today, supervisees=bool(roles & SUPERVISING_ROLES), teams=teams
    )
    report = selectors.drift_of(request.user, scope=scope, today=today)
    chosen = exports.requested_list(request, list(DRIFT_LISTS))
    if chosen:
        columns, title = DRIFT_LISTS[chosen]
        response = exports.answer(
            request,
            list_name=f"reports:drift:{chosen}",
            title=f"{title} {today.isoformat()}",
            columns=columns,
            rows=getattr(report, chosen),
            filters={"list": chosen, "team": form.cleaned_data["team"] if form else ""},
        )
        if response:
            return response
    return render(
        request,
        "reports/drift.html",
        {"report": report, "today": today, "limit": SHOWN, "shown": f":{SHOWN}", "form": form},
    )
