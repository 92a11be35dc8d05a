"""Quality records: lists give dates and names; the words (comments,
reflections, findings) come with one record's read, which is logged."""

from __future__ import annotations

from rest_framework import serializers

from supervisiondesk.api.serializers.people import staff_ref
from supervisiondesk.quality.models import (
    AuditGrade,
    AuditSample,
    FeedbackRating,
    FeedbackResponse,
    SelfAssessment,
)


class FeedbackSerializer(serializers.ModelSerializer):
    session = serializers.SlugRelatedField(slug_field="session_id", read_only=True)
    respondent = staff_ref()
    supervisor = staff_ref()

    class Meta:
        model = FeedbackResponse
        fields = ["id", "session", "respondent", "supervisor", "given_on", "shared_with_supervisor"]


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeedbackRating
        fields = ["statement", "score"]


class FeedbackDetailSerializer(FeedbackSerializer):
    ratings = RatingSerializer(many=True, read_only=True)

    class Meta(FeedbackSerializer.Meta):
        fields = [*FeedbackSerializer.Meta.fields, "ratings", "comment"]


class SelfAssessmentSerializer(serializers.ModelSerializer):
    supervisor = staff_ref()

    class Meta:
        model = SelfAssessment
        fields = ["id", "supervisor", "period_start", "period_end"]


class SelfAssessmentDetailSerializer(SelfAssessmentSerializer):
    class Meta(SelfAssessmentSerializer.Meta):
        fields = [*SelfAssessmentSerializer.Meta.fields, "shares", "reflection"]


class AuditSampleSerializer(serializers.ModelSerializer):
    team = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    auditor = serializers.CharField(source="auditor.get_username", read_only=True)

    class Meta:
        model = AuditSample
        fields = [
            "id",
            "title",
            "auditor",
            "team",
            "period_start",
            "period_end",
            "size",
            "status",
            "closes_on",
            "completed_on",
        ]


class GradeSerializer(serializers.ModelSerializer):
    session = serializers.SlugRelatedField(slug_field="session_id", read_only=True)

    class Meta:
        model = AuditGrade
        fields = ["session", "standards", "domains", "findings", "graded_at"]


class AuditSampleDetailSerializer(AuditSampleSerializer):
    grades = GradeSerializer(many=True, read_only=True)

    class Meta(AuditSampleSerializer.Meta):
        fields = [*AuditSampleSerializer.Meta.fields, "grades"]
