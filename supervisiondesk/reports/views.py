"""Pages of the reports app: the dashboard, capacity planning and drift signals."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from supervisiondesk.accounts.roles import (
    SUPERVISING_ROLES,
    TEAM_VIEWING_ROLES,
    roles_of,
    team_scope,
)
from supervisiondesk.people.selectors import visible_teams
from supervisiondesk.policies.selectors import NoPolicyError
from supervisiondesk.reports import capacity_selectors, exports, selectors
from supervisiondesk.reports.capacity_chart import needs_chart
from supervisiondesk.reports.columns import (
    ACTION_COLUMNS,
    CASE_COLUMNS,
    RECORD_COLUMNS,
    capacity_columns,
)
from supervisiondesk.reports.dashboard_selectors import dashboard_of
from supervisiondesk.reports.forms import CapacityForm
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
        context["board"] = dashboard_of(staff=staff, scope=team_scope(roles), today=today)
    return render(request, "reports/dashboard.html", context)


@login_required
def capacity(request: HttpRequest) -> HttpResponse:
    """The supervision hours each supervisor of the viewer's teams needs a
    month against the hours they have for it, and the same under another
    policy or ratio (docs/capacity.md). Names and counts only."""
    roles = roles_of(request.user)
    staff = request.staff_member
    if staff is None or not roles & TEAM_VIEWING_ROLES:
        raise Http404
    organisation = staff.organisation
    today = organisation_today(organisation)
    teams = capacity_selectors.teams_of(staff=staff, scope=team_scope(roles), today=today)
    form = CapacityForm.with_defaults(
        request.GET,
        teams=[(team.code, team.name) for team in teams],
        policies=capacity_selectors.policy_choices(organisation=organisation, on=today),
    )
    context = {"form": form, "today": today, "page": None, "no_policy": False}
    if form.is_valid():
        chosen = form.cleaned_data["team"]
        what_if = form.cleaned_data["what_if_policy"]
        try:
            page = capacity_selectors.capacity_of(
                organisation=organisation,
                teams=[team for team in teams if team.code == chosen] if chosen else teams,
                today=today,
                assumptions=form.assumptions(),
                what_if=capacity_selectors.policy_of_choice(
                    organisation=organisation, value=what_if
                )
                if what_if
                else None,
            )
        except NoPolicyError:
            context["no_policy"] = True
        else:
            lines = page.lines
            response = exports.answer(
                request,
                list_name="reports:capacity",
                title=_("Supervision capacity %(date)s") % {"date": today.isoformat()},
                columns=capacity_columns(what_if=page.what_if is not None),
                rows=lines,
                filters={key: value for key, value in form.cleaned_data.items() if value},
                subjects=lambda line: [line.staff_pk],
            )
            if response:
                return response
            max_ratio = form.cleaned_data["max_ratio"]
            context |= {
                "page": page,
                "lines": lines,
                "chart": needs_chart([(x.name, x.needed, x.available) for x in lines]),
                "max_ratio": max_ratio,
                "at_ratio": page.plan.supervisors_at_ratio(max_ratio) if max_ratio else None,
                "over_ratio": page.plan.over_ratio(max_ratio) if max_ratio else None,
            }
    return render(request, "reports/capacity.html", context)


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
    teams = None
    if roles & TEAM_VIEWING_ROLES:
        teams = list(visible_teams(staff=staff, on=today, scope=team_scope(roles)))
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
            filters={"list": chosen},
        )
        if response:
            return response
    return render(
        request,
        "reports/drift.html",
        {"report": report, "today": today, "limit": SHOWN, "shown": f":{SHOWN}"},
    )
