"""People and caseloads as the API shows them. Staff are named by their
`staff_id` (the id of the data folder and the HR system) and cases by their
`case_id`, so an integration never needs our database keys."""

from __future__ import annotations

from rest_framework import serializers

from supervisiondesk.people.models import (
    Absence,
    Case,
    CasePeriod,
    CategoryPeriod,
    StaffMember,
    SupervisoryRelationship,
    Team,
)


def staff_ref(**kwargs) -> serializers.SlugRelatedField:
    """A staff member by their staff id."""
    return serializers.SlugRelatedField(slug_field="staff_id", read_only=True, **kwargs)


class TeamSerializer(serializers.ModelSerializer):
    service = serializers.CharField(source="service.name", read_only=True)
    service_type = serializers.CharField(source="service.service_type", read_only=True)

    class Meta:
        model = Team
        fields = [
            "id",
            "code",
            "name",
            "service",
            "service_type",
            "start_date",
            "end_date",
            "updated_at",
        ]


class StaffSerializer(serializers.ModelSerializer):
    team = serializers.SerializerMethodField(help_text="The team code today, or null.")
    category = serializers.SerializerMethodField(help_text="The category today, or null.")

    class Meta:
        model = StaffMember
        fields = [
            "id",
            "staff_id",
            "name",
            "team",
            "category",
            "country",
            "start_date",
            "end_date",
            "updated_at",
        ]

    def get_team(self, staff: StaffMember) -> str | None:
        memberships = getattr(staff, "memberships_now", None)
        return memberships[0].team.code if memberships else None

    def get_category(self, staff: StaffMember) -> str | None:
        categories = getattr(staff, "categories_now", None)
        return categories[0].category if categories else None


class RelationshipSerializer(serializers.ModelSerializer):
    supervisee = staff_ref()
    supervisor = staff_ref()

    class Meta:
        model = SupervisoryRelationship
        fields = ["id", "supervisee", "supervisor", "kind", "start_date", "end_date", "updated_at"]


class CategorySerializer(serializers.ModelSerializer):
    staff = staff_ref()

    class Meta:
        model = CategoryPeriod
        fields = ["id", "staff", "category", "start_date", "end_date", "updated_at"]


class AbsenceSerializer(serializers.ModelSerializer):
    staff = staff_ref()

    class Meta:
        model = Absence
        fields = ["id", "staff", "kind", "start_date", "end_date", "updated_at"]


class CasePeriodSerializer(serializers.ModelSerializer):
    case = serializers.SlugRelatedField(slug_field="case_id", read_only=True)
    worker = staff_ref()

    class Meta:
        model = CasePeriod
        fields = [
            "id",
            "case",
            "worker",
            "case_type",
            "risk",
            "start_date",
            "end_date",
            "updated_at",
        ]


class CaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = ["id", "case_id", "source_system", "external_id", "updated_at"]


class CaseDetailSerializer(CaseSerializer):
    periods = CasePeriodSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "periods"]
