"""Every write of the calendars app: making, revoking and fetching a feed."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from supervisiondesk.calendars.models import CalendarFeed
from supervisiondesk.privacy.models import AccessEvent, Channel
from supervisiondesk.privacy.services import access_log_add
from supervisiondesk.supervision.services.common import NotAllowed

# 32 random bytes: 43 URL-safe characters, far beyond guessing.
TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_revoke(*, feed: CalendarFeed, by: AbstractBaseUser) -> CalendarFeed:
    """Stop a feed: its address answers 404 from now on. Only its owner."""
    if feed.user_id != by.pk:
        raise NotAllowed(_("Only the owner of a calendar feed stops it."))
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.full_clean()
        feed.save(update_fields=["revoked_at"])
    return feed


@transaction.atomic
def calendar_feed_create(
    *, user: AbstractBaseUser, language: str | None = None
) -> tuple[CalendarFeed, str]:
    """A new feed address for `user`, revoking the one they had (a login has
    one working address at a time). Returns the feed and its secret, which
    is not kept: the caller shows it once."""
    for old in CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True):
        calendar_feed_revoke(feed=old, by=user)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    feed = CalendarFeed(
        user=user, token_hash=token_hash(token), language=(language or get_language() or "")[:10]
    )
    feed.full_clean()
    feed.save()
    return feed, token


@transaction.atomic
def calendar_feed_fetched(*, feed: CalendarFeed, organisation_id: int) -> CalendarFeed:
    """A calendar app fetched the feed: note when, and write it in the
    access log as an export by the feed's owner (it is their diary)."""
    feed.last_fetched_at = timezone.now()
    feed.full_clean()
    feed.save(update_fields=["last_fetched_at"])
    access_log_add(
        user=feed.user,
        event=AccessEvent.EXPORTED,
        channel=Channel.DOWNLOAD,
        organisation_id=organisation_id,
        object_type="calendar_feed",
        object_id=feed.pk,
    )
    return feed
