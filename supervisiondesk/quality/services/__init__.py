"""Writes of the quality app (docs/quality.md): feedback, audits and their
closed loop, self-assessments. One module per part; every public service is
here too."""

from supervisiondesk.quality.services.audits import (
    audit_action_add,
    audit_grade_save,
    audit_sample_assign,
    audit_sample_complete,
    audit_sample_draw,
)
from supervisiondesk.quality.services.common import NotAllowed
from supervisiondesk.quality.services.feedback import FEEDBACK_KINDS, feedback_give, may_give
from supervisiondesk.quality.services.followups import audit_followups_land
from supervisiondesk.quality.services.self_assessment import self_assessment_add

__all__ = [
    "FEEDBACK_KINDS",
    "NotAllowed",
    "audit_action_add",
    "audit_followups_land",
    "audit_grade_save",
    "audit_sample_assign",
    "audit_sample_complete",
    "audit_sample_draw",
    "feedback_give",
    "may_give",
    "self_assessment_add",
]
