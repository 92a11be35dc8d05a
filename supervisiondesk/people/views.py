"""Pages about people: the home page by role, supervisees, caseload, teams."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from supervisiondesk.accounts.roles import TEAM_VIEWING_ROLES, roles_of, team_scope
from supervisiondesk.people import columns, selectors
from supervisiondesk.people.models import StaffMember
from supervisiondesk.reports import exports


@login_required
def home(request: HttpRequest) -> HttpResponse:
    staff = request.staff_member
    today = timezone.localdate()
    roles = roles_of(request.user)
    context: dict = {"today": today, "staff": staff}
    if staff is not None:
        context["category"] = selectors.category_of(staff=staff, on=today)
        context["membership"] = selectors.team_of(staff=staff, on=today)
        context["supervisors"] = selectors.supervisors_of(staff=staff, on=today)
        context["supervisees"] = selectors.supervisees_of(staff=staff, on=today)
        context["caseload"] = selectors.caseload_of(staff=staff, on=today)
        if roles & TEAM_VIEWING_ROLES:
            context["teams"] = selectors.teams_overview(
                staff=staff, on=today, scope=team_scope(roles)
            )
    return render(request, "people/home.html", context)


def _staff_or_404(request: HttpRequest) -> StaffMember:
    if request.staff_member is None:
        # Accounts with no staff record (a pure administrator) have no caseload.
        raise Http404
    return request.staff_member


@login_required
def my_supervisees(request: HttpRequest) -> HttpResponse:
    staff = _staff_or_404(request)
    today = timezone.localdate()
    rows = selectors.supervisees_of(staff=staff, on=today)
    response = exports.answer(
        request,
        list_name="people:my_supervisees",
        title=_("My supervisees"),
        columns=columns.SUPERVISEE_COLUMNS,
        rows=rows,
        filters={"on": today},
        subjects=lambda row: [row.staff.pk],
    )
    if response:
        return response
    return render(request, "people/supervisees.html", {"rows": rows, "today": today})


@login_required
def my_caseload(request: HttpRequest) -> HttpResponse:
    staff = _staff_or_404(request)
    today = timezone.localdate()
    caseload = selectors.caseload_of(staff=staff, on=today)
    response = exports.answer(
        request,
        list_name="people:my_caseload",
        title=_("My caseload"),
        columns=columns.CASELOAD_COLUMNS,
        rows=caseload.periods,
        filters={"on": today},
    )
    if response:
        return response
    return render(request, "people/caseload.html", {"caseload": caseload, "today": today})


@login_required
def teams(request: HttpRequest) -> HttpResponse:
    staff = _staff_or_404(request)
    roles = roles_of(request.user)
    if not roles & TEAM_VIEWING_ROLES:
        raise Http404
    today = timezone.localdate()
    rows = selectors.teams_overview(staff=staff, on=today, scope=team_scope(roles))
    response = exports.answer(
        request,
        list_name="people:teams",
        title=_("Teams"),
        columns=columns.TEAM_COLUMNS,
        rows=rows,
        filters={"on": today},
    )
    if response:
        return response
    return render(request, "people/teams.html", {"rows": rows, "today": today})
