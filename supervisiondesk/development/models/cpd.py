"""A worker's log of continuing professional development (CPD)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import StaffMember
from supervisiondesk.supervision.models import SupervisionSession


class CpdEntry(models.Model):
    worker = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="cpd_entries")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("500"))],
    )
    learning = models.TextField(_("what I learnt"), max_length=5000)
    practice_change = models.TextField(_("how it changed my practice"), max_length=5000, blank=True)
    evidence = models.CharField(
        _("evidence"),
        max_length=500,
        blank=True,
        help_text=_("Where to find it: a certificate, a link, a file name."),
    )
    # Made from a supervision discussion ("add to CPD log" from a session).
    # A purged session leaves the entry, without its link.
    session = models.ForeignKey(
        SupervisionSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("supervision session"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("CPD log entry")
        verbose_name_plural = _("CPD log entries")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="cpd_hours_positive")
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.title}"
