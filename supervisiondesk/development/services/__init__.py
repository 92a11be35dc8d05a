"""Writes of the development app (docs/development.md), one module per
record; every public service is here too."""

from supervisiondesk.development.services.common import NotAllowed
from supervisiondesk.development.services.competency import (
    competency_assessment_add,
    frameworks_for,
)
from supervisiondesk.development.services.cpd import (
    cpd_entry_add,
    cpd_entry_change,
    cpd_entry_remove,
    may_add_cpd,
)
from supervisiondesk.development.services.frameworks import presets_ensure
from supervisiondesk.development.services.observations import (
    observation_change,
    observation_record,
    observation_reflect,
)
from supervisiondesk.development.services.plans import (
    goal_review_add,
    learning_goal_add,
    learning_goal_change,
)
from supervisiondesk.development.services.wellbeing import wellbeing_plan_save

__all__ = [
    "NotAllowed",
    "competency_assessment_add",
    "cpd_entry_add",
    "cpd_entry_change",
    "cpd_entry_remove",
    "frameworks_for",
    "goal_review_add",
    "learning_goal_add",
    "learning_goal_change",
    "may_add_cpd",
    "observation_change",
    "observation_record",
    "observation_reflect",
    "presets_ensure",
    "wellbeing_plan_save",
]
