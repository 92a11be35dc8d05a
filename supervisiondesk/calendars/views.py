"""The calendar pages: a user's feed page (make, renew, stop the address),
the feed itself (no sign-in: calendar apps cannot sign in) and one session
as an .ics file."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from supervisiondesk.calendars import access, ical, selectors, services
from supervisiondesk.privacy.models import Channel
from supervisiondesk.supervision import access as supervision_access
from supervisiondesk.supervision.services.common import organisation_today

# The new address waits here between the POST that made it and the page
# that shows it once (the GET takes it out of the session).
NEW_TOKEN_KEY = "calendars_new_feed_token"
ICS = "text/calendar; charset=utf-8"


def _ics_response(body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type=ICS)
    # Personal data: no shared cache keeps it, no search engine lists it.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
def feed(request: HttpRequest) -> HttpResponse:
    supervision_access.staff_of(request.user)  # 404 for a login with no staff record
    current = selectors.active_feed(request.user)
    token = request.session.pop(NEW_TOKEN_KEY, None)
    address = ""
    if token and current and current.token_hash == services.token_hash(token):
        address = request.build_absolute_uri(reverse("calendars:ics", args=[token]))
    response = render(
        request,
        "calendars/feed.html",
        {"feed": current, "address": address, "past_days": selectors.PAST_DAYS},
    )
    # The page may hold the secret address: never kept by a browser's cache.
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def feed_new(request: HttpRequest) -> HttpResponse:
    """Make an address (revoking the old one, if any) and show it once."""
    supervision_access.staff_of(request.user)
    had = selectors.active_feed(request.user) is not None
    _feed, token = services.calendar_feed_create(
        user=request.user, language=translation.get_language()
    )
    request.session[NEW_TOKEN_KEY] = token
    if had:
        messages.success(request, _("New address made. The old address no longer works."))
    else:
        messages.success(request, _("Feed address made."))
    return redirect("calendars:feed")


@require_POST
@login_required
def feed_stop(request: HttpRequest) -> HttpResponse:
    supervision_access.staff_of(request.user)
    current = selectors.active_feed(request.user)
    if current is not None:
        services.calendar_feed_revoke(feed=current, by=request.user)
        messages.success(
            request,
            _("The feed is stopped. Calendars subscribed to it get no more updates."),
        )
    return redirect("calendars:feed")


@require_safe
def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The feed: the sessions of its owner from `PAST_DAYS` ago onwards.
    404 for an unknown or stopped address and a departed owner."""
    owner = access.feed_owner(token)
    organisation = owner.staff.organisation
    today = organisation_today(organisation)
    with translation.override(owner.feed.language or settings.LANGUAGE_CODE):
        slots = selectors.feed_slots(
            staff=owner.staff,
            since=today - timedelta(days=selectors.PAST_DAYS),
            url_of=request.build_absolute_uri,
        )
        calendar = ical.calendar_of(
            slots, time_zone=organisation.time_zone, name=_("Supervision Desk"), today=today
        )
        body = calendar.to_ical()
    services.calendar_feed_fetched(feed=owner.feed, organisation_id=organisation.pk)
    response = _ics_response(body)
    response["Content-Disposition"] = 'inline; filename="supervision.ics"'
    return response


@require_safe
@login_required
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One session as an invitation to import (METHOD:PUBLISH): read
    through the access rules and logged as a download."""
    session = supervision_access.session_for(request.user, pk, channel=Channel.DOWNLOAD)
    slot = selectors.session_slot(session, url_of=request.build_absolute_uri)
    calendar = ical.calendar_of(
        [slot],
        time_zone=session.organisation.time_zone,
        method="PUBLISH",
        stamp=timezone.now(),
    )
    response = _ics_response(calendar.to_ical())
    name = f"supervision-{session.date.isoformat()}-{session.pk}.ics"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
