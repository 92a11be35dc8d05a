"""Roles are Django groups; these are their names and labels.

A user may hold several roles (a supervisor is usually also a practitioner).
The access rules of issue 5 read roles through `roles_of()` only.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", _("Practitioner")
    SUPERVISOR = "supervisor", _("Supervisor")
    MANAGER = "manager", _("Manager")
    SENIOR_MANAGER = "senior_manager", _("Senior manager")
    DIRECTOR = "director", _("Director")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")


def roles_of(user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    """The role names of a user, read once per request object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_supervisiondesk_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._supervisiondesk_roles = cached
    return cached


# Who sees what, by role: used by the pages and by the navigation, so a link
# is shown exactly when its page answers. Issue 5's access rules build on these.
SUPERVISING_ROLES = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.SENIOR_MANAGER})
TEAM_VIEWING_ROLES = frozenset({Role.MANAGER, Role.SENIOR_MANAGER, Role.DIRECTOR})


class TeamScope(models.TextChoices):
    """Which teams' dashboards a user sees (people.selectors.visible_teams);
    the records behind them follow privacy.rules."""

    ORGANISATION = "organisation", _("the whole organisation")
    SERVICE = "service", _("their services")
    SUPERVISED = "supervised", _("the teams of the people they supervise")


def team_scope(roles: frozenset[str]) -> TeamScope:
    if Role.DIRECTOR in roles:
        return TeamScope.ORGANISATION
    if Role.SENIOR_MANAGER in roles:
        return TeamScope.SERVICE
    return TeamScope.SUPERVISED
