"""What a reminder is about, and how each person wants to hear of it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SESSION_TOMORROW = "session_tomorrow", _("A session tomorrow")
    AGENDA_PROMPT = "agenda_prompt", _("Agenda for a coming session")
    RECORD_DUE = "record_due", _("A record to write")
    RECORD_MISSING = "record_missing", _("A record past its deadline")
    SIGNATURE_PENDING = "signature_pending", _("A record to sign")
    RECORD_NOT_SHARED = "record_not_shared", _("A record written but not yet shared")
    ACTION_DUE = "action_due", _("An action due soon")
    ACTION_OVERDUE = "action_overdue", _("An action overdue")
    AGREEMENT_REVIEW = "agreement_review", _("A supervision agreement to review")
    SUPERVISION_OVERDUE = "supervision_overdue", _("Supervision overdue")
    SUPERVISION_ESCALATED = "supervision_escalated", _("Supervision overdue for a long time")
    CASE_OVERDUE = "case_overdue", _("A case's supervision overdue")
    WEEKLY_DIGEST = "weekly_digest", _("Your teams' week (on Mondays)")


class Delivery(models.TextChoices):
    EMAIL = "email", _("In the app and by email at once")
    DIGEST = "digest", _("In the app and in a daily email digest")
    APP = "app", _("In the app only")
    OFF = "off", _("Not at all")


# What each person gets until they choose: the prompts that help plan a
# day come together once a day, the rest at once.
DEFAULT_DELIVERY = {
    Kind.SESSION_TOMORROW: Delivery.EMAIL,
    Kind.AGENDA_PROMPT: Delivery.DIGEST,
    Kind.RECORD_DUE: Delivery.DIGEST,
    Kind.RECORD_MISSING: Delivery.EMAIL,
    Kind.SIGNATURE_PENDING: Delivery.EMAIL,
    Kind.RECORD_NOT_SHARED: Delivery.DIGEST,
    Kind.ACTION_DUE: Delivery.DIGEST,
    Kind.ACTION_OVERDUE: Delivery.DIGEST,
    Kind.AGREEMENT_REVIEW: Delivery.DIGEST,
    Kind.SUPERVISION_OVERDUE: Delivery.EMAIL,
    Kind.SUPERVISION_ESCALATED: Delivery.EMAIL,
    Kind.CASE_OVERDUE: Delivery.DIGEST,
    Kind.WEEKLY_DIGEST: Delivery.EMAIL,  # a digest already: its own email
}


class EmailState(models.TextChoices):
    NONE = "none", _("not emailed (in the app only)")
    PENDING = "pending", _("to be emailed")
    SENDING = "sending", _("being emailed")
    SENT = "sent", _("emailed")
    DROPPED = "dropped", _("not emailed: resolved first")
