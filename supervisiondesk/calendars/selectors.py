"""Reads for the calendar pages: a user's feed, and the sessions of a staff
member as plain `SessionSlot`s for `ical` (in a fixed number of queries)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse

from supervisiondesk.calendars.ical import CANCELLED_STATUSES, SessionSlot
from supervisiondesk.calendars.models import CalendarFeed
from supervisiondesk.people.models import StaffMember
from supervisiondesk.supervision.choices import EventKind, SessionKind
from supervisiondesk.supervision.models import SessionAttendee, SupervisionSession

# The history entries that change a session in a diary: its date, time or
# place, or whether it happens. Their count is the event's SEQUENCE.
SCHEDULE_CHANGES = (EventKind.RESCHEDULED, EventKind.CANCELLED, EventKind.POSTPONED)
SCHEDULE_EVENTS = (EventKind.PLANNED, *SCHEDULE_CHANGES)
# Sessions from this many days ago stay in a feed, so last month's diary
# still shows them.
PAST_DAYS = 60

UrlOf = Callable[[str], str]  # a path -> the address calendar apps open


def active_feed(user: AbstractBaseUser) -> CalendarFeed | None:
    """The user's working feed address, if they have one."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def _sessions() -> QuerySet[SupervisionSession]:
    return (
        SupervisionSession.objects.select_related("supervisor", "group")
        .prefetch_related(
            Prefetch(
                "attendees",
                queryset=SessionAttendee.objects.select_related("staff").order_by("staff__name"),
            )
        )
        .annotate(
            schedule_changes=Count("events", filter=Q(events__kind__in=SCHEDULE_CHANGES)),
            schedule_changed_at=Max("events__at", filter=Q(events__kind__in=SCHEDULE_EVENTS)),
        )
    )


def session_path(session: SupervisionSession) -> str:
    if session.kind == SessionKind.GROUP:
        return reverse("supervision:group_session", args=[session.pk])
    return reverse("supervision:session", args=[session.pk])


def slot_of(session: SupervisionSession, *, url_of: UrlOf) -> SessionSlot:
    """A session read with `_sessions()`'s annotations, as plain data."""
    sequence = session.schedule_changes
    if session.status in CANCELLED_STATUSES:
        # A cancellation from a data folder has no history entry; it is
        # still a change a calendar must apply over the planned event.
        sequence = max(sequence, 1)
    return SessionSlot(
        pk=session.pk,
        kind=session.kind,
        status=session.status,
        date=session.date,
        start_time=session.start_time,
        planned_minutes=session.planned_minutes,
        mode=session.mode,
        place=session.place,
        video_link=session.video_link,
        supervisor=session.supervisor.name,
        supervisees=tuple(a.staff.name for a in session.attendees.all()),
        group=session.group.name if session.group else "",
        url=url_of(session_path(session)),
        sequence=sequence,
        changed_at=session.schedule_changed_at or session.created_at,
    )


def feed_slots(*, staff: StaffMember, since: date, url_of: UrlOf) -> list[SessionSlot]:
    """The sessions `staff` is a party to (supervisor or facilitator,
    supervisee or attendee), from `since` onwards, in their organisation:
    three queries whatever their number."""
    attended = SessionAttendee.objects.filter(session=OuterRef("pk"), staff=staff)
    sessions = (
        _sessions()
        .filter(Q(supervisor=staff) | Q(Exists(attended)))
        .filter(organisation_id=staff.organisation_id, date__gte=since)
        .order_by("date", "start_time", "pk")
    )
    return [slot_of(s, url_of=url_of) for s in sessions]


def session_slot(session: SupervisionSession, *, url_of: UrlOf) -> SessionSlot:
    """One session, already fetched through `supervision.access`."""
    return slot_of(_sessions().get(pk=session.pk), url_of=url_of)
