"""The door of the calendar feed, which calendar apps open without signing
in: the secret in its address is the only key. It is looked up by its
SHA-256 hash, so the comparison is the database's equality on a hash of
the secret (the time it takes says nothing about the secret itself), and
every way of not being a working feed answers the same 404."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.http import Http404

from supervisiondesk.calendars.models import CalendarFeed
from supervisiondesk.calendars.services import token_hash
from supervisiondesk.people.models import StaffMember
from supervisiondesk.supervision.services.common import organisation_today

# What `secrets.token_urlsafe` makes; anything else is not looked up.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,100}")


@dataclass(frozen=True)
class FeedOwner:
    feed: CalendarFeed
    staff: StaffMember


def feed_owner(token: str) -> FeedOwner:
    """The working feed of this secret and its owner's staff record, or 404:
    unknown or stopped address, a departed login (inactive, or no longer in
    post) or a login without a staff record."""
    if not TOKEN_SHAPE.fullmatch(token):
        raise Http404
    feed = (
        CalendarFeed.objects.select_related("user", "user__staff_member__organisation")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    staff = getattr(feed.user, "staff_member", None) if feed else None
    if feed is None or staff is None:
        raise Http404
    if staff.end_date is not None and staff.end_date < organisation_today(staff.organisation):
        raise Http404
    return FeedOwner(feed=feed, staff=staff)
