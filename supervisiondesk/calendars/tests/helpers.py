"""Sessions for the calendar tests, planned through the services."""

from __future__ import annotations

from datetime import time, timedelta

from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from supervisiondesk.calendars.services import calendar_feed_create
from supervisiondesk.supervision.choices import SessionKind
from supervisiondesk.supervision.models import SupervisionSession
from supervisiondesk.supervision.services.common import organisation_today
from supervisiondesk.supervision.services.sessions import session_plan


def one_to_one(
    world,
    days: int,
    *,
    supervisor: str = "supervisor",
    supervisee: str = "practitioner",
    by: str | None = None,
    start: time | None = time(10, 0),
    minutes: int | None = 90,
    **kwargs,
) -> SupervisionSession:
    """A formal one-to-one `days` from the organisation's today."""
    staff = world.staff
    supervisor_staff = staff[supervisor]
    return session_plan(
        supervisor=supervisor_staff,
        supervisee=staff[supervisee],
        kind=SessionKind.INDIVIDUAL_FORMAL,
        date=organisation_today(supervisor_staff.organisation) + timedelta(days=days),
        start_time=start,
        planned_minutes=minutes,
        by=world.users[by or supervisor],
        **kwargs,
    )


def feed_url(world, who: str) -> str:
    _feed, token = calendar_feed_create(user=world.users[who])
    return reverse("calendars:ics", args=[token])


def fetch(url: str) -> Calendar:
    response = Client().get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def uids(calendar: Calendar) -> set[str]:
    return {str(e["uid"]) for e in calendar.walk("VEVENT")}


def uid(session: SupervisionSession) -> str:
    return f"session-{session.pk}@supervisiondesk"
