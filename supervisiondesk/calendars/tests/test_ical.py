"""`calendars.ical` on plain data, without the database: time zones (a
clock change in Europe/London included), all-day events, cancellations,
what an event holds and what it never holds."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from icalendar import Calendar

from supervisiondesk.calendars.ical import (
    DEFAULT_MINUTES,
    SessionSlot,
    calendar_of,
    names_joined,
    session_events,
    times_of,
)

LONDON = ZoneInfo("Europe/London")
STAMP = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

SLOT = SessionSlot(
    pk=7,
    kind="individual_formal",
    status="planned",
    date=date(2025, 6, 10),
    start_time=time(10, 0),
    planned_minutes=90,
    mode="in_person",
    place="Room 4, Civic Centre",
    video_link="",
    supervisor="Sam Supervisor",
    supervisees=("Pat Practitioner",),
    group="",
    url="https://desk.example/supervision/sessions/7/",
    sequence=0,
    changed_at=datetime(2025, 5, 1, 8, 30, tzinfo=UTC),
)


def only_event(slot: SessionSlot, time_zone: str = "Europe/London", **kwargs):
    [event] = session_events([slot], time_zone=time_zone, **kwargs)
    return event


def test_a_timed_session_carries_the_organisations_zone() -> None:
    event = only_event(SLOT)
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == datetime(2025, 6, 10, 10, 0, tzinfo=LONDON)
    assert end - start == timedelta(minutes=90)
    text = event.to_ical().decode()
    assert "DTSTART;TZID=Europe/London:20250610T100000" in text
    assert "DTEND;TZID=Europe/London:20250610T113000" in text
    assert str(event["uid"]) == "session-7@supervisiondesk"
    assert event["status"] == "CONFIRMED"
    assert event["sequence"] == 0


def test_another_zone_is_written_as_that_zone() -> None:
    event = only_event(SLOT, time_zone="America/Bogota")
    assert "DTSTART;TZID=America/Bogota:20250610T100000" in event.to_ical().decode()
    assert event.decoded("dtstart").utcoffset() == timedelta(hours=-5)


@pytest.mark.parametrize(
    "start,minutes,wall_start,wall_end,utc_start",
    [
        # Spring forward, 30 March 2025: 01:00 GMT becomes 02:00 BST. A
        # session from 00:30 for 90 minutes ends at 03:00 BST, 90 real minutes.
        (time(0, 30), 90, "20250330T003000", "20250330T030000", datetime(2025, 3, 30, 0, 30)),
        # 01:30 does not exist that day: read with the offset before the gap
        # (RFC 5545), so it is 02:30 BST, and written so.
        (time(1, 30), 60, "20250330T023000", "20250330T033000", datetime(2025, 3, 30, 1, 30)),
        # After the change, a morning session is in BST (UTC+1).
        (time(10, 0), 60, "20250330T100000", "20250330T110000", datetime(2025, 3, 30, 9, 0)),
    ],
)
def test_the_day_the_clocks_go_forward(start, minutes, wall_start, wall_end, utc_start) -> None:
    slot = replace(SLOT, date=date(2025, 3, 30), start_time=start, planned_minutes=minutes)
    event = only_event(slot)
    text = event.to_ical().decode()
    assert f"DTSTART;TZID=Europe/London:{wall_start}" in text
    assert f"DTEND;TZID=Europe/London:{wall_end}" in text
    begin, end = event.decoded("dtstart"), event.decoded("dtend")
    assert begin.astimezone(UTC) == utc_start.replace(tzinfo=UTC)
    assert end.astimezone(UTC) - begin.astimezone(UTC) == timedelta(minutes=minutes)


def test_the_day_the_clocks_go_back_keeps_the_real_length() -> None:
    # 26 October 2025: 02:00 BST becomes 01:00 GMT. 00:30 BST + 120 minutes
    # is 01:30 GMT (the second 01:30), not 02:30.
    slot = replace(SLOT, date=date(2025, 10, 26), start_time=time(0, 30), planned_minutes=120)
    begin, end = times_of(slot, LONDON)
    assert end.astimezone(UTC) - begin.astimezone(UTC) == timedelta(minutes=120)
    assert end.astimezone(UTC) == datetime(2025, 10, 26, 1, 30, tzinfo=UTC)


def test_a_session_without_a_start_time_is_an_all_day_event() -> None:
    event = only_event(replace(SLOT, start_time=None))
    assert event.decoded("dtstart") == date(2025, 6, 10)
    assert event.decoded("dtend") == date(2025, 6, 11)
    assert event["transp"] == "TRANSPARENT"  # marks the day, does not block it
    assert "DTSTART;VALUE=DATE:20250610" in event.to_ical().decode()


def test_a_start_time_without_a_length_takes_the_default() -> None:
    event = only_event(replace(SLOT, planned_minutes=None))
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=DEFAULT_MINUTES)


@pytest.mark.parametrize(
    "status,expected,transp",
    [
        ("planned", "CONFIRMED", "OPAQUE"),
        ("held", "CONFIRMED", "OPAQUE"),
        ("cancelled", "CANCELLED", "TRANSPARENT"),
        ("postponed", "CANCELLED", "TRANSPARENT"),
    ],
)
def test_cancelled_and_postponed_sessions_are_cancelled_events(status, expected, transp) -> None:
    event = only_event(replace(SLOT, status=status, sequence=2))
    assert event["status"] == expected
    assert event["transp"] == transp
    assert event["sequence"] == 2


@pytest.mark.parametrize(
    "kind,supervisees,group,summary",
    [
        ("individual_formal", ("Pat",), "", "Supervision: Sam Supervisor and Pat"),
        ("individual_informal", ("Pat",), "", "Informal supervision: Sam Supervisor and Pat"),
        ("peer", ("Ann", "Bo"), "", "Peer supervision: Sam Supervisor, Ann and Bo"),
        ("group", ("Ann", "Bo"), "Reflective group", "Group supervision: Reflective group"),
        ("group", ("Ann",), "", "Group supervision"),
    ],
)
def test_the_summary_names_the_people_or_the_group(kind, supervisees, group, summary) -> None:
    event = only_event(replace(SLOT, kind=kind, supervisees=supervisees, group=group))
    assert event["summary"] == summary


@pytest.mark.parametrize(
    "names,joined",
    [
        ([], ""),
        (["A"], "A"),
        (["A", "B"], "A and B"),
        (["A", "B", "C"], "A, B and C"),
        (["A", ""], "A"),
    ],
)
def test_names_are_joined_as_a_sentence(names, joined) -> None:
    with translation.override("en"):
        assert names_joined(names) == joined


@pytest.mark.parametrize(
    "mode,place,link,location",
    [
        ("in_person", "Room 4", "", "Room 4"),
        ("video", "", "https://meet.example/abc", "https://meet.example/abc"),
        ("video", "Room 4", "https://meet.example/abc", "Room 4 · https://meet.example/abc"),
        ("phone", "", "", "Phone call"),
        ("video", "", "", "Video call"),
    ],
)
def test_the_location_is_the_place_or_the_video_link(mode, place, link, location) -> None:
    event = only_event(replace(SLOT, mode=mode, place=place, video_link=link))
    assert event["location"] == location


def test_in_person_without_a_place_has_no_location() -> None:
    assert "location" not in only_event(replace(SLOT, place=""))


def test_dtstamp_is_the_last_change_or_the_given_stamp() -> None:
    assert only_event(SLOT).decoded("dtstamp") == SLOT.changed_at
    assert only_event(SLOT, stamp=STAMP).decoded("dtstamp") == STAMP
    assert only_event(SLOT).decoded("last-modified") == SLOT.changed_at
    undated = only_event(replace(SLOT, changed_at=None))
    assert abs(undated.decoded("dtstamp") - datetime.now(UTC)) < timedelta(minutes=1)


def test_an_event_holds_only_what_a_diary_needs() -> None:
    event = only_event(SLOT)
    assert set(event.keys()) == {
        "UID",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "SEQUENCE",
        "SUMMARY",
        "LOCATION",
        "URL",
        "DESCRIPTION",
        "STATUS",
        "TRANSP",
        "CLASS",
        "LAST-MODIFIED",
    }
    assert event["class"] == "PRIVATE"
    assert str(event["url"]) == SLOT.url
    assert str(event["description"]) == f"Open the session in Supervision Desk: {SLOT.url}"


def test_a_whole_calendar_parses_back_with_its_zone() -> None:
    slots = [SLOT, replace(SLOT, pk=8, start_time=None), replace(SLOT, pk=9, status="cancelled")]
    body = calendar_of(slots, time_zone="Europe/London", name="Supervision Desk").to_ical()
    calendar = Calendar.from_ical(body)
    assert calendar["version"] == "2.0"
    assert calendar["x-wr-calname"] == "Supervision Desk"
    assert "method" not in calendar  # a subscribed feed
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert calendar.get_missing_tzids() == set()
    events = calendar.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [f"session-{n}@supervisiondesk" for n in (7, 8, 9)]
    for event in events:
        assert {"UID", "DTSTAMP", "DTSTART"} <= set(event.keys())
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in body


def test_an_invitation_is_published_and_an_empty_feed_still_names_its_zone() -> None:
    invitation = calendar_of([SLOT], time_zone="Europe/London", method="PUBLISH")
    assert invitation["method"] == "PUBLISH"
    assert "x-wr-calname" not in invitation
    assert b"REFRESH-INTERVAL" not in invitation.to_ical()
    empty = Calendar.from_ical(
        calendar_of([], time_zone="Africa/Kampala", name="x", today=date(2025, 1, 1)).to_ical()
    )
    assert [tz["tzid"] for tz in empty.walk("VTIMEZONE")] == ["Africa/Kampala"]
    assert empty.walk("VEVENT") == []
