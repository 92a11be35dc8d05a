"""The navigation each role sees, and the idle timeout, for templates/base.html."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from supervisiondesk.accounts.roles import (
    SUPERVISING_ROLES,
    TEAM_VIEWING_ROLES,
    Role,
    roles_of,
)


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": [], "session_idle_seconds": None}
    roles = roles_of(user)
    items = [(reverse("home"), _("Home"))]
    staff = getattr(request, "staff_member", None)
    if staff is not None:
        items.append((reverse("supervision:overview"), _("My supervision")))
        items.append((reverse("people:my_caseload"), _("My caseload")))
    if roles & SUPERVISING_ROLES and staff is not None:
        items.append((reverse("people:my_supervisees"), _("My supervisees")))
        items.append((reverse("compliance:supervisees"), _("Due and overdue")))
    if roles & (SUPERVISING_ROLES | TEAM_VIEWING_ROLES) and staff is not None:
        items.append((reverse("reports:dashboard"), _("Dashboard")))
    if roles & (SUPERVISING_ROLES | TEAM_VIEWING_ROLES) and staff is not None:
        items.append((reverse("reports:drift"), _("Drift signals")))
    if roles & TEAM_VIEWING_ROLES and staff is not None:
        items.append((reverse("people:teams"), _("Teams")))
        items.append((reverse("compliance:teams"), _("Team compliance")))
        items.append((reverse("reports:capacity"), _("Capacity")))
        items.append((reverse("reports:benchmarks"), _("Benchmarks")))
        items.append((reverse("reports:packs"), _("Reports and evidence")))
    if staff is not None:
        items.append((reverse("quality:feedback_mine"), _("My feedback")))
        items.append((reverse("development:mine"), _("My development")))
    if roles & (SUPERVISING_ROLES | TEAM_VIEWING_ROLES) and staff is not None:
        # development.selectors.people: whose development this reader may follow.
        items.append((reverse("development:people"), _("Staff development")))
    if roles & SUPERVISING_ROLES and staff is not None:
        items.append((reverse("quality:feedback_on_me"), _("Feedback I received")))
        items.append((reverse("quality:self_assessments"), _("Balance of functions")))
    if roles & TEAM_VIEWING_ROLES and staff is not None:
        items.append((reverse("quality:feedback_supervisors"), _("Supervisors' feedback")))
    if Role.AUDITOR in roles and staff is not None:
        items.append((reverse("quality:samples"), _("Audit samples")))
    if roles & (TEAM_VIEWING_ROLES | {Role.AUDITOR}) and staff is not None:
        items.append((reverse("quality:audit_results"), _("Audit results")))
    if Role.DIRECTOR in roles and staff is not None:
        items.append((reverse("privacy:need_to_know"), _("Need to know")))
    if roles & {Role.DIRECTOR, Role.SENIOR_MANAGER} and staff is not None:
        # privacy.selectors.REPORT_ROLES
        items.append((reverse("privacy:access_report"), _("Access report")))
    if staff is not None:
        items.append((reverse("policies:policy"), _("Policy")))
    if user.is_staff:
        items.append((reverse("admin:index"), _("Configuration")))
    labels = [Role(name).label for name in Role.values if name in roles]
    return {
        "nav_items": items,
        "user_roles": labels,
        # For the idle-timeout warning (static/js/session-timeout.js).
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
    }
