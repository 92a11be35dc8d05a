"""Quality assurance: supervisee feedback, audits of records, supervisors'
self-assessments (docs/quality.md)."""

from supervisiondesk.quality.models.audits import AuditGrade, AuditSample
from supervisiondesk.quality.models.feedback import FeedbackRating, FeedbackResponse
from supervisiondesk.quality.models.self_assessment import SelfAssessment

__all__ = [
    "AuditGrade",
    "AuditSample",
    "FeedbackRating",
    "FeedbackResponse",
    "SelfAssessment",
]
