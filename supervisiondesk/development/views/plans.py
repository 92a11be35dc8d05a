"""The learning plan: its goals, a goal's changes and its reviews."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervisiondesk.development import access, forms, selectors, services
from supervisiondesk.development.views.common import form_errors, own_staff
from supervisiondesk.privacy.development_rules import Record
from supervisiondesk.supervision.services.common import organisation_today


@login_required
def plan(request: HttpRequest, staff_pk: int) -> HttpResponse:
    """GET: the plan (its readers). POST: a new goal (its writers)."""
    own_staff(request)
    editing = request.method == "POST"
    person, found = access.learning_plan_for(request.user, staff_pk, edit=editing)
    form = None
    if person.writes(Record.LEARNING_PLAN):
        form = forms.NewGoalForm(request.POST or None)
        if editing and form.is_valid():
            try:
                services.learning_goal_add(
                    worker=person.staff,
                    title=form.cleaned_data["title"],
                    actions=form.cleaned_data["actions"],
                    target_on=form.cleaned_data["target_on"],
                    by=request.user,
                )
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(request, _("Goal added."))
                return redirect("development:plan", staff_pk=staff_pk)
    return render(
        request,
        "development/plan.html",
        {
            "person": person,
            "worker": person.staff,
            "plan": found,
            "goals": selectors.plan_goals(plan=found),
            "form": form,
            "today": organisation_today(person.staff.organisation),
        },
    )


def _goal_page(request, goal, *, form=None, review_form=None, status=200) -> HttpResponse:
    worker = goal.plan.worker
    today = organisation_today(worker.organisation)
    sessions = selectors.review_sessions(user=request.user, worker=worker)
    return render(
        request,
        "development/goal.html",
        {
            "goal": goal,
            "worker": worker,
            "reviews": goal.reviews.select_related("session", "by"),
            "form": form or forms.GoalForm(instance=goal),
            "review_form": review_form
            or forms.ReviewForm(sessions=sessions, initial={"reviewed_on": today}),
        },
        status=status,
    )


@login_required
def goal(request: HttpRequest, pk: int) -> HttpResponse:
    """A goal of a plan, for its writers to change (or mark completed) and
    review."""
    own_staff(request)
    found = access.goal_for(request.user, pk, edit=True)
    if request.method != "POST":
        return _goal_page(request, found)
    form = forms.GoalForm(request.POST, instance=found)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.learning_goal_change(
                goal=found,
                title=data["title"],
                actions=data["actions"],
                target_on=data["target_on"],
                completed_on=data["completed_on"],
                by=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Goal saved."))
            return redirect("development:plan", staff_pk=found.plan.worker_id)
    found.refresh_from_db()
    return _goal_page(request, found, form=form)


@login_required
@require_POST
def goal_review(request: HttpRequest, pk: int) -> HttpResponse:
    own_staff(request)
    found = access.goal_for(request.user, pk, edit=True)
    sessions = selectors.review_sessions(user=request.user, worker=found.plan.worker)
    form = forms.ReviewForm(request.POST, sessions=sessions)
    if form.is_valid():
        try:
            services.goal_review_add(
                goal=found,
                reviewed_on=form.cleaned_data["reviewed_on"],
                notes=form.cleaned_data["notes"],
                session=form.chosen_session(),
                by=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Review added."))
            return redirect("development:plan", staff_pk=found.plan.worker_id)
    return _goal_page(request, found, review_form=form)
