"""What a call may do besides the user's own access rules: a token's
scopes. A browser session carries every scope (its user's roles decide)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import permissions

from supervisiondesk.api.models import ApiToken, Scope


def scope_needed(request, view) -> str:
    """`read` for reads, `write` for changes; a view may ask its own
    (`required_scope`: the compliance report asks `compliance`)."""
    if request.method in permissions.SAFE_METHODS:
        return getattr(view, "required_scope", Scope.READ)
    return Scope.WRITE


class HasScope(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        needed = scope_needed(request, view)
        if needed in token.scopes:
            return True
        self.message = _("This token does not have the '%(scope)s' scope.") % {"scope": needed}
        return False
