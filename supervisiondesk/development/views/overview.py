"""My development, a supervisee's development, and the list of people whose
development a user follows."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from supervisiondesk.development import access, selectors
from supervisiondesk.development.views.common import own_staff
from supervisiondesk.privacy.development_rules import Record, development_workers


def _render(request: HttpRequest, person: access.Person, extra: dict) -> HttpResponse:
    data = selectors.overview(user=request.user, person=person)
    if data.goals:
        # The goals are the plan's content: a read of the plan.
        access.learning_plan_shown(request.user, person)
    return render(
        request,
        "development/overview.html",
        {"data": data, "person": person, "worker": person.staff, "Record": Record, **extra},
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    staff = own_staff(request)
    person = access.person_for(request.user, staff.pk)
    follows = development_workers(request.user).exclude(pk=staff.pk).exists()
    return _render(
        request,
        person,
        {
            "is_mine": True,
            "observations_made": selectors.observations_made(user=request.user),
            "follows_people": follows,
        },
    )


@login_required
def person(request: HttpRequest, staff_pk: int) -> HttpResponse:
    staff = own_staff(request)
    found = access.person_for(request.user, staff_pk)
    return _render(request, found, {"is_mine": found.staff.pk == staff.pk})


@login_required
def people(request: HttpRequest) -> HttpResponse:
    own_staff(request)
    page = selectors.people(user=request.user, page=request.GET.get("page"))
    return render(request, "development/people.html", {"page": page})
