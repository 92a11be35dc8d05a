"""A worker's wellbeing and self-care plan: private to the worker and their
current supervisors (privacy/development_rules.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import StaffMember


class WellbeingPlan(models.Model):
    worker = models.OneToOneField(
        StaffMember, on_delete=models.CASCADE, related_name="wellbeing_plan"
    )
    what_helps = models.TextField(_("what helps me stay well at work"), max_length=5000, blank=True)
    early_signs = models.TextField(
        _("early signs that I am not coping"), max_length=5000, blank=True
    )
    organisation_can_do = models.TextField(
        _("what the organisation can do"), max_length=5000, blank=True
    )
    agreed_support = models.TextField(_("support we have agreed"), max_length=5000, blank=True)
    review_on = models.DateField(_("review by"), null=True, blank=True)
    # Two people write it (the worker and a supervisor): a save that started
    # from an older version is refused (supervision.services.common.version_bump).
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("wellbeing and self-care plan")
        verbose_name_plural = _("wellbeing and self-care plans")

    def __str__(self) -> str:
        return str(self.worker)
