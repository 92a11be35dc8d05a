"""How the API knows who calls: the browser's session (with its CSRF check,
and the second factor already passed), or a personal access token in
`Authorization: Bearer sdpat_...`."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from supervisiondesk.api.models import ApiToken
from supervisiondesk.api.services import PREFIX, token_hash, token_used


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if not parts or parts[0].lower() != self.keyword.lower():
            return None
        if len(parts) != 2 or not parts[1].startswith(PREFIX):
            raise exceptions.AuthenticationFailed(
                _("The Authorization header must be 'Bearer' and a Supervision Desk token.")
            )
        token = (
            ApiToken.objects.select_related("user").filter(token_hash=token_hash(parts[1])).first()
        )
        now = timezone.now()
        # One message for "no such token", "revoked" and "expired" would hide
        # from an integrator why it stopped; the token's owner knows anyway.
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not known."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This token's login is deactivated."))
        token_used(token=token, now=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        # A 401 (not 403) for a missing or refused token, with the scheme.
        return 'Bearer realm="api"'


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = TokenAuthentication
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token (sdpat_...), made on the API tokens page.",
        }
