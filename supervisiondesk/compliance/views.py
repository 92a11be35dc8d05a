"""What is due and overdue: for a supervisor, their supervisees and their
cases; for a manager, their teams. Rows say why (last session, rule in force,
due dates), worst first, filterable by status, team and case type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from supervisiondesk.accounts.roles import (
    SUPERVISING_ROLES,
    TEAM_VIEWING_ROLES,
    roles_of,
    team_scope,
)
from supervisiondesk.compliance import columns, selectors
from supervisiondesk.compliance.forms import ComplianceFilterForm
from supervisiondesk.people import selectors as people
from supervisiondesk.people.models import Organisation, StaffMember, Team
from supervisiondesk.people.selectors import ALL_TEAMS_LIMIT
from supervisiondesk.policies.selectors import NoPolicyError
from supervisiondesk.reports import exports

# A team of 70 holds about a thousand cases: the page shows them a hundred at a time.
ROWS_PER_PAGE = 100


def _staff_with(request: HttpRequest, roles: frozenset[str]) -> StaffMember:
    # 404, not 403: a page someone may not see is a page that is not there.
    if request.staff_member is None or not roles_of(request.user) & roles:
        raise Http404
    return request.staff_member


def _as_of(request: HttpRequest) -> date:
    """The day asked for, or today in the organisation's time zone."""
    try:
        day = forms.DateField(required=False).clean(request.GET.get("as_of"))
    except forms.ValidationError:
        day = None  # the form shows the error
    return day or timezone.localdate()


def _shown(request: HttpRequest, rows: list, parameter: str) -> Page:
    """One page of rows (worst first, so the first page is what needs doing)."""
    shown = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get(parameter))
    shown.object_list = selectors.in_words(shown.object_list)

    def link(number: int) -> str:
        query = request.GET.copy()
        query[parameter] = str(number)
        return f"?{query.urlencode()}"

    shown.previous_link = link(shown.previous_page_number()) if shown.has_previous() else ""
    shown.next_link = link(shown.next_page_number()) if shown.has_next() else ""
    return shown


def _export(
    request: HttpRequest,
    *,
    page: selectors.CompliancePage,
    organisation: Organisation,
    title: str,
    list_name: str,
    filters: dict,
) -> HttpResponse | None:
    """Every row of one of the page's two lists as a file, not only the
    hundred shown (`?format=csv&list=cases`)."""
    chosen = exports.requested_list(request, ["people", "cases"])
    if chosen is None:
        return None
    rows = selectors.in_words(page.people if chosen == "people" else page.cases)
    # Their staff records' keys, for the access log (one query).
    staff_ids = {row.staff_id for row in rows}
    keys = dict(
        StaffMember.objects.filter(organisation=organisation, staff_id__in=staff_ids).values_list(
            "staff_id", "pk"
        )
    )
    heading = _("Supervision of staff") if chosen == "people" else _("Case supervision")
    return exports.answer(
        request,
        list_name=f"{list_name}:{chosen}",
        title=f"{heading} {page.as_of.isoformat()}",
        columns=columns.PEOPLE_COLUMNS if chosen == "people" else columns.CASE_COLUMNS,
        rows=rows,
        filters={**filters, "list": chosen},
        subjects=lambda row: [keys[row.staff_id]] if row.staff_id in keys else [],
    )


def _choices(teams: list[Team]) -> list[tuple[str, str]]:
    return [(team.code, team.name) for team in teams]


def _page(
    request: HttpRequest,
    *,
    staff: StaffMember,
    scope: Callable[[Team | None], set[int]],  # staff pks of a team, or of all (None)
    teams: list[Team],
    on: date,
    title: str,
    all_teams: bool,
    empty: str,
    list_name: str,
) -> HttpResponse:
    data = request.GET.copy() if request.GET else QueryDict(mutable=True)
    if not all_teams and not data.get("team") and teams:
        data["team"] = teams[0].code  # one team at a time: the first unless chosen
    form = ComplianceFilterForm(
        data, teams=_choices(teams), all_teams_label=_("All teams") if all_teams else ""
    )
    context = {"form": form, "title": title, "on": on, "empty": empty, "page": None}
    if form.is_valid():
        chosen = form.cleaned_data["team"]
        members = scope(next(team for team in teams if team.code == chosen) if chosen else None)
        filters = selectors.Filters(
            status=form.cleaned_data["status"] or None,
            team=chosen or None,
            case_type=form.cleaned_data["case_type"] or None,
        )
        try:
            page = selectors.compliance_of(
                organisation=staff.organisation, staff=members, on=on, filters=filters
            )
        except NoPolicyError:
            context["no_policy"] = True
        else:
            response = _export(
                request,
                page=page,
                organisation=staff.organisation,
                title=title,
                list_name=list_name,
                filters={**asdict(filters), "as_of": on},
            )
            if response:
                return response
            context["page"] = page
            context["people"] = _shown(request, page.people, "people_page")
            context["cases"] = _shown(request, page.cases, "cases_page")
    return render(request, "compliance/compliance.html", context)


@login_required
def supervisees(request: HttpRequest) -> HttpResponse:
    staff = _staff_with(request, SUPERVISING_ROLES)
    on = _as_of(request)
    supervisees = people.supervisee_ids(staff=staff, on=on)
    by_team: dict[int, set[int]] = {}
    for team, members in people.team_members(
        teams=Team.objects.filter(memberships__staff__in=supervisees).distinct(), on=on
    ).items():
        by_team[team] = members & supervisees
    teams = list(Team.objects.filter(pk__in=by_team).order_by("name"))
    return _page(
        request,
        staff=staff,
        # Someone in no team on the day still counts under "all teams".
        scope=lambda team: by_team.get(team.pk, set()) if team else supervisees,
        teams=teams,
        on=on,
        title=_("My supervisees: supervision due and overdue"),
        all_teams=True,
        list_name="compliance:supervisees",
        empty=_("Nobody is in supervision with you on this day."),
    )


@login_required
def teams(request: HttpRequest) -> HttpResponse:
    staff = _staff_with(request, TEAM_VIEWING_ROLES)
    on = _as_of(request)
    scope = team_scope(roles_of(request.user))
    teams = list(people.visible_teams(staff=staff, on=on, scope=scope).order_by("name"))
    return _page(
        request,
        staff=staff,
        # Only the team shown is read: a senior manager's organisation may be 30,000 staff.
        scope=lambda team: set().union(
            set(), *people.team_members(teams=[team] if team else teams, on=on).values()
        ),
        teams=teams,
        on=on,
        title=_("Teams: supervision due and overdue"),
        all_teams=len(teams) <= ALL_TEAMS_LIMIT,
        list_name="compliance:teams",
        empty=_("No teams to show."),
    )
