"""Sessions as iCalendar events, from plain data (no database), so the
rules of time zones, all-day events and cancellations are tested alone.

Calendars are synced to third-party servers (Microsoft's, Google's), so an
event holds only what a diary needs: when, where, who, and a link to the
session page. Never the agenda, the cases, the notes or the reason a
session was cancelled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from supervisiondesk.supervision.choices import Mode, SessionKind, SessionStatus

PRODID = "-//Supervision Desk//Calendar//EN"
UID_DOMAIN = "supervisiondesk"
# A session with a start time but no planned length: an hour in the diary,
# rather than an event of no length that calendars draw as a line.
DEFAULT_MINUTES = 60
# How often subscribed calendars are asked to fetch again (Outlook reads
# this; Google Calendar keeps its own pace, several hours).
REFRESH = timedelta(hours=1)
CANCELLED_STATUSES = (SessionStatus.CANCELLED, SessionStatus.POSTPONED)


@dataclass(frozen=True)
class SessionSlot:
    """What a calendar may know of one session."""

    pk: int
    kind: str
    status: str
    date: date
    start_time: time | None
    planned_minutes: int | None
    mode: str
    place: str
    video_link: str
    supervisor: str
    supervisees: tuple[str, ...]
    group: str
    url: str
    # Grows each time the session was moved, cancelled or postponed.
    sequence: int = 0
    # When the session was last planned, moved, cancelled or postponed.
    changed_at: datetime | None = None


def uid_of(pk: int) -> str:
    return f"session-{pk}@{UID_DOMAIN}"


def names_joined(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C" in the active language."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def summary_of(slot: SessionSlot) -> str:
    people = names_joined([slot.supervisor, *slot.supervisees])
    if slot.kind == SessionKind.GROUP:
        if slot.group:
            return _("Group supervision: %(group)s") % {"group": slot.group}
        return _("Group supervision")
    if slot.kind == SessionKind.PEER:
        return _("Peer supervision: %(people)s") % {"people": people}
    if slot.kind == SessionKind.INDIVIDUAL_INFORMAL:
        return _("Informal supervision: %(people)s") % {"people": people}
    return _("Supervision: %(people)s") % {"people": people}


def location_of(slot: SessionSlot) -> str:
    """The place and the video link, or how it happens when neither is given."""
    parts = [p for p in (slot.place.strip(), slot.video_link.strip()) if p]
    if parts:
        return " · ".join(parts)
    if slot.mode == Mode.PHONE:
        return _("Phone call")
    if slot.mode == Mode.VIDEO:
        return _("Video call")
    return ""


def times_of(slot: SessionSlot, zone: ZoneInfo) -> tuple[date | datetime, date | datetime]:
    """DTSTART and DTEND: a day without a start time is an all-day event.

    The length is added in absolute time, so a session across a clock
    change lasts its planned minutes. A start time the clocks skip (01:30
    on the spring change in London) is read with the offset before the gap,
    as RFC 5545 says, and written as the time it then is (02:30)."""
    if slot.start_time is None:
        return slot.date, slot.date + timedelta(days=1)
    wall = datetime.combine(slot.date, slot.start_time, tzinfo=zone)
    start = wall.astimezone(UTC).astimezone(zone)
    minutes = slot.planned_minutes or DEFAULT_MINUTES
    end = (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(zone)
    return start, end


def session_events(
    slots: Iterable[SessionSlot], *, time_zone: str, stamp: datetime | None = None
) -> list[Event]:
    """One VEVENT per session, in the organisation's time zone.

    `stamp` is DTSTAMP for every event (an invitation: when it was made);
    without it each event's DTSTAMP is when the session last changed (a
    feed without METHOD, RFC 5545 3.8.7.2), or now if that is unknown."""
    zone = ZoneInfo(time_zone)
    now = datetime.now(UTC)
    events = []
    for slot in slots:
        start, end = times_of(slot, zone)
        event = Event()
        event.add("uid", uid_of(slot.pk))
        event.add("dtstamp", (stamp or slot.changed_at or now).astimezone(UTC))
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("sequence", slot.sequence)
        event.add("summary", summary_of(slot))
        location = location_of(slot)
        if location:
            event.add("location", location)
        event.add("url", slot.url)
        event.add(
            "description",
            _("Open the session in Supervision Desk: %(url)s") % {"url": slot.url},
        )
        cancelled = slot.status in CANCELLED_STATUSES
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        # Busy only for a timed session that happens: a cancelled one frees
        # the time, and a day without a start time marks the day without
        # blocking all of it. Shared calendars show only "busy" for a
        # private event.
        busy = not cancelled and slot.start_time is not None
        event.add("transp", "OPAQUE" if busy else "TRANSPARENT")
        event.add("class", "PRIVATE")
        if slot.changed_at is not None:
            event.add("last-modified", slot.changed_at.astimezone(UTC))
        events.append(event)
    return events


def calendar_of(
    slots: Sequence[SessionSlot],
    *,
    time_zone: str,
    name: str | None = None,
    method: str | None = None,
    stamp: datetime | None = None,
    today: date | None = None,
) -> Calendar:
    """A whole calendar: the organisation's VTIMEZONE (always, so an empty
    feed still names its zone) and the sessions' events. `method` is set
    for a single invitation (PUBLISH); a subscribed feed has none. `name`
    names a subscribed calendar; an invitation has none, so calendar apps
    add it to the user's own calendar rather than open a new one."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", time_zone)
    if method is None:
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", REFRESH)
    days = [slot.date for slot in slots] or [today or datetime.now(ZoneInfo(time_zone)).date()]
    # The zone's rules over the years the events span (and a year each side).
    calendar.add_component(
        Timezone.from_tzid(
            time_zone,
            first_date=date(min(days).year - 1, 1, 1),
            last_date=date(max(days).year + 2, 1, 1),
        )
    )
    for event in session_events(slots, time_zone=time_zone, stamp=stamp):
        calendar.add_component(event)
    return calendar
