"""What a person chooses for themselves. Someone without a row reads their
organisation's defaults (people.Organisation.language)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Preferences(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preferences",
        verbose_name=_("user"),
    )
    # Empty: the organisation's language (accounts.languages.language_for).
    language = models.CharField(
        _("language"), max_length=10, blank=True, choices=settings.LANGUAGES
    )

    class Meta:
        verbose_name = _("preferences")
        verbose_name_plural = _("preferences")

    def __str__(self) -> str:
        return str(self.user)
