"""The navigation each role sees, for templates/base.html."""

from __future__ import annotations

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
        return {"nav_items": [], "user_roles": []}
    roles = roles_of(user)
    items = [(reverse("home"), _("Home"))]
    staff = getattr(request, "staff_member", None)
    if staff is not None:
        items.append((reverse("supervision:overview"), _("My supervision")))
        items.append((reverse("people:my_caseload"), _("My caseload")))
    if roles & SUPERVISING_ROLES and staff is not None:
        items.append((reverse("people:my_supervisees"), _("My supervisees")))
        items.append((reverse("compliance:supervisees"), _("Due and overdue")))
    if roles & TEAM_VIEWING_ROLES and staff is not None:
        items.append((reverse("people:teams"), _("Teams")))
        items.append((reverse("compliance:teams"), _("Team compliance")))
    if staff is not None:
        items.append((reverse("policies:policy"), _("Policy")))
    if user.is_staff:
        items.append((reverse("admin:index"), _("Configuration")))
    labels = [Role(name).label for name in Role.values if name in roles]
    return {"nav_items": items, "user_roles": labels}
