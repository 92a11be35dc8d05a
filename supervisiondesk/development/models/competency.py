"""A worker's self-assessment against a competency framework: a rating and
evidence per area, and when to assess again."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervisiondesk.development.models.frameworks import Framework, FrameworkArea
from supervisiondesk.people.models import StaffMember


class Rating(models.IntegerChoices):
    """The rating scale (docs/development.md): how far the worker applies
    the area in their practice, as they see it."""

    EMERGING = 1, _("Emerging")
    DEVELOPING = 2, _("Developing")
    PROFICIENT = 3, _("Proficient")
    EXPERT = 4, _("Expert")


RATING_MEANINGS = {
    Rating.EMERGING: _("I know what it asks; I need guidance to apply it."),
    Rating.DEVELOPING: _("I apply it with support, not yet in every case."),
    Rating.PROFICIENT: _("I apply it consistently on my own."),
    Rating.EXPERT: _("I apply it in complex work and help others to."),
}


class CompetencyAssessment(models.Model):
    worker = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="competency_assessments"
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("framework")
    )
    assessed_on = models.DateField(_("assessed on"))
    reassess_on = models.DateField(_("assess again by"))
    reflection = models.TextField(
        _("overall reflection"), max_length=5000, blank=True, db_default=""
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("competency self-assessment")
        verbose_name_plural = _("competency self-assessments")
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reassess_on__gt=models.F("assessed_on")),
                name="competency_reassess_after",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker}, {self.framework}, {self.assessed_on}"

    def clean(self) -> None:
        super().clean()
        if self.assessed_on and self.reassess_on and self.reassess_on <= self.assessed_on:
            raise ValidationError(
                {"reassess_on": _("The date to assess again is after the assessment.")}
            )


class AreaRating(models.Model):
    assessment = models.ForeignKey(
        CompetencyAssessment, on_delete=models.CASCADE, related_name="ratings"
    )
    area = models.ForeignKey(FrameworkArea, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices)
    evidence = models.TextField(_("evidence"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("rating of an area")
        verbose_name_plural = _("ratings of areas")
        ordering = ["area__number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "area"], name="rating_one_per_area"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=4),
                name="development_rating_on_the_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.rating}"

    def clean(self) -> None:
        super().clean()
        same = self.assessment_id and self.area_id
        if same and self.area.framework_id != self.assessment.framework_id:
            raise ValidationError({"area": _("The area belongs to another framework.")})
