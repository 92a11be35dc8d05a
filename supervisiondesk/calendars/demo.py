"""The demo organisation's calendar feeds (`seed_calendar_feeds`, called by
`seed_demo` after the logins exist): the demo practitioner has subscribed
a calendar (a working address, fetched two hours ago), so their feed page
shows that state; the other logins have none and see the page's start.

The address's secret is not kept anywhere (only its hash), so nobody can
subscribe to it: the demo practitioner makes a new address to try it.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from supervisiondesk.calendars.models import CalendarFeed
from supervisiondesk.calendars.services import calendar_feed_create
from supervisiondesk.people.models import Organisation, StaffMember

SUBSCRIBED_LOGINS = ("practitioner",)


@transaction.atomic
def seed_calendar_feeds(*, organisation: Organisation, today: date) -> int:
    """Feeds for the demo logins that have one; returns how many were made.
    `today` is the demo's day; the times are the clock's, as a feed's are."""
    made = 0
    staff = StaffMember.objects.filter(
        organisation=organisation, user__username__in=SUBSCRIBED_LOGINS
    ).select_related("user")
    now = timezone.now()
    for member in staff:
        if CalendarFeed.objects.filter(user=member.user, revoked_at__isnull=True).exists():
            continue
        feed, _token = calendar_feed_create(user=member.user, language="en")
        # Data, like the rest of the demo: subscribed nine days ago, and the
        # calendar app has fetched it since.
        CalendarFeed.objects.filter(pk=feed.pk).update(
            created_at=now - timedelta(days=9), last_fetched_at=now - timedelta(hours=2)
        )
        made += 1
    return made
