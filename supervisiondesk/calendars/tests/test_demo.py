"""The demo hook: the demo practitioner has a working feed, once."""

from __future__ import annotations

import pytest

from supervisiondesk.calendars.demo import seed_calendar_feeds
from supervisiondesk.calendars.models import CalendarFeed
from supervisiondesk.supervision.services.common import organisation_today


@pytest.mark.django_db
def test_the_demo_practitioner_has_a_fetched_feed_once(world) -> None:
    org = world.organisation
    today = organisation_today(org)
    assert seed_calendar_feeds(organisation=org, today=today) == 1
    assert seed_calendar_feeds(organisation=org, today=today) == 0  # again: nothing new
    feed = CalendarFeed.objects.get()
    assert feed.user == world.users["practitioner"] and feed.is_active
    assert feed.created_at < feed.last_fetched_at
    # Not the other organisation's logins.
    assert seed_calendar_feeds(organisation=world.other_organisation, today=today) == 0
