"""What the quality pages share."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest

from supervisiondesk.people.models import StaffMember
from supervisiondesk.privacy import rules


def staff_with_role(request: HttpRequest, roles: Iterable[str] | None = None) -> StaffMember:
    """The user's staff record if they hold one of `roles` (any role when
    None); otherwise 404, as for a page that is not there."""
    viewer = rules.viewer_of(request.user)
    if viewer.staff is None or (roles is not None and not viewer.roles & set(roles)):
        raise Http404
    return viewer.staff


def form_errors(form: BaseForm, error: ValidationError) -> None:
    """A service's refusal beside the field it is about, or above the form."""
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(name if name in form.fields else None, problem)
    else:
        for problem in error.messages:
            form.add_error(None, problem)
