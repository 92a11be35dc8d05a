"""Logins, two-factor devices and locked-out user names in Configuration,
each limited to the administrator's organisation (people.admin_scope).

An administrator manages the logins of their organisation's staff: a new
login is made for a staff record (so it belongs to the organisation from the
start), they give roles, and cannot make anyone a superuser, give single
permissions, or change their own roles (nobody grants themselves a role).
"""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from supervisiondesk.people.admin_scope import (
    OrganisationScoped,
    in_organisation,
    sees_everything,
    usernames_of_organisation,
)
from supervisiondesk.people.models import StaffMember

User = get_user_model()
USER_ORGANISATION = "staff_member__organisation"


def staff_field(request: HttpRequest) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Staff member"),
        queryset=in_organisation(
            StaffMember.objects.filter(user__isnull=True), "organisation", request
        ).order_by("name"),
        # A superuser may make a login with no staff record (another superuser).
        required=not sees_everything(request),
        help_text=_("The staff record this login is for (one without a login)."),
    )


class ScopedUserAdmin(OrganisationScoped, UserAdmin):
    organisation_path = USER_ORGANISATION
    # Only a superuser's own choices: who is a superuser, single permissions.
    superuser_fields = ("is_superuser", "user_permissions")

    def get_queryset(self, request: HttpRequest):
        queryset = super().get_queryset(request)
        if sees_everything(request):
            return queryset
        # A superuser's login is out of reach (its password, its flags).
        return queryset.filter(is_superuser=False)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return (*fieldsets, (_("Staff record"), {"fields": ("staff",)}))
        if sees_everything(request):
            return fieldsets
        return tuple(
            (title, {**options, "fields": self._allowed(options["fields"])})
            for title, options in fieldsets
        )

    def _allowed(self, fields) -> tuple:
        return tuple(field for field in fields if field not in self.superuser_fields)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk and not sees_everything(request):
            # Nobody grants themselves a role or takes away their own staff flag.
            readonly += ("groups", "is_staff", "is_active")
        return readonly

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, change=change, **kwargs)
        # A new class per request: never a shared field whose choices another
        # organisation's request could have set.
        base = type("LoginCreationForm", (self.add_form,), {"staff": staff_field(request)})
        return super().get_form(request, obj, change=change, **{**kwargs, "form": base})

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        # Inside the admin's transaction: the login and its staff link together.
        super().save_model(request, obj, form, change)
        staff = form.cleaned_data.get("staff") if not change else None
        if staff is not None:
            staff.user = obj
            staff.save(update_fields=["user"])


class ScopedTOTPDeviceAdmin(OrganisationScoped, TOTPDeviceAdmin):
    organisation_path = f"user__{USER_ORGANISATION}"


class ScopedStaticDeviceAdmin(OrganisationScoped, StaticDeviceAdmin):
    organisation_path = f"user__{USER_ORGANISATION}"
    # The recovery codes themselves are nobody's to read here: whoever holds
    # one signs in as its owner.
    inlines = []


class ByUsername:
    """django-axes rows hold a user name: the organisation's logins'."""

    def get_queryset(self, request: HttpRequest):
        queryset = super().get_queryset(request)
        if sees_everything(request):
            return queryset
        return queryset.filter(username__in=usernames_of_organisation(request))


class ScopedAccessAttemptAdmin(ByUsername, AccessAttemptAdmin):
    pass


class ScopedAccessLogAdmin(ByUsername, AccessLogAdmin):
    pass


class ScopedAccessFailureLogAdmin(ByUsername, AccessFailureLogAdmin):
    pass


for model, model_admin in (
    (User, ScopedUserAdmin),
    (TOTPDevice, ScopedTOTPDeviceAdmin),
    (StaticDevice, ScopedStaticDeviceAdmin),
    (AccessAttempt, ScopedAccessAttemptAdmin),
    (AccessLog, ScopedAccessLogAdmin),
    (AccessFailureLog, ScopedAccessFailureLogAdmin),
):
    # Replaced where the library registered one (axes only with AXES_ENABLE_ADMIN).
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(model, model_admin)
