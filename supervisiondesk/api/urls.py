"""/api/v1/: the REST API, its schema and its docs; /api/tokens/: the page
where a user makes and revokes their personal access tokens."""

from django.conf import settings
from django.urls import include, path, register_converter
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from supervisiondesk.api.views import caseload, compliance, me, people, quality, supervision
from supervisiondesk.api.views import tokens as token_pages


class ApiId:
    """A record id: digits, at most 18 (a 64-bit integer); anything else is
    a 404 from the resolver, never a database error."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(ApiId, "api_id")

router = SimpleRouter(use_regex_path=False)
router.register("staff", people.StaffViewSet, basename="staff")
router.register("teams", people.TeamViewSet, basename="team")
router.register("relationships", people.RelationshipViewSet, basename="relationship")
router.register("categories", people.CategoryViewSet, basename="category")
router.register("absences", people.AbsenceViewSet, basename="absence")
router.register("cases", people.CaseViewSet, basename="case")
router.register("case-periods", people.CasePeriodViewSet, basename="case-period")
router.register("agreements", supervision.AgreementViewSet, basename="agreement")
router.register("sessions", supervision.SessionViewSet, basename="session")
router.register("case-discussions", supervision.CaseDiscussionViewSet, basename="case-discussion")
router.register("actions", supervision.ActionViewSet, basename="action")
router.register("feedback", quality.FeedbackViewSet, basename="feedback")
router.register("self-assessments", quality.SelfAssessmentViewSet, basename="self-assessment")
router.register("audit-samples", quality.AuditSampleViewSet, basename="audit-sample")

app_name = "api"
v1 = [
    path("", include(router.urls)),
    path("me/", me.MeView.as_view(), name="me"),
    path("compliance/", compliance.ComplianceView.as_view(), name="compliance"),
    path("caseload/", caseload.CaseloadView.as_view(), name="caseload"),
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[AllowAny], authentication_classes=[]),
        name="schema",
    ),
    path(
        "docs/",
        # Swagger UI sets inline styles: allowed on this page only (its
        # scripts stay files of this app, as everywhere).
        csp_override({**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", permission_classes=[AllowAny], authentication_classes=[]
            )
        ),
        name="docs",
    ),
]
urlpatterns = [
    path("v1/", include(v1)),
    path("tokens/", token_pages.tokens, name="tokens"),
    path("tokens/new/", token_pages.token_new, name="token_new"),
    path("tokens/<int:pk>/revoke/", token_pages.token_revoke, name="token_revoke"),
]
