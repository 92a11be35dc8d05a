"""What every API view shares: the caller's organisation and time zone, and
one access-log entry per call (docs/api.md).

A token call is authenticated by DRF inside the view, after the
middleware (`people.middleware.OrganisationMiddleware`) has seen an
anonymous request; `initial` therefore puts the staff record on the user
and activates the organisation's time zone itself (the middleware
deactivates it after the response).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.utils import timezone
from rest_framework import mixins, viewsets
from rest_framework.views import APIView

from supervisiondesk.api.models import ApiToken
from supervisiondesk.people.models import StaffMember
from supervisiondesk.privacy.models import AccessEvent, Channel
from supervisiondesk.privacy.rules import viewer_of
from supervisiondesk.privacy.services import access_log_add

DENIED = {401, 403, 404}


class Logged:
    """Mixed into every API view: after authentication, the caller's
    organisation; after the response, its access-log entry. A view that
    already logged the call (a record read through `supervision.access`,
    which logs it with its subjects) sets `self.logged`."""

    log_object_type = ""
    logged = False

    def initial(self, request, *args, **kwargs):
        self.logged = False
        super().initial(request, *args, **kwargs)
        user = request.user
        if user.is_authenticated and not hasattr(user, "_supervisiondesk_staff"):
            staff = StaffMember.objects.select_related("organisation").filter(user=user).first()
            user._supervisiondesk_staff = staff
            if staff is not None:
                timezone.activate(ZoneInfo(staff.organisation.time_zone))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if not self.logged:
            self._log(request, response.status_code)
        return response

    def _log(self, request, status: int) -> None:
        user = getattr(request, "user", None)
        authenticated = user is not None and user.is_authenticated
        viewer = viewer_of(user) if authenticated else None
        token = request.auth if isinstance(getattr(request, "auth", None), ApiToken) else None
        detail = f"{request.method} {request.get_full_path()[:500]} → {status}"
        if token is not None:
            detail += f" (token #{token.pk} …{token.hint})"
        access_log_add(
            user=user if authenticated else None,
            event=AccessEvent.DENIED if status in DENIED else AccessEvent.API_CALL,
            channel=Channel.API,
            organisation_id=viewer.organisation_id if viewer else None,
            object_type=self.log_object_type or type(self).__name__,
            object_id=str(self.kwargs.get("pk", ""))[:64],
            detail=detail,
        )


class ApiView(Logged, APIView):
    pass


class ReadOnlyViewSet(
    Logged, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """A list and its records. `get_queryset` comes from a `privacy` rule; a
    record's read goes through `read_record` when the record is sensitive."""

    lookup_value_converter = "api_id"  # api.urls.ApiId

    def read_record(self, fetch):
        """Fetch one record through a `supervision.access` function, which
        logs the read (or the refusal, answering 404)."""
        self.logged = True
        return fetch(self.request.user, int(self.kwargs["pk"]), channel=Channel.API)
