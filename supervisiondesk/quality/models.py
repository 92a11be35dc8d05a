"""Quality assurance. For now only what the access rules need: the sample of
records assigned to an auditor (issue 5). Issue 6 draws samples at random,
grades the records and aggregates the results."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import Organisation
from supervisiondesk.supervision.models import SupervisionSession


class AuditSample(models.Model):
    """Records an auditor may read (without wellbeing and personal notes)
    until the sample closes."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="audit_samples"
    )
    title = models.CharField(_("title"), max_length=200)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="audit_samples",
        verbose_name=_("auditor"),
    )
    sessions = models.ManyToManyField(
        SupervisionSession, related_name="audit_samples", verbose_name=_("records")
    )
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit sample")
        verbose_name_plural = _("audit samples")

    def __str__(self) -> str:
        return self.title
