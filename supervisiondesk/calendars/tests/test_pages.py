"""The feed page (the address shown once, renewed, stopped), one session
as an .ics invitation, and the link on the session page. Who may open
each is in matrix_rows.py (the authorization matrix)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from supervisiondesk.calendars.models import CalendarFeed
from supervisiondesk.calendars.services import token_hash
from supervisiondesk.calendars.tests.helpers import one_to_one, uid
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry, Channel
from supervisiondesk.supervision.services.sessions import session_cancel

pytestmark = pytest.mark.django_db

ADDRESS = re.compile(r"http://testserver/calendar/feed/([A-Za-z0-9_-]+)\.ics")


def signed_in(world, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def test_the_address_is_shown_once_then_renewed_and_stopped(world) -> None:
    client = signed_in(world, "practitioner")
    page = client.get(reverse("calendars:feed")).content.decode()
    assert "You have no feed address." in page and not ADDRESS.search(page)
    assert page.count("Make a feed address") == 1

    response = client.post(reverse("calendars:feed_new"), follow=True)
    page = response.content.decode()
    [first] = ADDRESS.findall(page)
    assert "This is the only time the whole address is shown" in page
    assert response["Cache-Control"] == "private, no-store"
    feed = CalendarFeed.objects.get(user=world.users["practitioner"], revoked_at__isnull=True)
    assert feed.token_hash == token_hash(first)
    assert Client().get(f"/calendar/feed/{first}.ics").status_code == 200

    # Shown once: the next visit says a feed exists and when it was fetched.
    page = client.get(reverse("calendars:feed")).content.decode()
    assert not ADDRESS.search(page) and first not in page
    assert "Last fetched by a calendar" in page and "Make a new address" in page

    [second] = ADDRESS.findall(client.post(reverse("calendars:feed_new"), follow=True).text)
    assert second != first
    assert Client().get(f"/calendar/feed/{first}.ics").status_code == 404
    assert Client().get(f"/calendar/feed/{second}.ics").status_code == 200

    page = client.post(reverse("calendars:feed_stop"), follow=True).content.decode()
    assert "The feed is stopped" in page and "You have no feed address." in page
    assert Client().get(f"/calendar/feed/{second}.ics").status_code == 404
    assert not CalendarFeed.objects.filter(revoked_at__isnull=True).exists()


def test_writes_are_post_only(world) -> None:
    client = signed_in(world, "practitioner")
    for name in ("calendars:feed_new", "calendars:feed_stop"):
        assert client.get(reverse(name)).status_code == 405
    assert not CalendarFeed.objects.exists()


def test_writes_need_the_csrf_token(world) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["practitioner"])
    assert client.post(reverse("calendars:feed_new")).status_code == 403
    assert not CalendarFeed.objects.exists()


def test_one_session_downloads_as_a_published_invitation(world) -> None:
    session = one_to_one(world, 3, place="Room 4")
    client = signed_in(world, "practitioner")
    response = client.get(reverse("calendars:session_ics", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="supervision-{session.date.isoformat()}-{session.pk}.ics"'
    )
    calendar = Calendar.from_ical(response.content)
    assert calendar["method"] == "PUBLISH"
    [event] = calendar.walk("VEVENT")
    assert str(event["uid"]) == uid(session)
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert "ORGANIZER" not in event and "ATTENDEE" not in event
    # Read through supervision.access: a read on the download channel.
    entry = AccessLogEntry.objects.get(
        user_id=world.users["practitioner"].pk, object_type="session", object_id=str(session.pk)
    )
    assert (entry.event, entry.channel) == (AccessEvent.READ, Channel.DOWNLOAD)
    assert entry.subject_ids == [world.staff["supervisor"].pk]


def test_a_session_not_yours_is_404_and_the_attempt_logged(world) -> None:
    session = one_to_one(world, 3, supervisor="manager", supervisee="supervisor")
    client = signed_in(world, "practitioner")
    assert client.get(reverse("calendars:session_ics", args=[session.pk])).status_code == 404
    assert AccessLogEntry.objects.filter(
        event=AccessEvent.DENIED, user_id=world.users["practitioner"].pk, object_id=str(session.pk)
    ).exists()


@pytest.mark.parametrize(
    "who,status,shown",
    [
        ("practitioner", "planned", True),
        ("supervisor", "planned", True),
        ("manager", "planned", False),  # reads the record, is not in the session
        ("practitioner", "cancelled", False),
    ],
)
def test_the_session_page_offers_the_invitation(world, who, status, shown) -> None:
    session = one_to_one(world, 3)
    if status == "cancelled":
        session_cancel(session=session, status=status, reason="Ill", by=world.users["supervisor"])
    page = signed_in(world, who).get(reverse("supervision:session", args=[session.pk]))
    assert page.status_code == 200
    link = reverse("calendars:session_ics", args=[session.pk])
    assert (link in page.content.decode()) is shown
    assert ("Add to calendar (.ics)" in page.content.decode()) is shown
