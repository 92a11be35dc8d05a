"""A user's private calendar feed: the address Outlook or Google Calendar
subscribes to. Only the SHA-256 hash of its secret is kept, so the
database (or a backup of it) never holds an address that works."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("login"),
    )
    # hex SHA-256 of the secret in the address; the secret itself is shown
    # once, when the address is made, and never stored.
    token_hash = models.CharField(_("hash of the secret"), max_length=64, unique=True)
    # The language of the page where the address was made: calendar apps
    # fetch without a session or a useful Accept-Language, so the feed's
    # titles are written in the language its owner was using.
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at"]
        constraints = [
            # One working address per login: a new one revokes the old.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"calendar feed #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
