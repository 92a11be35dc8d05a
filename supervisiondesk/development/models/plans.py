"""A worker's learning plan: goals with their actions and dates, and the
notes of each review (in supervision or not)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import StaffMember
from supervisiondesk.supervision.models import SupervisionSession


class LearningPlan(models.Model):
    """One per worker, made with its first goal. Written by the worker and
    their supervisors; read also by those who oversee their supervision
    (privacy/development_rules.py). It holds no personal notes."""

    worker = models.OneToOneField(
        StaffMember, on_delete=models.CASCADE, related_name="learning_plan"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("learning plan")
        verbose_name_plural = _("learning plans")

    def __str__(self) -> str:
        return str(self.worker)


class LearningGoal(models.Model):
    plan = models.ForeignKey(LearningPlan, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=300)
    actions = models.TextField(
        _("actions"), max_length=5000, blank=True, help_text=_("The steps, one per line.")
    )
    target_on = models.DateField(_("target date"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("learning goal")
        verbose_name_plural = _("learning goals")
        # Open goals first, by their target; completed ones after.
        ordering = [models.F("completed_on").desc(nulls_first=True), "target_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if not (self.title or "").strip():
            raise ValidationError({"title": _("Say what the goal is.")})


class GoalReview(models.Model):
    """A review of a goal: when, what was said, and (optionally) the
    supervision session where it happened. A purged session leaves the
    review, without its link."""

    goal = models.ForeignKey(LearningGoal, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    notes = models.TextField(_("notes of the review"), max_length=5000)
    session = models.ForeignKey(
        SupervisionSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("supervision session"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review of a learning goal")
        verbose_name_plural = _("reviews of learning goals")
        ordering = ["reviewed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.goal}: {self.reviewed_on}"
