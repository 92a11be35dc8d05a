"""Capacity planning: the supervision hours each supervisor needs (docs/capacity.md)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from supervisiondesk.accounts.roles import (
    TEAM_VIEWING_ROLES,
    roles_of,
    team_scope,
)
from supervisiondesk.policies.selectors import NoPolicyError
from supervisiondesk.reports import capacity_selectors, exports
from supervisiondesk.reports.capacity_chart import needs_chart
from supervisiondesk.reports.columns import (
    capacity_columns,
)
from supervisiondesk.reports.forms import CapacityForm
from supervisiondesk.supervision.services.common import organisation_today


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
