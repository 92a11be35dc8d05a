"""Retention rules are configuration: administrators set them in the admin.
The access log and need-to-know accesses are not in the admin (the log is
append-only; accesses are opened by directors on their page)."""

from django.contrib import admin

from supervisiondesk.people.admin_scope import OrganisationScoped
from supervisiondesk.privacy.models import RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(OrganisationScoped):
    list_display = ["organisation", "record_type", "years"]
    list_filter = ["organisation", "record_type"]
