"""Feedback from observed practice: an observer's account of a worker's
practice, and the worker's reflection on it afterwards."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import StaffMember


class PracticeObservation(models.Model):
    worker = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="practice_observations"
    )
    observer = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="observations_made",
        verbose_name=_("observer"),
    )
    observed_on = models.DateField(_("observed on"))
    setting = models.CharField(
        _("setting"),
        max_length=300,
        help_text=_("Where and what: a home visit, a child protection conference, a meeting..."),
    )
    went_well = models.TextField(_("what went well"), max_length=5000)
    to_develop = models.TextField(_("what to develop"), max_length=5000)
    reflection = models.TextField(_("the worker's reflection"), max_length=5000, blank=True)
    reflected_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("observation of practice")
        verbose_name_plural = _("observations of practice")
        ordering = ["-observed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(observer=models.F("worker")), name="observation_not_self"
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker}, {self.observed_on}"

    def clean(self) -> None:
        super().clean()
        if self.worker_id and self.observer_id:
            if self.worker_id == self.observer_id:
                raise ValidationError({"observer": _("Nobody observes their own practice.")})
            if self.worker.organisation_id != self.observer.organisation_id:
                raise ValidationError(
                    {"observer": _("The observer belongs to another organisation.")}
                )
