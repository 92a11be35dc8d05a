"""The Primero connection in the configuration pages: its address, account,
mapping table and where case discussions go; the sync's failures and
matched workers, to read. An administrator sees their organisation's only."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from supervisiondesk.integrations.models import (
    PrimeroConnection,
    PrimeroFailure,
    PrimeroValueMap,
    PrimeroWorker,
)
from supervisiondesk.people.admin_scope import OrganisationScoped, ScopedChoices


class ValueMapInline(ScopedChoices, admin.TabularInline):
    model = PrimeroValueMap
    extra = 1
    fields = ["target", "field", "value", "result", "order"]


@admin.register(PrimeroConnection)
class PrimeroConnectionAdmin(OrganisationScoped):
    list_display = ["base_url", "user_name", "enabled", "last_sync_at", "synced_until"]
    inlines = [ValueMapInline]
    readonly_fields = ["webhook_address", "synced_until", "last_sync_at", "last_sync_summary"]
    fields = [
        "organisation",
        "base_url",
        "auth_method",
        "user_name",
        "enabled",
        "default_case_type",
        "default_risk",
        "discussion_subform",
        "subform_fields",
        *readonly_fields,
    ]

    @admin.display(description=_("webhook address (give it to Primero)"))
    def webhook_address(self, obj: PrimeroConnection) -> str:
        if not obj.pk:
            return "—"
        path = reverse("integrations:primero_webhook", args=[obj.webhook_secret])
        return settings.SITE_URL.rstrip("/") + path


class ReadOnly(OrganisationScoped):
    organisation_path = "connection__organisation"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PrimeroFailure)
class PrimeroFailureAdmin(ReadOnly):
    list_display = ["case_id", "record_id", "message", "attempts", "last_failed_at"]
    search_fields = ["case_id", "record_id", "message"]


@admin.register(PrimeroWorker)
class PrimeroWorkerAdmin(ReadOnly):
    list_display = ["user_name", "staff", "matched_by"]
    search_fields = ["user_name", "staff__name"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the sync matches them again
