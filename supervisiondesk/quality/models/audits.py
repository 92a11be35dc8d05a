"""Audit of supervision records: a sample of one team's held records over a
period, drawn at random (or assigned), each record graded against the
policy's standards and the practice domains, with findings and actions that
go to the supervisor's next session (docs/quality.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import Organisation, Team
from supervisiondesk.quality.vocabulary import (
    DOMAIN_KEYS,
    STANDARD_KEYS,
    Grade,
    SampleStatus,
    StandardResult,
)
from supervisiondesk.supervision.models import Action, AgendaItem, SupervisionSession


class AuditSample(models.Model):
    """Records an auditor may read (without wellbeing and personal notes)
    until the sample closes. A drawn sample names its team, period and the
    seed that reproduces the draw; an assigned one (`audit_sample_assign`)
    has none of them."""

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
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_samples",
        verbose_name=_("team"),
    )
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    size = models.PositiveIntegerField(_("records asked for"), null=True, blank=True)
    seed = models.BigIntegerField(
        _("seed"), null=True, blank=True, help_text=_("The same seed draws the same records.")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SampleStatus.choices,
        default=SampleStatus.OPEN,
        db_default=SampleStatus.OPEN,
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit sample")
        verbose_name_plural = _("audit samples")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_end__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="audit_sample_period_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if (
            self.team_id
            and self.organisation_id
            and self.team.organisation_id != (self.organisation_id)
        ):
            raise ValidationError({"team": _("The team belongs to another organisation.")})
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})


class AuditGrade(models.Model):
    """One record of a sample, graded: each standard met or not, each
    practice domain on the four-point scale, the findings, and the actions
    (supervision actions, followed up like any other)."""

    sample = models.ForeignKey(AuditSample, on_delete=models.CASCADE, related_name="grades")
    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="+")
    standards = models.JSONField(_("standards"), default=dict)
    domains = models.JSONField(_("practice domains"), default=dict)
    findings = models.TextField(
        _("findings"),
        max_length=400,
        blank=True,
        help_text=_("In short: they go on the agenda of the supervisor's next session."),
    )
    actions = models.ManyToManyField(Action, related_name="+", blank=True)
    # The closed loop: where the findings went (an agenda item of the pair's
    # next session). Empty until that session is planned.
    findings_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    graded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("audit grade")
        verbose_name_plural = _("audit grades")
        constraints = [
            models.UniqueConstraint(fields=["sample", "session"], name="audit_grade_once")
        ]

    def __str__(self) -> str:
        return f"{self.sample} — {self.session}"

    @property
    def met_count(self) -> int:
        return sum(1 for value in self.standards.values() if value == StandardResult.MET)

    @property
    def assessed_count(self) -> int:
        """Standards that apply to this record."""
        return sum(1 for value in self.standards.values() if value != StandardResult.NOT_APPLICABLE)

    def clean(self) -> None:
        super().clean()
        results = set(StandardResult.values)
        if set(self.standards) != set(STANDARD_KEYS) or not set(self.standards.values()) <= results:
            raise ValidationError({"standards": _("Grade every standard: met, not met or n/a.")})
        grades = set(Grade.values)
        if set(self.domains) != set(DOMAIN_KEYS) or not set(self.domains.values()) <= grades:
            raise ValidationError({"domains": _("Grade every practice domain.")})
