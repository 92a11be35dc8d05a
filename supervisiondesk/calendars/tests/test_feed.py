"""The calendar feed: what it lists (the owner's sessions only, planned,
cancelled and held, from 60 days ago), what it never holds, its time zone,
its address (made, renewed, stopped), who gets 404, what each fetch
writes, and its queries (constant in the number of sessions)."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from supervisiondesk.calendars.models import CalendarFeed
from supervisiondesk.calendars.selectors import PAST_DAYS
from supervisiondesk.calendars.services import (
    calendar_feed_create,
    calendar_feed_revoke,
    token_hash,
)
from supervisiondesk.calendars.tests.helpers import feed_url, fetch, one_to_one, uid, uids
from supervisiondesk.people.models import StaffMember
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry, Channel
from supervisiondesk.supervision.choices import SessionKind
from supervisiondesk.supervision.services import records
from supervisiondesk.supervision.services.common import NotAllowed, organisation_today
from supervisiondesk.supervision.services.sessions import (
    agenda_item_add,
    session_cancel,
    session_change,
    session_plan,
)
from supervisiondesk.supervision.tests.test_groups import make_group, plan

pytestmark = pytest.mark.django_db

AGENDA_MARKER = "AGENDA-MARKER court report for the Smith children"
REASON_MARKER = "REASON-MARKER off sick with stress"
RECORD_MARKER = "RECORD-MARKER twelve cases, two in court"
FEED_QUERIES = 16


def other_organisations_session(world):
    other = world.other_organisation
    boss = StaffMember.objects.get(organisation=other, staff_id="boss")
    stranger = StaffMember.objects.get(organisation=other, staff_id="stranger")
    return session_plan(
        supervisor=boss,
        supervisee=stranger,
        kind=SessionKind.INDIVIDUAL_FORMAL,
        date=organisation_today(other) + timedelta(days=3),
        start_time=time(9, 0),
        planned_minutes=60,
        by=world.users["stranger_boss"],
    )


@pytest.fixture
def diary(world):
    """The practitioner's sessions (and others' that must not show)."""
    sessions = {
        "planned": one_to_one(world, 7, place="Room 4"),
        "all_day": one_to_one(world, 14, start=None),
        "cancelled": one_to_one(world, 21),
        "moved": one_to_one(world, 28),
        "held": one_to_one(world, -10),
        "edge": one_to_one(world, -PAST_DAYS),  # the first day still in the feed
        "too_old": one_to_one(world, -PAST_DAYS - 1),
        "group": plan(world, make_group(world), days_from_today=5),
        # The supervisor's own supervision with their manager: not the practitioner's.
        "others": one_to_one(world, 7, supervisor="manager", supervisee="supervisor"),
        "other_org": other_organisations_session(world),
    }
    practitioner, supervisor = world.users["practitioner"], world.users["supervisor"]
    session_cancel(
        session=sessions["cancelled"], status="cancelled", reason=REASON_MARKER, by=practitioner
    )
    moved = sessions["moved"]
    session_change(
        session=moved,
        by=supervisor,
        date=moved.date + timedelta(days=1),
        start_time=time(14, 0),
        planned_minutes=60,
        mode="video",
        place="",
        video_link="https://meet.example/abc",
    )
    agenda_item_add(
        session=sessions["planned"], section_key="workload", text=AGENDA_MARKER, by=practitioner
    )
    held = sessions["held"]
    records.record_save(
        session=held,
        expected_version=held.record_version,
        by=supervisor,
        sections={"workload": RECORD_MARKER},
        duration_minutes=90,
    )
    for session in sessions.values():
        session.refresh_from_db()
    return sessions


def test_the_feed_lists_exactly_the_owners_sessions(world, diary) -> None:
    calendar = fetch(feed_url(world, "practitioner"))
    mine = ("planned", "all_day", "cancelled", "moved", "held", "edge", "group")
    assert uids(calendar) == {uid(diary[name]) for name in mine}
    # The supervisor leads the same sessions (and facilitates the group),
    # and attends their own supervision with the manager.
    assert uids(fetch(feed_url(world, "supervisor"))) == {
        uid(diary[name]) for name in (*mine, "others")
    }
    # The other organisation's supervisor sees only theirs.
    assert uids(fetch(feed_url(world, "stranger_boss"))) == {uid(diary["other_org"])}


def test_every_event_is_valid_and_in_the_organisations_zone(world, diary) -> None:
    world.organisation.time_zone = "America/Bogota"
    world.organisation.save(update_fields=["time_zone"])
    calendar = fetch(feed_url(world, "practitioner"))
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["America/Bogota"]
    assert calendar["x-wr-timezone"] == "America/Bogota"
    assert "method" not in calendar
    events = calendar.walk("VEVENT")
    assert events
    for event in events:
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL"} <= set(event.keys())
        start = event["dtstart"]
        if start.params.get("VALUE") != "DATE":
            assert start.params["TZID"] == "America/Bogota"
            assert str(event.decoded("dtstart").tzinfo) == "America/Bogota"


def test_planned_cancelled_moved_and_held_sessions(world, diary) -> None:
    calendar = fetch(feed_url(world, "practitioner"))
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    planned = events[uid(diary["planned"])]
    assert planned["status"] == "CONFIRMED"
    assert planned["sequence"] == 0
    assert str(planned["summary"]) == "Supervision: Sam Supervisor and Pat Practitioner"
    assert str(planned["location"]) == "Room 4"
    assert str(planned["url"]) == "http://testserver" + reverse(
        "supervision:session", args=[diary["planned"].pk]
    )
    assert planned.decoded("dtend") - planned.decoded("dtstart") == timedelta(minutes=90)

    cancelled = events[uid(diary["cancelled"])]
    assert (cancelled["status"], cancelled["sequence"]) == ("CANCELLED", 1)

    moved = events[uid(diary["moved"])]
    assert moved["sequence"] == 1
    assert moved.decoded("dtstart").date() == diary["moved"].date
    assert moved.decoded("dtstart").time() == time(14, 0)
    assert str(moved["location"]) == "https://meet.example/abc"

    assert events[uid(diary["held"])]["status"] == "CONFIRMED"
    assert events[uid(diary["all_day"])].decoded("dtstart") == diary["all_day"].date
    group = events[uid(diary["group"])]
    assert str(group["summary"]) == "Group supervision: North reflective group"
    assert str(group["url"]).endswith(
        reverse("supervision:group_session", args=[diary["group"].pk])
    )


def test_the_feed_holds_no_record_content(world, diary) -> None:
    body = Client().get(feed_url(world, "practitioner")).content.decode()
    for marker in (AGENDA_MARKER, REASON_MARKER, RECORD_MARKER, "case-0", "case-1"):
        assert marker not in body


def test_each_fetch_is_noted_and_logged_once(world, diary) -> None:
    feed, token = calendar_feed_create(user=world.users["practitioner"])
    assert feed.last_fetched_at is None
    before = AccessLogEntry.objects.count()
    fetch(reverse("calendars:ics", args=[token]))
    feed.refresh_from_db()
    assert timezone.now() - feed.last_fetched_at < timedelta(minutes=1)
    [entry] = AccessLogEntry.objects.order_by("-pk")[: AccessLogEntry.objects.count() - before]
    assert (entry.event, entry.channel, entry.object_type) == (
        AccessEvent.EXPORTED,
        Channel.DOWNLOAD,
        "calendar_feed",
    )
    assert entry.object_id == str(feed.pk)
    assert entry.user_id == world.users["practitioner"].pk
    assert entry.organisation_id == world.organisation.pk


def test_a_new_address_revokes_the_old_one(world) -> None:
    user = world.users["practitioner"]
    first, old = calendar_feed_create(user=user)
    second, new = calendar_feed_create(user=user)
    first.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None
    assert CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).count() == 1
    assert Client().get(reverse("calendars:ics", args=[old])).status_code == 404
    assert Client().get(reverse("calendars:ics", args=[new])).status_code == 200
    # Only the hash is kept.
    assert second.token_hash == token_hash(new) and new not in second.token_hash

    calendar_feed_revoke(feed=second, by=user)
    assert Client().get(reverse("calendars:ics", args=[new])).status_code == 404


def test_only_its_owner_stops_a_feed(world) -> None:
    feed, token = calendar_feed_create(user=world.users["practitioner"])
    with pytest.raises(NotAllowed):
        calendar_feed_revoke(feed=feed, by=world.users["supervisor"])
    assert Client().get(reverse("calendars:ics", args=[token])).status_code == 200


@pytest.mark.parametrize(
    "token",
    ["unknown-but-well-shaped-token-0123456789", "short", "x" * 101, "bad!chars-0123456789abcd"],
)
def test_an_unknown_address_is_404_and_writes_nothing(world, token) -> None:
    before = AccessLogEntry.objects.count()
    assert Client().get(reverse("calendars:ics", args=[token])).status_code == 404
    assert AccessLogEntry.objects.count() == before


def departed_inactive(world) -> None:
    world.users["practitioner"].is_active = False
    world.users["practitioner"].save(update_fields=["is_active"])


def departed_left_post(world) -> None:
    staff = world.staff["practitioner"]
    staff.end_date = organisation_today(world.organisation) - timedelta(days=1)
    staff.save(update_fields=["end_date"])


def no_staff_record(world) -> None:
    staff = world.staff["practitioner"]
    staff.user = None
    staff.save(update_fields=["user"])


@pytest.mark.parametrize("departure", [departed_inactive, departed_left_post, no_staff_record])
def test_a_departed_owner_or_one_without_staff_record_gets_404(world, diary, departure) -> None:
    url = feed_url(world, "practitioner")
    assert Client().get(url).status_code == 200
    departure(world)
    assert Client().get(url).status_code == 404


def test_the_feed_is_in_the_language_it_was_made_in(world) -> None:
    client = Client()
    client.force_login(world.users["practitioner"])
    client.post(reverse("set_language"), {"language": "fr"})
    client.post(reverse("calendars:feed_new"))
    assert CalendarFeed.objects.get(user=world.users["practitioner"]).language == "fr"


def test_the_feeds_queries_do_not_grow_with_its_sessions(world, django_assert_num_queries) -> None:
    url = feed_url(world, "supervisor")
    one_to_one(world, 1)
    fetch(url)  # the first entry of the organisation's access log starts its chain
    with CaptureQueriesContext(connection) as few:
        fetch(url)
    # The feed with its owner and their staff record; the sessions; their
    # attendees; the feed's update (full_clean's checks, savepoints); the
    # access log's entry (its chain's head, savepoints).
    assert len(few.captured_queries) == FEED_QUERIES, [q["sql"] for q in few.captured_queries]
    group = make_group(world)
    for days in range(2, 12):
        one_to_one(world, days, start=None if days % 2 else time(9, 0))
        plan(world, group, days_from_today=days)
    with django_assert_num_queries(len(few.captured_queries)):
        calendar = fetch(url)
    assert len(calendar.walk("VEVENT")) == 21
