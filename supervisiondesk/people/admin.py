"""Configuration screens for administrators (Django admin)."""

from django.contrib import admin

from supervisiondesk.people import models
from supervisiondesk.people.admin_scope import OrganisationScoped, ScopedChoices, sees_everything


class PeriodInline(ScopedChoices, admin.TabularInline):
    extra = 0


class MembershipInline(PeriodInline):
    model = models.TeamMembership
    autocomplete_fields = ["team"]


class CategoryInline(PeriodInline):
    model = models.CategoryPeriod


class SupervisorInline(PeriodInline):
    model = models.SupervisoryRelationship
    fk_name = "supervisee"
    autocomplete_fields = ["supervisor"]


class AbsenceInline(PeriodInline):
    model = models.Absence


@admin.register(models.Organisation)
class OrganisationAdmin(OrganisationScoped):
    list_display = ["name", "country", "time_zone"]  # the policy: policies pages
    search_fields = ["name"]
    organisation_path = "pk"

    # An administrator changes their own organisation; organisations come
    # and go with the installation (admin_scope).
    def has_add_permission(self, request) -> bool:
        return sees_everything(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return sees_everything(request)


@admin.register(models.Service)
class ServiceAdmin(OrganisationScoped):
    list_display = ["name", "service_type", "organisation", "start_date", "end_date"]
    list_filter = ["service_type", "organisation"]
    search_fields = ["name"]


@admin.register(models.Team)
class TeamAdmin(OrganisationScoped):
    list_display = ["name", "code", "service", "start_date", "end_date"]
    list_filter = ["service__service_type", "organisation"]
    search_fields = ["name", "code"]
    list_select_related = ["service"]


@admin.register(models.StaffMember)
class StaffMemberAdmin(OrganisationScoped):
    list_display = ["name", "staff_id", "organisation", "start_date", "end_date", "user"]
    list_filter = ["organisation"]
    search_fields = ["name", "staff_id"]
    list_select_related = ["organisation", "user"]
    autocomplete_fields = ["user"]
    inlines = [MembershipInline, CategoryInline, SupervisorInline, AbsenceInline]


class CasePeriodInline(PeriodInline):
    model = models.CasePeriod
    autocomplete_fields = ["worker"]


@admin.register(models.Case)
class CaseAdmin(OrganisationScoped):
    list_display = ["case_id", "source_system", "external_id", "organisation"]
    list_filter = ["source_system", "organisation"]
    search_fields = ["case_id", "external_id"]
    inlines = [CasePeriodInline]
