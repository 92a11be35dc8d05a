"""What the session and record pages share."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest
from django.urls import reverse

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


def form_errors(form: BaseForm, error: ValidationError) -> None:
    """A service's refusal beside the field it is about, or above the form.
    Every supervision page shows refusals through this."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            target = field if field in form.fields else None
            for problem in problems:
                form.add_error(target, problem)
    else:
        for problem in error.messages:
            form.add_error(None, problem)


def supervisees_of(staff: StaffMember, day):
    return StaffMember.objects.filter(
        pk__in=SupervisoryRelationship.objects.filter(active_on(day), supervisor=staff).values(
            "supervisee"
        )
    ).order_by("name")


def cases_queryset(cases):
    return Case.objects.filter(pk__in=[c.pk for c in cases]).order_by("case_id")
