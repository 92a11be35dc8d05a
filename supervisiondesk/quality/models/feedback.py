"""Supervisee feedback after a session: statements rated 1 to 5 and free
text, given once per supervisee and session (docs/quality.md)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import Organisation, StaffMember
from supervisiondesk.quality.vocabulary import SCORE_MAX, SCORE_MIN, STATEMENTS
from supervisiondesk.supervision.models import SupervisionSession


class FeedbackResponse(models.Model):
    """A supervisee's feedback on one session. Read by its supervisee, the
    session's supervisor only if shared, the supervisor's line manager and
    the service's senior managers (`privacy.rules.visible_feedback`)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # Goes with its session when the retention purge deletes the session.
    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="feedback"
    )
    respondent = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="feedback_given"
    )
    # The session's supervisor, kept beside the response: every rule and
    # every aggregate asks "whose supervision is this about?".
    supervisor = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="feedback_received"
    )
    given_on = models.DateField(_("given on"))
    comment = models.TextField(_("anything else"), blank=True, max_length=3000)
    shared_with_supervisor = models.BooleanField(_("shared with the supervisor"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback on supervision")
        verbose_name_plural = _("feedback on supervision")
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "respondent"], name="feedback_once")
        ]
        indexes = [models.Index(fields=["supervisor", "given_on"], name="feedback_supervisor")]

    def __str__(self) -> str:
        return f"{self.respondent} on {self.session}"

    @property
    def average(self) -> float | None:
        """The mean of this response's ratings (prefetch `ratings`)."""
        scores = [rating.score for rating in self.ratings.all()]
        return sum(scores) / len(scores) if scores else None


class FeedbackRating(models.Model):
    """One statement rated; a statement left unanswered has no row."""

    response = models.ForeignKey(FeedbackResponse, on_delete=models.CASCADE, related_name="ratings")
    statement = models.CharField(_("statement"), max_length=40, choices=STATEMENTS)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "statement"], name="rating_once"),
            models.CheckConstraint(
                condition=models.Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="rating_on_the_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement}: {self.score}"
