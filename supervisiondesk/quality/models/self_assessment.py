"""A supervisor's self-assessment of the balance of functions over a period."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import StaffMember


class SelfAssessment(models.Model):
    """How much of their supervision a supervisor thinks went to each
    function of the policy (whole percentages adding up to 100), and their
    reflection. Read by the supervisor and their line manager."""

    supervisor = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="self_assessments"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    # {function key: percent}, the policy's functions in force at the
    # period's end.
    shares = models.JSONField(_("share of each function"), default=dict)
    reflection = models.TextField(_("reflection"), max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("self-assessment of the balance of functions")
        verbose_name_plural = _("self-assessments of the balance of functions")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="self_assessment_period_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.supervisor}, {self.period_start} to {self.period_end}"

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})
        values = list((self.shares or {}).values())
        if not values or any(not isinstance(v, int) or v < 0 or v > 100 for v in values):
            raise ValidationError({"shares": _("Give each function a whole percentage.")})
        if sum(values) != 100:
            raise ValidationError(
                {
                    "shares": _("The shares add up to %(total)s%%, not 100%%.")
                    % {"total": sum(values)}
                }
            )
