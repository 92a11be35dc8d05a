"""Quality records: feedback, self-assessments and audit samples, each read
through `quality.access` (logged), the lists through `privacy.rules`."""

from __future__ import annotations

from supervisiondesk.api import filters
from supervisiondesk.api.serializers import quality as serializers
from supervisiondesk.api.views.base import ReadOnlyViewSet
from supervisiondesk.privacy import rules
from supervisiondesk.quality import access


class FeedbackViewSet(ReadOnlyViewSet):
    """Supervisee feedback: who reads which answer follows the feedback rules
    (docs/quality.md); the ratings and comment come with one response."""

    filterset_class = filters.FeedbackFilter
    ordering_fields = ["given_on"]
    ordering = ["-given_on", "-pk"]
    log_object_type = "feedback_list"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.FeedbackDetailSerializer
        return serializers.FeedbackSerializer

    def get_queryset(self):
        return rules.visible_feedback(self.request.user).select_related(
            "session", "respondent", "supervisor"
        )

    def get_object(self):
        return self.read_record(access.feedback_for)


class SelfAssessmentViewSet(ReadOnlyViewSet):
    """Supervisors' self-assessments of the balance of functions: theirs and their line
    manager's. Opening one is logged."""

    ordering_fields = ["period_end"]
    ordering = ["-period_end", "-pk"]
    log_object_type = "self_assessment_list"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.SelfAssessmentDetailSerializer
        return serializers.SelfAssessmentSerializer

    def get_queryset(self):
        return rules.visible_self_assessments(self.request.user).select_related("supervisor")

    def get_object(self):
        return self.read_record(access.self_assessment_for)


class AuditSampleViewSet(ReadOnlyViewSet):
    """Audit samples of supervision records: their auditor and the senior managers of the
    sampled team. Opening one (with its grades and findings) is logged."""

    filterset_class = filters.AuditSampleFilter
    ordering_fields = ["created_at", "closes_on"]
    ordering = ["-created_at", "-pk"]
    log_object_type = "audit_sample_list"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.AuditSampleDetailSerializer
        return serializers.AuditSampleSerializer

    def get_queryset(self):
        return rules.visible_audit_samples(self.request.user).select_related("team", "auditor")

    def get_object(self):
        sample = self.read_record(access.sample_for)
        sample._prefetched_objects_cache = {
            "grades": sample.grades.select_related("session").order_by("pk")
        }
        return sample
