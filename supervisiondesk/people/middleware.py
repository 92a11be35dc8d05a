"""Puts the signed-in user's staff record and organisation on the request
and activates the organisation's time zone, so every date shown is local."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone


class OrganisationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.staff_member = None
        request.organisation = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from supervisiondesk.people.models import StaffMember

            staff = StaffMember.objects.select_related("organisation").filter(user=user).first()
            # The access rules (privacy.rules.viewer_of) read it from the user.
            user._supervisiondesk_staff = staff
            if staff is not None:
                request.staff_member = staff
                request.organisation = staff.organisation
                timezone.activate(ZoneInfo(staff.organisation.time_zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
