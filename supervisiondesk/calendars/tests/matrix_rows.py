"""The calendars app's rows of the authorization matrix
(supervisiondesk/tests/test_authorization_matrix.py), and `build`, which
adds its records to the matrix scenario as `scenario.extra["calendars"]`:
a working feed address of the practitioner, a stopped one of the
supervisor, and a well-shaped address that was never made.

The feed itself has no sign-in (calendar apps cannot sign in): its secret
address is the key, so a working one answers 200 to whoever holds it,
signed in or not, and every other answers 404 to everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from supervisiondesk.calendars.services import calendar_feed_create, calendar_feed_revoke
from supervisiondesk.tests.matrix_scenario import Scenario
from supervisiondesk.tests.test_authorization_matrix import (
    EVERYONE,
    PARTIES,
    READ,
    WITH_STAFF,
    To,
    only,
    side_record,
)


@dataclass
class CalendarRecords:
    working: str  # the practitioner's feed secret
    stopped: str  # the supervisor's, stopped
    never_made: str


def build(scenario: Scenario) -> None:
    users = scenario.world.users
    _feed, working = calendar_feed_create(user=users["practitioner"])
    feed, stopped = calendar_feed_create(user=users["supervisor"])
    calendar_feed_revoke(feed=feed, by=users["supervisor"])
    scenario.extra["calendars"] = CalendarRecords(
        working=working, stopped=stopped, never_made="N0t-a-real-feed-address-0123456789abcdef"
    )


def feeds():
    def build_url(attr: str):
        return lambda name, s: reverse(name, args=[getattr(s.extra["calendars"], attr)])

    return {label: build_url(label) for label in ("working", "stopped", "never_made")}


def sessions():
    """Each side's one-to-one session, and the group's session of "mine"."""
    return side_record("session") | {
        "group": lambda name, s: reverse(name, args=[s.group_session.pk])
    }


ROWS: dict[str, dict] = {
    # Everyone with a staff record (config_only has none: 404).
    "calendars:feed": {"expect": only(*WITH_STAFF)},
    # POST only: made or stopped, back to the feed page.
    "calendars:feed_new": {
        "method": "POST",
        "expect": only(*WITH_STAFF, ok=To("calendars:feed")),
    },
    "calendars:feed_stop": {
        "method": "POST",
        "expect": only(*WITH_STAFF, ok=To("calendars:feed")),
    },
    "calendars:ics": {
        "urls": feeds(),
        "expect": {
            "working": only(*EVERYONE, anonymous=200),
            "stopped": only(anonymous=404),
            "never_made": only(anonymous=404),
        },
    },
    # Whoever may read the session (supervision.access.session_for): the
    # same readers as its page. The group's session: its people, the
    # facilitator's line manager, the service's senior manager, and the
    # director, whose need-to-know access names a member (colleague).
    "calendars:session_ics": {
        "urls": sessions(),
        "expect": READ | {"group": only(*PARTIES, "manager", "senior", "director")},
    },
}
