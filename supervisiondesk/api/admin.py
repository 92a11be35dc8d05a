"""API tokens in the configuration pages: an administrator sees their
organisation's tokens (never a secret: only hashes are kept) and revokes
them. Tokens are made on the API tokens page by their user, or with
`manage.py api_token_create` for a service account."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from supervisiondesk.api.models import ApiToken
from supervisiondesk.api.services import token_revoke
from supervisiondesk.people.admin_scope import OrganisationScoped


@admin.register(ApiToken)
class ApiTokenAdmin(OrganisationScoped):
    organisation_path = "user__staff_member__organisation"
    list_display = ["name", "user", "hint", "scopes", "expires_at", "last_used_at", "status"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username"]
    readonly_fields = [
        "user",
        "name",
        "hint",
        "scopes",
        "expires_at",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]
    exclude = ["token_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoked tokens stay, as history

    @admin.action(description=_("Revoke the chosen tokens"), permissions=["change"])
    def revoke(self, request, queryset) -> None:
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            token_revoke(token=token, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(n)d token revoked.", "%(n)d tokens revoked.", count) % {"n": count},
            messages.SUCCESS,
        )
