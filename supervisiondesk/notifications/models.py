"""Reminders as stored: one row per kind, recipient and cause (never two:
the constraint is what makes a reminder exactly-once, whatever a worker
does), each person's choices, and each organisation's settings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervisiondesk.notifications.choices import Delivery, EmailState, Kind
from supervisiondesk.people.models import Organisation


class Notification(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("about"), max_length=40, choices=Kind.choices)
    # What makes it due: a thing and its date (notifications.reminders).
    cause = models.CharField(max_length=200)
    # The message's values, written out in the reader's language when shown
    # (notifications.messages): names, dates, a case id; never record content.
    params = models.JSONField(default=dict)
    link_name = models.CharField(max_length=80, blank=True)
    link_pk = models.PositiveBigIntegerField(null=True, blank=True)
    day = models.DateField(_("day"))  # the organisation's day it was made
    created_at = models.DateTimeField(_("created"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # The cause no longer holds (the record written, the session held).
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    # Emailed on a non-working day too (notifications.reminders.Due.urgent).
    urgent = models.BooleanField(default=False)
    email_state = models.CharField(
        max_length=10, choices=EmailState.choices, default=EmailState.NONE
    )
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "cause"], name="notification_once_per_cause"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["email_state", "delivery"], name="notification_to_email"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.cause} to {self.recipient_id}"


class Preference(models.Model):
    """How one person hears of one kind of reminder (none stored: the default,
    `choices.DEFAULT_DELIVERY`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.delivery}"


class ReminderSettings(models.Model):
    """An organisation's reminder settings (none stored: the defaults)."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="reminder_settings",
        verbose_name=_("organisation"),
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("escalate overdue supervision to the supervisor's manager after (days)"), default=14
    )
    send_from_hour = models.PositiveSmallIntegerField(
        _("send emails from (hour of the day)"),
        default=7,
        help_text=_("Reminders made earlier in the day wait until this hour."),
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self) -> str:
        return str(self.organisation)
