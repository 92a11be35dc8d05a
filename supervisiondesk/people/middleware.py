"""Puts the signed-in user's staff record and organisation on the request
and activates the organisation's time zone, so every date shown is local,
and the language the person reads (accounts.languages)."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from supervisiondesk.accounts.languages import language_for


class OrganisationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.staff_member = None
        request.organisation = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from supervisiondesk.people.models import StaffMember

            # The person's preferences in the same query (the language).
            staff = (
                StaffMember.objects.select_related("organisation", "user__preferences")
                .filter(user=user)
                .first()
            )
            # The access rules (privacy.rules.viewer_of) read it from the user.
            user._supervisiondesk_staff = staff
            if staff is not None:
                request.staff_member = staff
                request.organisation = staff.organisation
                timezone.activate(ZoneInfo(staff.organisation.time_zone))
            # After LocaleMiddleware, which sets Content-Language from this.
            language = language_for(
                staff.user if staff is not None else user,
                request.organisation,
                picked=request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
                fallback=translation.get_language(),
            )
            translation.activate(language)
            request.LANGUAGE_CODE = language
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
