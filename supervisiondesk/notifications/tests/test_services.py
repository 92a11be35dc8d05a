"""Reminders made and emailed from the database, with a controlled clock:
once per cause and person however often the job runs, not before the
organisation's hour, not on days off unless urgent, one digest a day, a
resolved cause not emailed, and a crash that neither duplicates nor loses."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from supervisiondesk.notifications.choices import Delivery, EmailState, Kind
from supervisiondesk.notifications.models import Notification, Preference
from supervisiondesk.notifications.services import reminders_run
from supervisiondesk.people.tests.world import World
from supervisiondesk.supervision.models import Action, SessionAttendee, SupervisionSession

LONDON = ZoneInfo("Europe/London")
FRIDAY = date(2026, 11, 20)
MONDAY = date(2026, 11, 23)
PEOPLE = ("practitioner", "supervisor")


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def org(world: World) -> World:
    """Each person with an email address, hearing only of the kinds a test
    turns on (the engine finds everyone's supervision overdue here)."""
    for key, user in world.users.items():
        user.email = f"{key}@example.org"
        user.save(update_fields=["email"])
        Preference.objects.bulk_create(
            Preference(user=user, kind=kind, delivery=Delivery.OFF) for kind in Kind
        )
    return world


def hear(world: World, kind: str, delivery: str, who=PEOPLE) -> None:
    for key in who:
        Preference.objects.filter(user=world.users[key], kind=kind).update(delivery=delivery)


def session(world: World, day: date, n: int = 1) -> SupervisionSession:
    planned = SupervisionSession.objects.create(
        organisation=world.organisation,
        session_id=f"n-{n}",
        kind="individual_formal",
        status="planned",
        date=day,
        duration_minutes=90,
        supervisor=world.staff["supervisor"],
    )
    SessionAttendee.objects.create(session=planned, staff=world.staff["practitioner"])
    return planned


def action(world: World, due_on: date, n: int) -> Action:
    agreed = session(world, FRIDAY - timedelta(30), n=100 + n)
    agreed.status = "held"
    agreed.save(update_fields=["status"])
    return Action.objects.create(
        organisation=world.organisation,
        session=agreed,
        description=f"Action {n}",
        owner=world.staff["practitioner"],
        due_on=due_on,
        created_by=world.users["supervisor"],
    )


def sent_to(mailoutbox) -> list[tuple[str, str]]:
    return sorted((m.to[0], m.subject) for m in mailoutbox)


@pytest.mark.django_db
def test_each_reminder_once_however_often_the_job_runs(org, mailoutbox) -> None:
    hear(org, Kind.SESSION_TOMORROW, Delivery.EMAIL)
    session(org, MONDAY)
    for hour in (9, 10, 10, 17):
        reminders_run(organisation=org.organisation, now=at(FRIDAY, hour))
    reminders_run(organisation=org.organisation, now=at(FRIDAY + timedelta(1), 9))
    assert sorted(
        Notification.objects.values_list("recipient__username", "kind", "email_state")
    ) == [
        ("practitioner", "session_tomorrow", "sent"),
        ("supervisor", "session_tomorrow", "sent"),
    ]
    assert sent_to(mailoutbox) == [
        ("practitioner@example.org", "Supervision Desk: A session tomorrow"),
        ("supervisor@example.org", "Supervision Desk: A session tomorrow"),
    ]
    assert "/supervision/sessions/" in mailoutbox[0].body
    assert mailoutbox[0].alternatives[0].mimetype == "text/html"


@pytest.mark.django_db
def test_emails_wait_for_the_hour_and_a_resolved_cause_is_not_emailed(org, mailoutbox) -> None:
    hear(org, Kind.SESSION_TOMORROW, Delivery.EMAIL)
    planned = session(org, MONDAY)
    session(org, MONDAY, n=2)
    reminders_run(organisation=org.organisation, now=at(FRIDAY, 6))
    assert Notification.objects.filter(email_state=EmailState.PENDING).count() == 4
    assert mailoutbox == []
    planned.status = "cancelled"
    planned.save(update_fields=["status"])
    reminders_run(organisation=org.organisation, now=at(FRIDAY, 7))
    assert len(mailoutbox) == 2  # the other session's, to both
    dropped = Notification.objects.filter(cause__startswith=f"session:{planned.pk}:")
    assert {(n.email_state, n.resolved_at is not None) for n in dropped} == {
        (EmailState.DROPPED, True)
    }


@pytest.mark.django_db
def test_nothing_on_a_day_off_but_what_is_urgent(org, mailoutbox) -> None:
    hear(org, Kind.ACTION_OVERDUE, Delivery.EMAIL, who=["practitioner"])
    hear(org, Kind.SESSION_TOMORROW, Delivery.EMAIL)
    action(org, FRIDAY - timedelta(3), 1)
    saturday = FRIDAY + timedelta(1)
    session(org, saturday + timedelta(1))  # a Sunday session: urgent on Saturday
    reminders_run(organisation=org.organisation, now=at(saturday, 9))
    assert sorted(Notification.objects.values_list("kind", flat=True)) == [
        "session_tomorrow",
        "session_tomorrow",
    ]
    assert len(mailoutbox) == 2
    reminders_run(organisation=org.organisation, now=at(MONDAY, 9))
    assert Notification.objects.filter(kind=Kind.ACTION_OVERDUE).count() == 1
    assert len(mailoutbox) == 3
    assert (mailoutbox[2].to, mailoutbox[2].subject) == (
        ["practitioner@example.org"],
        "Supervision Desk: An action overdue",
    )


@pytest.mark.django_db
def test_one_digest_a_day(org, mailoutbox) -> None:
    hear(org, Kind.ACTION_DUE, Delivery.DIGEST, who=["practitioner"])
    action(org, MONDAY, 1)
    action(org, MONDAY + timedelta(1), 2)
    reminders_run(organisation=org.organisation, now=at(FRIDAY, 8))
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Supervision Desk: 2 reminders today"
    assert "Action 1" in mailoutbox[0].body and "Action 2" in mailoutbox[0].body
    # One more due: made now, emailed in the next working day's digest.
    action(org, MONDAY, 3)
    reminders_run(organisation=org.organisation, now=at(FRIDAY, 15))
    assert len(mailoutbox) == 1
    reminders_run(organisation=org.organisation, now=at(MONDAY, 8))
    assert len(mailoutbox) == 2
    assert "Action 3" in mailoutbox[1].body and "Action 1" not in mailoutbox[1].body


@pytest.mark.django_db
def test_in_the_app_only_and_not_at_all(org, mailoutbox) -> None:
    hear(org, Kind.SESSION_TOMORROW, Delivery.APP, who=["practitioner"])
    session(org, MONDAY)  # the supervisor hears nothing (off)
    reminders_run(organisation=org.organisation, now=at(FRIDAY, 9))
    assert list(Notification.objects.values_list("recipient__username", "email_state")) == [
        ("practitioner", "none")
    ]
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_failed_send_is_retried_and_a_crash_after_sending_never_repeats(org, mailoutbox) -> None:
    hear(org, Kind.SESSION_TOMORROW, Delivery.EMAIL)
    session(org, MONDAY)
    from django.core.mail import EmailMultiAlternatives

    real_send = EmailMultiAlternatives.send
    calls = []

    def refused_once(message, *args, **kwargs):
        calls.append(message.to[0])
        if len(calls) == 2:
            raise OSError("the mail server refused the connection")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(EmailMultiAlternatives, "send", refused_once):
        reminders_run(organisation=org.organisation, now=at(FRIDAY, 9))
    assert len(mailoutbox) == 1
    assert Notification.objects.filter(email_state=EmailState.PENDING).count() == 1
    # The next run sends the refused one, and only it.
    reminders_run(organisation=org.organisation, now=at(FRIDAY, 10))
    assert sorted(m.to[0] for m in mailoutbox) == [
        "practitioner@example.org",
        "supervisor@example.org",
    ]
    # A worker killed after handing an email over and before marking it
    # leaves it "sending": no later run sends it again.
    session(org, MONDAY, n=2)
    with (
        mock.patch(
            "supervisiondesk.notifications.services._mark_sent", side_effect=SystemExit("killed")
        ),
        pytest.raises(SystemExit),
    ):
        reminders_run(organisation=org.organisation, now=at(FRIDAY, 11))
    count = len(mailoutbox)
    reminders_run(organisation=org.organisation, now=at(FRIDAY, 12))
    reminders_run(organisation=org.organisation, now=at(FRIDAY, 13))
    assert len(mailoutbox) == count + 1  # the second person's, never the first again
    assert Notification.objects.filter(email_state=EmailState.SENDING).count() == 1


def test_the_weekly_digest_says_how_many_teams_it_leaves_out() -> None:
    from supervisiondesk.notifications.messages import details_of, text_of

    params = {
        "date": "2026-11-23",
        "teams_count": 12,
        "overdue": 1,
        "cases": 2,
        "records": 0,
        "teams": [["North", 1, 2, 0]],
    }
    assert text_of(Kind.WEEKLY_DIGEST, params) == (
        "Your teams in the week of 23 November 2026: 1 person overdue for supervision, "
        "2 cases overdue, 0 records past their deadline."
    )
    assert details_of(Kind.WEEKLY_DIGEST, params) == [
        "North: 1 person overdue for supervision, 2 cases overdue, 0 records past their deadline",
        "and 11 more teams: see the dashboard.",
    ]
    assert details_of(Kind.SESSION_TOMORROW, {}) == []
