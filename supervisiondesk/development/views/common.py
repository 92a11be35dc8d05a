"""What the development pages share."""

from __future__ import annotations

from django.http import Http404, HttpRequest

# One implementation for every app: re-exported for this app's views.
from supervisiondesk.forms import form_errors as form_errors
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
