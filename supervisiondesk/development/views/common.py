"""What the development pages share."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest

from supervisiondesk.people.models import StaffMember
from supervisiondesk.privacy.rules import viewer_of


def own_staff(request: HttpRequest) -> StaffMember:
    """The user's staff record; accounts without one have no development
    pages (404, as for a page that is not there)."""
    staff = viewer_of(request.user).staff
    if staff is None:
        raise Http404
    return staff


def pk_param(request: HttpRequest, name: str) -> int | None:
    """An id from the query string; a malformed one is not there (404)."""
    value = request.GET.get(name)
    if value in (None, ""):
        return None
    if not value.isdigit():
        raise Http404
    return int(value)


def form_errors(form: BaseForm, error: ValidationError) -> None:
    """A service's refusal beside the field it is about, or above the form
    (as quality.views.common.form_errors)."""
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(name if name in form.fields else None, problem)
    else:
        for problem in error.messages:
            form.add_error(None, problem)
