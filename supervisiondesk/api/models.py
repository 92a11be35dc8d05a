"""Personal access tokens for the REST API (docs/api.md).

A token acts as its user, with the user's own access rules, narrowed by its
scopes. Only the SHA-256 hash of the secret is kept (as for calendar feeds):
the secret is shown once, when made, and a database backup holds no token
that works. A random 40-character secret needs no slow hash.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ = "read", _("Read: staff, teams, cases, sessions and records the user may see")
    WRITE = "write", _("Write: changes through the API, never more than the user may change")
    COMPLIANCE = "compliance", _("Compliance: the compliance report")


# The longest a token may live: integrations renew theirs at least yearly.
MAX_DAYS = 366


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("login"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. 'Primero sync'.")
    )
    # hex SHA-256 of the whole token; `hint` is its last four characters,
    # enough for a person to tell two tokens apart in the list.
    token_hash = models.CharField(_("hash of the token"), max_length=64, unique=True)
    hint = models.CharField(_("ends with"), max_length=4)
    scopes = models.JSONField(_("scopes"), default=list)
    expires_at = models.DateTimeField(_("expires"))
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} (…{self.hint})"

    def clean(self) -> None:
        super().clean()
        unknown = sorted(set(self.scopes) - set(Scope.values))
        if unknown or not self.scopes:
            raise ValidationError(
                {"scopes": _("Choose one or more of: read, write, compliance.")}, code="scopes"
            )

    def is_working(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "working" if self.is_working() else "expired"
