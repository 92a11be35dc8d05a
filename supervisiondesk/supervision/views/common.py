"""What the session and record pages share."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse

# One implementation for every app: re-exported for this app's views.
from supervisiondesk.forms import form_errors as form_errors
from supervisiondesk.people.models import Case, StaffMember, SupervisoryRelationship
from supervisiondesk.people.selectors import active_on
from supervisiondesk.supervision.models import SupervisionSession


def session_url(session: SupervisionSession) -> str:
    return reverse("supervision:session", args=[session.pk])


def attempt(request: HttpRequest, action: Callable[[], object], done: str) -> bool:
    """Run a service; its refusal becomes an error message on the page."""
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, done)
    return True


def supervisees_of(staff: StaffMember, day):
    return StaffMember.objects.filter(
        pk__in=SupervisoryRelationship.objects.filter(active_on(day), supervisor=staff).values(
            "supervisee"
        )
    ).order_by("name")


def cases_queryset(cases):
    return Case.objects.filter(pk__in=[c.pk for c in cases]).order_by("case_id")
