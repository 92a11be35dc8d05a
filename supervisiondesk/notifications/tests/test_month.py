"""A month of the demo organisation, day by day, through the scheduler and
the worker (`jobs.services.jobs_run`) with a controlled clock and Django's
in-memory mailbox: the exact reminders emailed (month_of_demo.txt, the
diary), the escalation, the managers' weekly digest, and a worker killed
mid-run and restarted that sends nothing twice and loses nothing.

The diary is regenerated with `UPDATE_MONTH_DIARY=1` after a deliberate
change to the rules or the demo data; read its diff before committing it.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django_tasks_db.models import DBTaskResult

from supervisiondesk.jobs.models import ScheduledRun
from supervisiondesk.jobs.services import jobs_run
from supervisiondesk.notifications.choices import EmailState, Kind
from supervisiondesk.notifications.messages import text_of
from supervisiondesk.notifications.models import Notification
from supervisiondesk.people.models import StaffMember
from supervisiondesk.people.tests.demo_day import DEMO_TODAY
from supervisiondesk.supervision.models import SessionAttendee, SupervisionSession

pytestmark = pytest.mark.once

LONDON = ZoneInfo("Europe/London")  # the demo organisation's time zone
FIRST = date.fromisoformat(DEMO_TODAY)  # Wednesday 20 May 2026
DAYS = 30  # to Thursday 18 June; Monday 25 May is a bank holiday in England
TICKS = (6, 7, 13)  # the scheduler's turns each day (local hours); emails from 7
CRASH = (date(2026, 5, 21), 7)  # the worker dies at this turn...
CRASH_AFTER = 2  # ...after the mail server took this many emails of the turn
# The supervisor holds and writes up the practitioner's overdue supervision
# on Thursday 4 June, after the morning's emails: that afternoon the
# reminders of it are resolved, and it is not escalated on Monday 8 June.
HELD = date(2026, 6, 4)
DIARY = Path(__file__).with_name("month_of_demo.txt")


class WorkerKilled(BaseException):
    """The process dying: not an error any code would catch and handle."""


def moment(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def month(demo, mailoutbox, monkeypatch):
    """Run the month; returns each email with the turn it went at."""
    send = EmailMultiAlternatives.send
    turn: dict[str, object] = {"at": None, "sent": 0}
    sent_at: list[datetime] = []

    def send_or_die(message, fail_silently=False):
        result = send(message, fail_silently)
        sent_at.append(turn["at"])
        turn["sent"] += 1
        if turn["crash"] and turn["sent"] == CRASH_AFTER:
            raise WorkerKilled  # after the server took it, before it is marked sent
        return result

    monkeypatch.setattr(EmailMultiAlternatives, "send", send_or_die)
    for offset in range(DAYS):
        day = FIRST + timedelta(offset)
        for hour in TICKS:
            now = moment(day, hour)
            turn.update(at=now, sent=0, crash=(day, hour) == CRASH)
            if (day, hour) == (HELD, TICKS[-1]):
                _hold_supervision(demo, day)
            jobs_run(now=now)
            # The scheduler ticking again in the same hour enqueues nothing.
            assert jobs_run(now=now + timedelta(minutes=30)) == []
    return list(zip(sent_at, mailoutbox, strict=True))


def _hold_supervision(organisation, day: date) -> SupervisionSession:
    practitioner = StaffMember.objects.get(organisation=organisation, user__username="practitioner")
    supervisor = StaffMember.objects.get(organisation=organisation, user__username="supervisor")
    held = SupervisionSession.objects.create(
        organisation=organisation,
        session_id="month-held",
        kind="individual_formal",
        status="held",
        date=day,
        duration_minutes=90,
        supervisor=supervisor,
        recorded_on=day,
    )
    SessionAttendee.objects.create(session=held, staff=practitioner)
    return held


def _items(message) -> list[str]:
    """The reminders of an email, as the plain text writes them."""
    items, current = [], None
    for line in message.body.splitlines():
        if line.startswith("- "):
            current = line[2:]
            items.append(current)
        elif line.startswith("  * ") and current is not None:
            items[-1] += " / " + line[4:]
    return items


def _diary(emails) -> str:
    """Each email as a line per reminder: day, recipient, subject, text."""
    usernames = dict(get_user_model().objects.values_list("email", "username"))
    lines = []
    for when, message in emails:
        (to,) = message.to
        head = f"{when.astimezone(LONDON).date()} {usernames[to]} | {message.subject}"
        lines += [f"{head} | {item}" for item in sorted(_items(message))]
    return "\n".join(sorted(lines)) + "\n"


@pytest.mark.django_db
def test_a_month_of_the_demo(month, demo):
    emails = month
    diary = _diary(emails)
    if os.environ.get("UPDATE_MONTH_DIARY"):
        DIARY.write_text(diary)
    assert diary == DIARY.read_text()

    notifications = Notification.objects.filter(organisation=demo).select_related("recipient")
    usernames = dict(get_user_model().objects.values_list("email", "username"))

    # Exactly once: what went by email is each emailed reminder once, no
    # more (the killed turn's email too, left `sending`), and none lost.
    went: dict[str, Counter] = defaultdict(Counter)
    for _when, message in emails:
        went[usernames[message.to[0]]].update(
            re.sub(r" / .*", "", item) for item in _items(message)
        )
    emailed: dict[str, Counter] = defaultdict(Counter)
    for n in notifications.filter(email_state__in=[EmailState.SENT, EmailState.SENDING]):
        emailed[n.recipient.username][text_of(n.kind, n.params)] += 1
    assert went == emailed
    # The killed turn's email (one, maybe a digest of several) stays claimed.
    claimed = notifications.filter(email_state=EmailState.SENDING)
    assert claimed.exists()
    assert {(n.recipient_id, n.day) for n in claimed} == {(claimed[0].recipient_id, CRASH[0])}
    assert not notifications.filter(email_state=EmailState.PENDING).exists()

    # The killed turn's task failed, and the next turn sent the rest.
    crashed = ScheduledRun.objects.get(
        job="reminders", period=moment(*CRASH).strftime("%Y-%m-%dT%H")
    )
    assert DBTaskResult.objects.get(id=crashed.task_id).status == "FAILED"
    crash_day = [w for w, _m in emails if w.date() == CRASH[0]]
    assert any(w.hour == TICKS[-1] for w in crash_day)

    # When: never before 7 in the morning; on a day off (weekends, the bank
    # holiday) only a session the next day; one daily digest a day at most.
    days_off = {d for d in (FIRST + timedelta(i) for i in range(DAYS)) if d.weekday() >= 5}
    days_off.add(date(2026, 5, 25))
    digests = Counter()
    for when, message in emails:
        local = when.astimezone(LONDON)
        assert local.hour >= 7
        if local.date() in days_off:
            assert message.subject == "Supervision Desk: A session tomorrow", message.subject
        if "reminder" in message.subject and "today" in message.subject:
            digests[(message.to[0], local.date())] += 1
    assert max(digests.values()) == 1

    # The managers' weekly digest: each manager, senior manager and director
    # once a week, on the week's first working day (Tuesday 26 May after the
    # bank holiday), and on the first day (reminders started mid-week).
    weekly = defaultdict(set)
    for when, message in emails:
        if message.subject == "Supervision Desk: your teams this week":
            weekly[usernames[message.to[0]]].add(when.astimezone(LONDON).date())
    assert dict(weekly) == {
        who: {FIRST, date(2026, 5, 26), date(2026, 6, 1), date(2026, 6, 8), date(2026, 6, 15)}
        for who in ("manager", "senior", "director")
    }

    # Escalation: to the supervisor's own manager once supervision is overdue
    # by the organisation's days (14), never sooner: those that became due
    # during the month were made on the first working day at 14 days or more
    # (a weekend, or the weekend and the bank holiday, later).
    escalated = notifications.filter(kind=Kind.SUPERVISION_ESCALATED)
    assert all(n.params["days"] >= 14 for n in escalated)
    during = escalated.filter(day__gt=FIRST)
    assert during.exists(), "an escalation made during the month, not only on day one"
    for n in during:
        assert n.params["days"] in (14, 15, 16, 17), (n.day, n.params)
        assert n.day.weekday() < 5

    # The supervision held on 4 June: the practitioner's overdue supervision
    # resolved that afternoon, for them and their supervisor, and never
    # escalated; the record written, the supervisor asked to share it.
    practitioner = StaffMember.objects.get(organisation=demo, user__username="practitioner")
    overdue = notifications.filter(
        kind=Kind.SUPERVISION_OVERDUE, cause__startswith=f"supervision:{practitioner.pk}:"
    )
    assert {n.recipient.username for n in overdue} == {"practitioner", "supervisor"}
    assert {n.resolved_at for n in overdue} == {moment(HELD, TICKS[-1])}
    assert not escalated.filter(cause__startswith=f"supervision:{practitioner.pk}:").exists()
    held = SupervisionSession.objects.get(session_id="month-held")
    assert notifications.get(kind=Kind.RECORD_NOT_SHARED, cause=f"share:{held.pk}").day == HELD
