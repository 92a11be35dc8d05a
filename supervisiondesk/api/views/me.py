"""Who the caller is: an integration checks its token with this first."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from supervisiondesk.accounts.roles import roles_of
from supervisiondesk.api.models import ApiToken, Scope
from supervisiondesk.api.views.base import ApiView
from supervisiondesk.privacy.rules import viewer_of


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    staff_id = serializers.CharField(allow_null=True)
    name = serializers.CharField(allow_null=True)
    organisation = serializers.CharField(allow_null=True)
    time_zone = serializers.CharField(allow_null=True)
    roles = serializers.ListField(child=serializers.CharField())
    scopes = serializers.ListField(child=serializers.CharField())
    token_expires_at = serializers.DateTimeField(allow_null=True)


class MeView(ApiView):
    log_object_type = "me"

    @extend_schema(operation_id="me", responses=MeSerializer)
    def get(self, request):
        staff = viewer_of(request.user).staff
        token = request.auth if isinstance(request.auth, ApiToken) else None
        return Response(
            MeSerializer(
                {
                    "username": request.user.get_username(),
                    "staff_id": staff.staff_id if staff else None,
                    "name": staff.name if staff else None,
                    "organisation": staff.organisation.name if staff else None,
                    "time_zone": staff.organisation.time_zone if staff else None,
                    "roles": sorted(roles_of(request.user)),
                    "scopes": token.scopes if token else sorted(Scope.values),
                    "token_expires_at": token.expires_at if token else None,
                }
            ).data
        )
