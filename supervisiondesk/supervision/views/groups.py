"""Pages: supervision groups. My groups (and a new one, for those who
facilitate), and a group's page: its members and its schedule, which cases
are brought to which session, where the facilitator plans the next one.
A group session's own pages are in views.group_sessions."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervisiondesk.reports import exports
from supervisiondesk.supervision import access, columns, group_selectors
from supervisiondesk.supervision.choices import SessionKind
from supervisiondesk.supervision.forms import groups as forms
from supervisiondesk.supervision.models import SupervisionGroup
from supervisiondesk.supervision.services import groups as services
from supervisiondesk.supervision.services.common import organisation_today
from supervisiondesk.supervision.services.sessions import session_plan
from supervisiondesk.supervision.views.common import form_errors

# Southwark Standard 1 protects 90 minutes for supervision; a group of
# several cases needs at least that.
PLANNED_MINUTES = 90


@login_required
def groups(request: HttpRequest) -> HttpResponse:
    """My groups; supervisors and managers also create one here (POST)."""
    staff = access.staff_of(request.user)
    today = organisation_today(staff.organisation)
    if exports.requested(request):
        return exports.answer(
            request,
            list_name="supervision:groups",
            title=_("Supervision groups"),
            columns=columns.GROUP_COLUMNS,
            rows=group_selectors.groups_of(user=request.user, today=today),
            subjects=columns.group_subjects,
        )
    may_create = services.may_facilitate(request.user)
    form = None
    if may_create:
        form = forms.GroupForm(
            request.POST if request.method == "POST" else None,
            teams=group_selectors.group_teams(organisation=staff.organisation, today=today),
            people=group_selectors.member_candidates(facilitator=staff, today=today),
        )
    elif request.method == "POST":
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(
                organisation=staff.organisation,
                name=form.cleaned_data["name"],
                facilitator=staff,
                members=form.cleaned_data["members"],
                team=form.cleaned_data["team"],
                by=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(
                request, _("Group %(name)s created: plan its first session.") % {"name": group.name}
            )
            return redirect("supervision:group", pk=group.pk)
    context = {
        "lines": group_selectors.groups_of(user=request.user, today=today),
        "form": form,
        "today": today,
    }
    return render(request, "supervision/groups/groups.html", context)


def _group_context(request: HttpRequest, group: SupervisionGroup, **bound) -> dict:
    staff = access.staff_of(request.user)
    today = organisation_today(group.organisation)
    schedule = group_selectors.group_schedule(group=group, user=request.user, today=today)
    facilitates = group.facilitator_id == staff.pk
    context = {
        "group": group,
        "schedule": schedule,
        "facilitates": facilitates,
        "today": today,
    }
    if facilitates:
        context["plan_form"] = bound.get("plan_form") or forms.GroupPlanForm(
            initial={"date": today + timedelta(days=14), "planned_minutes": PLANNED_MINUTES}
        )
        context["members_form"] = bound.get("members_form") or forms.MembersForm(
            people=_candidates(group, today), initial={"members": schedule.members}
        )
    return context


def _candidates(group: SupervisionGroup, today):
    return group_selectors.member_candidates(
        facilitator=group.facilitator,
        today=today,
        current=group.members.values_list("pk", flat=True),
    )


@login_required
def group(request: HttpRequest, pk: int) -> HttpResponse:
    group = access.group_for(request.user, pk)
    return render(request, "supervision/groups/group.html", _group_context(request, group))


@require_POST
@login_required
def group_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The facilitator plans a session: services.sessions.session_plan makes
    its attendees from the members, its sections, and brings open actions
    forward."""
    group = access.group_for(request.user, pk, edit=True)
    staff = access.staff_of(request.user)
    if group.facilitator_id != staff.pk:
        raise Http404  # members see no planning form (session_plan refuses them too)
    form = forms.GroupPlanForm(request.POST)
    if form.is_valid():
        try:
            session = session_plan(
                kind=SessionKind.GROUP,
                group=group,
                supervisor=staff,
                by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(
                request,
                _("Session planned for %(date)s. Members can now bring cases to it.")
                % {"date": session.date.isoformat()},
            )
            return redirect("supervision:group_session", pk=session.pk)
    context = _group_context(request, group, plan_form=form)
    return render(request, "supervision/groups/group.html", context)


@require_POST
@login_required
def group_members(request: HttpRequest, pk: int) -> HttpResponse:
    group = access.group_for(request.user, pk, edit=True)
    if group.facilitator_id != access.staff_of(request.user).pk:
        raise Http404  # members see no such form (group_members_set refuses them too)
    today = organisation_today(group.organisation)
    form = forms.MembersForm(request.POST, people=_candidates(group, today))
    if form.is_valid():
        try:
            services.group_members_set(
                group=group, members=form.cleaned_data["members"], by=request.user
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Members saved."))
            return redirect("supervision:group", pk=group.pk)
    context = _group_context(request, group, members_form=form)
    return render(request, "supervision/groups/group.html", context)
