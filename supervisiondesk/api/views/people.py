"""Staff, teams, relationships, categories, absences, cases and case
periods: each list is a `privacy.people_rules` (or `privacy.rules`) query,
so the API shows exactly whom the pages show."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from supervisiondesk.api import filters
from supervisiondesk.api.serializers import people as serializers
from supervisiondesk.api.views.base import ReadOnlyViewSet
from supervisiondesk.people.models import CasePeriod, CategoryPeriod, TeamMembership
from supervisiondesk.people.selectors import active_on
from supervisiondesk.privacy import people_rules, rules
from supervisiondesk.supervision import access


class StaffViewSet(ReadOnlyViewSet):
    """Staff members: yourself, your supervisors and supervisees, the teams you
    look after; the whole directory for directors, auditors and administrators."""

    serializer_class = serializers.StaffSerializer
    filterset_class = filters.StaffFilter
    ordering_fields = ["name", "staff_id", "updated_at"]
    ordering = ["name", "pk"]
    log_object_type = "staff_list"

    def get_queryset(self):
        today = timezone.localdate()
        return people_rules.visible_staff(self.request.user).prefetch_related(
            Prefetch(
                "memberships",
                queryset=TeamMembership.objects.filter(active_on(today)).select_related("team"),
                to_attr="memberships_now",
            ),
            Prefetch(
                "categories",
                queryset=CategoryPeriod.objects.filter(active_on(today)),
                to_attr="categories_now",
            ),
        )


class TeamViewSet(ReadOnlyViewSet):
    """Teams, with their service: those of the people you see, or all of them for directors,
    auditors and administrators."""

    serializer_class = serializers.TeamSerializer
    filterset_class = filters.TeamFilter
    ordering_fields = ["code", "name", "updated_at"]
    ordering = ["code", "pk"]
    log_object_type = "team_list"

    def get_queryset(self):
        return people_rules.visible_team_rows(self.request.user).select_related("service")


class RelationshipViewSet(ReadOnlyViewSet):
    """Supervisory relationships (line, professional, external) over time, of the people you
    see."""

    serializer_class = serializers.RelationshipSerializer
    filterset_class = filters.RelationshipFilter
    ordering_fields = ["start_date", "updated_at"]
    ordering = ["supervisee__name", "start_date", "pk"]
    log_object_type = "relationship_list"

    def get_queryset(self):
        return people_rules.visible_relationships(self.request.user).select_related(
            "supervisee", "supervisor"
        )


class CategoryViewSet(ReadOnlyViewSet):
    """Staff categories over time (ASYE, newly qualified, qualified...), which decide how
    often supervision is due."""

    serializer_class = serializers.CategorySerializer
    filterset_class = filters.CategoryFilter
    ordering_fields = ["start_date", "updated_at"]
    ordering = ["staff__name", "start_date", "pk"]
    log_object_type = "category_list"

    def get_queryset(self):
        return people_rules.visible_categories(self.request.user).select_related("staff")


class AbsenceViewSet(ReadOnlyViewSet):
    """Long absences (sickness, parental leave), which pause supervision requirements. Not
    shown to auditors."""

    serializer_class = serializers.AbsenceSerializer
    filterset_class = filters.AbsenceFilter
    ordering_fields = ["start_date", "updated_at"]
    ordering = ["staff__name", "start_date", "pk"]
    log_object_type = "absence_list"

    def get_queryset(self):
        return people_rules.visible_absences(self.request.user).select_related("staff")


class CaseViewSet(ReadOnlyViewSet):
    """Cases (references to a child's record in a case system). Opening one
    is logged as a read of the case."""

    filterset_class = filters.CaseFilter
    ordering_fields = ["case_id", "updated_at"]
    ordering = ["case_id", "pk"]
    log_object_type = "case_list"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.CaseDetailSerializer
        return serializers.CaseSerializer

    def get_queryset(self):
        return rules.visible_cases(self.request.user)

    def get_object(self):
        case = self.read_record(access.case_for)
        periods = CasePeriod.objects.filter(case=case).select_related("worker", "case")
        case._prefetched_objects_cache = {"periods": periods.order_by("start_date", "pk")}
        return case


class CasePeriodViewSet(ReadOnlyViewSet):
    """Who holds which case, of which type and risk, over time: the periods of the cases you
    may see."""

    serializer_class = serializers.CasePeriodSerializer
    filterset_class = filters.CasePeriodFilter
    ordering_fields = ["start_date", "updated_at"]
    ordering = ["case__case_id", "start_date", "pk"]
    log_object_type = "case_period_list"

    def get_queryset(self):
        return people_rules.visible_case_periods(self.request.user).select_related("case", "worker")
