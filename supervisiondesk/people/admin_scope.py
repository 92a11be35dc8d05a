"""Configuration (the Django admin) is per organisation.

An administrator configures their own organisation, the one of their staff
record: its services, teams, staff, cases, logins, two-factor devices,
locked-out user names and retention rules. They see nothing of any other
organisation, not even its name in a filter, and cannot point a record at
one (every choice of a related record is limited the same way). An
administrator with no staff record has no organisation and sees empty
lists. Superusers (`createsuperuser`, for whoever runs the installation)
see everything.

Every configuration model admin is an `OrganisationScoped` (inlines use
`ScopedChoices`); a new one says
how its rows reach their organisation in `organisation_path`, and a model
new as the target of a choice is added to `CHOICE_PATHS`.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from supervisiondesk.people import models

# How the rows of a model that forms offer as choices reach their organisation.
CHOICE_PATHS: dict[type[Model], str] = {
    models.Organisation: "pk",
    models.Service: "organisation",
    models.Team: "organisation",
    models.StaffMember: "organisation",
    models.Case: "organisation",
    get_user_model(): "staff_member__organisation",
}


def sees_everything(request: HttpRequest) -> bool:
    return request.user.is_active and request.user.is_superuser


def in_organisation(queryset: QuerySet, path: str, request: HttpRequest) -> QuerySet:
    """The rows of the request's organisation (of the administrator's staff
    record); none without one."""
    if sees_everything(request):
        return queryset
    organisation = getattr(request, "organisation", None)
    if organisation is None:
        return queryset.none()
    return queryset.filter(Q(**{path: organisation.pk}))


def usernames_of_organisation(request: HttpRequest) -> QuerySet:
    """The user names of the organisation's logins (for django-axes, whose
    rows hold a user name, not a user)."""
    users = get_user_model().objects.all()
    return in_organisation(users, CHOICE_PATHS[get_user_model()], request).values("username")


class ScopedChoices(admin.options.BaseModelAdmin):
    """Choices of related records limited to the administrator's
    organisation (inlines use this; their rows follow their parent's)."""

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        self._limit_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        self._limit_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _limit_choices(self, db_field, request: HttpRequest, kwargs: dict) -> None:
        # The submitted value is validated against this queryset too, so a
        # crafted POST naming another organisation's record is refused.
        path = CHOICE_PATHS.get(db_field.related_model)
        if path is not None and "queryset" not in kwargs:
            related = db_field.related_model._default_manager.using(kwargs.get("using"))
            kwargs["queryset"] = in_organisation(related.all(), path, request)


class OrganisationScoped(ScopedChoices, admin.ModelAdmin):
    """A model admin whose rows, choices and filters are the administrator's
    organisation's."""

    # The lookup from a row to its Organisation.
    organisation_path = "organisation"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return in_organisation(super().get_queryset(request), self.organisation_path, request)

    def get_list_filter(self, request: HttpRequest):
        # A filter by organisation would list the other organisations' names.
        filters = super().get_list_filter(request)
        if sees_everything(request):
            return filters
        return [f for f in filters if f != "organisation"]
