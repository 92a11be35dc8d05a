"""What the quality pages share."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404, HttpRequest

# One implementation for every app: re-exported for this app's views.
from supervisiondesk.forms import form_errors as form_errors
from supervisiondesk.people.models import StaffMember
from supervisiondesk.privacy import rules


def staff_with_role(request: HttpRequest, roles: Iterable[str] | None = None) -> StaffMember:
    """The user's staff record if they hold one of `roles` (any role when
    None); otherwise 404, as for a page that is not there."""
    viewer = rules.viewer_of(request.user)
    if viewer.staff is None or (roles is not None and not viewer.roles & set(roles)):
        raise Http404
    return viewer.staff
