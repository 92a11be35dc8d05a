"""A Primero connection, its mapping table, and what the sync keeps:
the workers it matched, each case's state (Primero's overdue tasks and
pending approvals, for supervisors' agendas), per-record failures to retry,
records a webhook said changed, and case discussions pushed back.

The password or bearer token is never stored here: it comes from the
environment (settings.PRIMERO_PASSWORD / PRIMERO_BEARER_TOKEN).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.choices import CaseType, Risk
from supervisiondesk.people.models import Case, Organisation, StaffMember


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


class AuthMethod(models.TextChoices):
    BASIC = "basic", _("Basic (a service account)")
    TOKEN = "token", _("Session token (POST /api/v2/tokens)")
    BEARER = "bearer", _("Bearer token from the identity provider")


class PrimeroConnection(models.Model):
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="primero_connection",
        verbose_name=_("organisation"),
    )
    base_url = models.URLField(_("Primero address"), help_text=_("e.g. https://cpims.example.org"))
    auth_method = models.CharField(
        _("sign-in"), max_length=10, choices=AuthMethod.choices, default=AuthMethod.BASIC
    )
    user_name = models.CharField(
        _("service account user name"),
        max_length=150,
        help_text=_(
            "Its role's scope must cover the workers. Its password (or bearer token) is read "
            "from the environment variable PRIMERO_PASSWORD (or PRIMERO_BEARER_TOKEN)."
        ),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    default_case_type = models.CharField(
        _("case type when no row matches"),
        max_length=20,
        choices=CaseType.choices,
        blank=True,
        help_text=_("Empty: a case no row matches is reported and not imported."),
    )
    default_risk = models.CharField(
        _("risk when no row matches"), max_length=10, choices=Risk.choices, blank=True
    )
    discussion_subform = models.CharField(
        _("form section for case discussions"),
        max_length=100,
        blank=True,
        help_text=_(
            "Empty: pushed as a note (notes_section). Otherwise the subform's name, "
            "e.g. supervision_section."
        ),
    )
    subform_fields = models.JSONField(
        _("subform field names"),
        default=dict,
        blank=True,
        help_text=_(
            'Supervision Desk field → the subform\'s field, e.g. {"progress": "sup_progress"}. '
            "Unlisted fields keep their own names."
        ),
    )
    webhook_secret = models.CharField(
        _("webhook secret"), max_length=64, default=new_webhook_secret, editable=False
    )
    # The end of the last complete sync's window: the next asks from here.
    synced_until = models.DateTimeField(_("synced up to"), null=True, blank=True)
    last_sync_at = models.DateTimeField(_("last sync"), null=True, blank=True)
    last_sync_summary = models.JSONField(_("last sync summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Primero connection")
        verbose_name_plural = _("Primero connections")

    def __str__(self) -> str:
        return self.base_url


class MapTarget(models.TextChoices):
    CASE_TYPE = "case_type", _("case type")
    RISK = "risk", _("risk")


class PrimeroValueMap(models.Model):
    """One row of the mapping table: Primero's `field` holding `value` gives
    this case type or risk. Rows are tried in `order`; the first wins."""

    connection = models.ForeignKey(
        PrimeroConnection, on_delete=models.CASCADE, related_name="value_maps"
    )
    target = models.CharField(_("sets"), max_length=10, choices=MapTarget.choices)
    field = models.CharField(_("Primero field"), max_length=100, help_text=_("e.g. risk_level"))
    value = models.CharField(_("Primero value"), max_length=200, help_text=_("e.g. high"))
    result = models.CharField(
        _("gives"),
        max_length=20,
        help_text=_("A case type (cp, cin, cla...) or a risk (high, standard)."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("Primero value mapping")
        verbose_name_plural = _("Primero value mappings")
        ordering = ["connection", "target", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.field}={self.value} → {self.result}"

    def clean(self) -> None:
        allowed = CaseType.values if self.target == MapTarget.CASE_TYPE else Risk.values
        if self.result not in allowed:
            raise ValidationError(
                {"result": _("Choose one of: %(values)s.") % {"values": ", ".join(allowed)}}
            )


class PrimeroWorker(models.Model):
    """A Primero user the sync matched to a staff member."""

    connection = models.ForeignKey(
        PrimeroConnection,
        on_delete=models.CASCADE,
        related_name="workers",
        verbose_name=_("connection"),
    )
    user_name = models.CharField(_("Primero user name"), max_length=150)
    staff = models.ForeignKey(
        StaffMember,
        on_delete=models.CASCADE,
        related_name="primero_accounts",
        verbose_name=_("staff member"),
    )
    matched_by = models.CharField(_("matched by"), max_length=20)

    class Meta:
        verbose_name = _("Primero worker")
        verbose_name_plural = _("Primero workers")
        ordering = ["user_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "user_name"], name="primero_worker_unique_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_name} → {self.staff}"


class PrimeroCase(models.Model):
    """A Primero record as the last sync saw it."""

    connection = models.ForeignKey(
        PrimeroConnection, on_delete=models.CASCADE, related_name="cases"
    )
    record_id = models.CharField(_("Primero id"), max_length=64)
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="primero")
    is_open = models.BooleanField(_("open"), default=True)
    primero_updated_at = models.DateTimeField(_("updated in Primero"))
    # [{"kind": "assessment", "due_on": "2026-11-03"}], Primero's due dates.
    tasks = models.JSONField(_("tasks"), default=list, blank=True)
    pending_approvals = models.JSONField(_("approvals pending"), default=list, blank=True)

    class Meta:
        verbose_name = _("Primero case")
        verbose_name_plural = _("Primero cases")
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "record_id"], name="primero_case_unique_record"
            )
        ]

    def __str__(self) -> str:
        return self.record_id


class PrimeroFailure(models.Model):
    """A record the last syncs could not take; retried on every sync until
    it goes through, then deleted."""

    connection = models.ForeignKey(
        PrimeroConnection,
        on_delete=models.CASCADE,
        related_name="failures",
        verbose_name=_("connection"),
    )
    record_id = models.CharField(_("Primero id"), max_length=64)
    case_id = models.CharField(_("case id"), max_length=64, blank=True)
    message = models.TextField(_("what went wrong"))
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    first_failed_at = models.DateTimeField(_("first failed"), auto_now_add=True)
    last_failed_at = models.DateTimeField(_("last failed"), auto_now=True)

    class Meta:
        verbose_name = _("Primero sync failure")
        verbose_name_plural = _("Primero sync failures")
        ordering = ["-last_failed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "record_id"], name="primero_failure_unique_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id or self.record_id}: {self.message}"


class PrimeroPending(models.Model):
    """A record Primero's webhook said changed: the next sync reads it."""

    connection = models.ForeignKey(
        PrimeroConnection, on_delete=models.CASCADE, related_name="pending"
    )
    record_id = models.CharField(_("Primero id"), max_length=64)
    received_at = models.DateTimeField(_("received"), auto_now=True)

    class Meta:
        verbose_name = _("Primero change waiting")
        verbose_name_plural = _("Primero changes waiting")
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "record_id"], name="primero_pending_unique_record"
            )
        ]

    def __str__(self) -> str:
        return self.record_id


class DiscussionPush(models.Model):
    """A case discussion written to its Primero case. `entry_id` is the
    subform entry's unique_id, the same on every push, so a corrected
    discussion replaces its note instead of adding a second."""

    discussion = models.OneToOneField(
        "supervision.CaseDiscussion", on_delete=models.CASCADE, related_name="primero_push"
    )
    entry_id = models.CharField(_("entry id in Primero"), max_length=64)
    content_hash = models.CharField(max_length=64)
    pushed_at = models.DateTimeField(_("sent"), null=True, blank=True)
    pushed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("case discussion sent to Primero")
        verbose_name_plural = _("case discussions sent to Primero")

    def __str__(self) -> str:
        return self.entry_id
