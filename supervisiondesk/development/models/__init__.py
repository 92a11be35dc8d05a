"""Professional development (issue 6 item 6, docs/development.md): learning
plans, competency self-assessments against a framework, wellbeing and
self-care plans, CPD logs and feedback from observed practice."""

from supervisiondesk.development.models.competency import (
    RATING_MEANINGS,
    AreaRating,
    CompetencyAssessment,
    Rating,
)
from supervisiondesk.development.models.cpd import CpdEntry
from supervisiondesk.development.models.frameworks import Framework, FrameworkArea
from supervisiondesk.development.models.observations import PracticeObservation
from supervisiondesk.development.models.plans import GoalReview, LearningGoal, LearningPlan
from supervisiondesk.development.models.wellbeing import WellbeingPlan

__all__ = [
    "RATING_MEANINGS",
    "AreaRating",
    "CompetencyAssessment",
    "CpdEntry",
    "Framework",
    "FrameworkArea",
    "GoalReview",
    "LearningGoal",
    "LearningPlan",
    "PracticeObservation",
    "Rating",
    "WellbeingPlan",
]
