"""Writes of the notifications app: make the reminders due, email them,
mark them read, keep each person's choices.

Exactly once. A reminder is a row unique by recipient, kind and cause, made
with "insert, ignore if there": a run that crashes and runs again, or two
runs at once, make each once. Its email is claimed (`sending`, committed)
before it is handed to the mail server and marked `sent` after; a run that
finds a claim does not send it again. The one case neither way can decide
is a crash between the mail server taking the email and the mark: that
email stays `sending`, and is listed in the admin, not sent twice
(docs/notifications.md).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from supervisiondesk.accounts.languages import language_for
from supervisiondesk.notifications import reminders
from supervisiondesk.notifications.choices import DEFAULT_DELIVERY, Delivery, EmailState, Kind
from supervisiondesk.notifications.messages import details_of, text_of
from supervisiondesk.notifications.models import Notification, Preference
from supervisiondesk.notifications.selectors import calendar_of, reminder_inputs, settings_of
from supervisiondesk.people.models import Organisation, StaffMember

logger = logging.getLogger(__name__)


def local_now(organisation: Organisation, now: datetime) -> datetime:
    return timezone.localtime(now, ZoneInfo(organisation.time_zone))


def _delivery(chosen: dict[tuple[int, str], str], user: int, kind: str) -> str:
    """A person's delivery of a kind: their choice (`chosen`, stored
    preferences by user and kind), else the default."""
    return chosen.get((user, kind)) or DEFAULT_DELIVERY[Kind(kind)]


def reminders_run(*, organisation: Organisation, now: datetime | None = None) -> dict[str, int]:
    """Make the reminders due now, resolve those whose cause has gone, and
    email what is to be emailed now. Safe to run at any time, as often as
    wanted (`manage.py send_reminders`; hourly by the scheduler, the
    `reminders` job of docs/jobs.md); returns counts."""
    now = now or timezone.now()
    today = local_now(organisation, now).date()
    inputs = reminder_inputs(organisation, today)
    is_working, after = calendar_of(organisation)
    due = reminders.reminders(inputs, after)
    made, resolved = _store(organisation, due, reminders.for_today(due, today, is_working), now)
    emailed = _emails_send(organisation, now, is_working)
    return {"due": len(due), "made": made, "resolved": resolved, **emailed}


@transaction.atomic
def _store(
    organisation: Organisation,
    due: list[reminders.Due],
    sendable: list[reminders.Due],
    now: datetime,
) -> tuple[int, int]:
    today = local_now(organisation, now).date()
    users = dict(
        StaffMember.objects.filter(
            organisation=organisation, user__isnull=False, user__is_active=True
        ).values_list("pk", "user_id")
    )
    chosen = {
        (user, kind): delivery
        for user, kind, delivery in Preference.objects.filter(
            user__in=list(users.values())
        ).values_list("user_id", "kind", "delivery")
    }
    new = []
    for item in sendable:
        user = users.get(item.recipient)
        if user is None:
            continue  # no sign-in: nobody to tell
        delivery = _delivery(chosen, user, item.kind)
        if delivery == Delivery.OFF:
            continue
        name, pk = item.link or ("", None)
        new.append(
            Notification(
                organisation=organisation,
                recipient_id=user,
                kind=item.kind,
                cause=item.cause,
                params=item.params,
                link_name=name,
                link_pk=pk,
                day=today,
                created_at=now,
                delivery=delivery,
                urgent=item.urgent,
                email_state=EmailState.NONE if delivery == Delivery.APP else EmailState.PENDING,
            )
        )
    before = Notification.objects.filter(organisation=organisation).count()
    Notification.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    made = Notification.objects.filter(organisation=organisation).count() - before
    # A cause that no longer holds stops: not emailed if not yet, and off
    # the unread count. Only kinds the rules judged today (all of them).
    # The weekly digest is no cause that goes: it holds for its week (the
    # rules make it only for those still to get it, `selectors._managed`).
    holding = {(users.get(d.recipient), d.kind, d.cause) for d in due}
    this_week = reminders.week_of(today)
    resolved = []
    for pk, user, kind, cause in Notification.objects.filter(
        organisation=organisation, resolved_at__isnull=True
    ).values_list("pk", "recipient_id", "kind", "cause"):
        if kind == Kind.WEEKLY_DIGEST:
            if cause != this_week:
                resolved.append(pk)
        elif (user, kind, cause) not in holding:
            resolved.append(pk)
    Notification.objects.filter(pk__in=resolved).update(resolved_at=now)
    Notification.objects.filter(pk__in=resolved, email_state=EmailState.PENDING).update(
        email_state=EmailState.DROPPED
    )
    return made, len(resolved)


def emails_send(*, organisation: Organisation, now: datetime | None = None) -> dict[str, int]:
    """Email the pending reminders: each at once ("email"), or gathered in
    one digest a day ("digest"); not before the organisation's hour, and on
    the recipient's working days only, unless urgent."""
    return _emails_send(organisation, now or timezone.now(), calendar_of(organisation)[0])


def _emails_send(
    organisation: Organisation, now: datetime, is_working: Callable[[int, date], bool]
) -> dict[str, int]:
    local = local_now(organisation, now)
    if local.hour < settings_of(organisation).send_from_hour:
        return {"emails": 0, "digests": 0}
    today = local.date()
    staff_of = dict(
        StaffMember.objects.filter(organisation=organisation, user__isnull=False).values_list(
            "user_id", "pk"
        )
    )
    pending = [
        n
        for n in Notification.objects.filter(
            organisation=organisation, email_state=EmailState.PENDING
        )
        .select_related("recipient")
        .order_by("created_at", "pk")
        if n.urgent or (n.recipient_id in staff_of and is_working(staff_of[n.recipient_id], today))
    ]
    start_of_day = datetime.combine(today, time(0), tzinfo=local.tzinfo)
    had_digest = set(
        Notification.objects.filter(
            organisation=organisation,
            delivery=Delivery.DIGEST,
            email_state=EmailState.SENT,
            emailed_at__gte=start_of_day,
        ).values_list("recipient_id", flat=True)
    )
    digests: dict[int, list[Notification]] = defaultdict(list)
    for n in pending:
        if n.delivery == Delivery.DIGEST and n.recipient_id not in had_digest:
            digests[n.recipient_id].append(n)
    emails = sum(_send([n], now, digest=False) for n in pending if n.delivery == Delivery.EMAIL)
    sent_digests = sum(_send(items, now, digest=True) for items in digests.values())
    return {"emails": emails, "digests": sent_digests}


def _claim(pks: list[int]) -> bool:
    """Mark these pending emails as being sent, committed before sending: a
    run that finds them claimed does not send them again."""
    with transaction.atomic():
        claimed = Notification.objects.filter(pk__in=pks, email_state=EmailState.PENDING).update(
            email_state=EmailState.SENDING
        )
    return claimed == len(pks)


def _send(items: list[Notification], now: datetime, digest: bool) -> int:
    user = items[0].recipient
    if not user.email:
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(
            email_state=EmailState.NONE
        )
        return 0
    if not _claim([n.pk for n in items]):
        return 0  # another run has them
    with translation.override(language_of(user)):
        lines = [
            (text_of(n.kind, n.params), _absolute(n), details_of(n.kind, n.params)) for n in items
        ]
        if digest:
            subject = ngettext(
                "Supervision Desk: %(count)d reminder today",
                "Supervision Desk: %(count)d reminders today",
                len(items),
            ) % {"count": len(items)}
        elif items[0].kind == Kind.WEEKLY_DIGEST:
            subject = _("Supervision Desk: your teams this week")
        else:
            subject = _("Supervision Desk: %(what)s") % {"what": Kind(items[0].kind).label}
        context = {"user": user, "lines": lines, "digest": digest, "site": settings.SITE_URL}
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("notifications/email.txt", context),
            to=[user.email],
        )
        message.attach_alternative(
            render_to_string("notifications/email.html", context), "text/html"
        )
    pks = [n.pk for n in items]
    try:
        message.send()
    except OSError:
        # Refused (the server down, the address rejected): not sent, so
        # handed back to be tried at the next run.
        logger.exception("Reminder email to user %s not sent; tried again next run", user.pk)
        Notification.objects.filter(pk__in=pks).update(email_state=EmailState.PENDING)
        return 0
    _mark_sent(pks, now)
    return 1


def _mark_sent(pks: list[int], now: datetime) -> None:
    Notification.objects.filter(pk__in=pks).update(email_state=EmailState.SENT, emailed_at=now)


def _absolute(notification: Notification) -> str:
    path = link_of(notification)
    return f"{settings.SITE_URL.rstrip('/')}{path}" if path else ""


def link_of(notification: Notification) -> str:
    if not notification.link_name:
        return ""
    args = [notification.link_pk] if notification.link_pk is not None else []
    return reverse(notification.link_name, args=args)


def language_of(user: AbstractBaseUser) -> str:
    """The language a person reads: their own choice, else their organisation's
    (accounts.languages), as on their pages."""
    from supervisiondesk.people.models import StaffMember

    staff = StaffMember.objects.select_related("organisation").filter(user=user).first()
    return language_for(user, staff.organisation if staff is not None else None)


@transaction.atomic
def notification_read(*, notification: Notification, by: AbstractBaseUser, now: datetime) -> None:
    if notification.recipient_id != by.pk:
        raise PermissionError("not the recipient")
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)


@transaction.atomic
def notifications_read_all(*, by: AbstractBaseUser, now: datetime) -> int:
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(read_at=now)


@transaction.atomic
def preferences_save(*, user: AbstractBaseUser, choices: dict[str, str]) -> None:
    """Store a person's delivery for each kind (only those not the default)."""
    for kind, delivery in choices.items():
        Kind(kind), Delivery(delivery)  # refuse what is not a kind or a delivery
        if delivery == DEFAULT_DELIVERY[Kind(kind)]:
            Preference.objects.filter(user=user, kind=kind).delete()
        else:
            Preference.objects.update_or_create(
                user=user, kind=kind, defaults={"delivery": delivery}
            )


def organisations_run(*, now: datetime | None = None) -> dict[str, dict[str, int]]:
    """`reminders_run` for every organisation (`manage.py send_reminders`;
    the scheduler runs each organisation apart, in its own time zone)."""
    return {
        org.name: reminders_run(organisation=org, now=now)
        for org in Organisation.objects.order_by("name")
    }
