"""An organisation's own competency frameworks are configuration: its
administrators keep them in Configuration (the Django admin), scoped to
their organisation like every configuration model (people/admin_scope.py).
The presets (no organisation) are written from the code
(`development/frameworks.py`) and are not theirs to change: only
superusers see them here. The assessments themselves are development
records, never in the admin."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from supervisiondesk.development.models import Framework, FrameworkArea
from supervisiondesk.people.admin_scope import OrganisationScoped, ScopedChoices, sees_everything


class FrameworkAreaInline(ScopedChoices, admin.TabularInline):
    model = FrameworkArea
    fields = ["number", "title", "description"]
    extra = 1


@admin.register(Framework)
class FrameworkAdmin(OrganisationScoped):
    list_display = ["title", "organisation", "audience", "active"]
    list_filter = ["organisation", "active"]
    search_fields = ["title", "key"]
    inlines = [FrameworkAreaInline]

    def get_fields(self, request: HttpRequest, obj=None):
        fields = ["title", "key", "audience", "source", "active"]
        # An administrator's framework is their organisation's (save_model):
        # leaving it empty would make a preset for every organisation.
        return (["organisation"] if sees_everything(request) else []) + fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        # An administrator with no organisation (no staff record) has none
        # to add a framework to.
        own = sees_everything(request) or getattr(request, "organisation", None) is not None
        return own and super().has_add_permission(request)

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if sees_everything(request):
            return form
        organisation = request.organisation

        class OwnFramework(form):
            def clean(self):
                # The organisation is not a field of the form, so the model's
                # unique (organisation, key) is checked here.
                data = super().clean()
                self.instance.organisation = organisation
                taken = Framework.objects.filter(organisation=organisation, key=data.get("key"))
                if self.instance.pk:
                    taken = taken.exclude(pk=self.instance.pk)
                if taken.exists():
                    self.add_error("key", _("Another framework of yours has this key."))
                return data

        return OwnFramework

    def save_model(self, request: HttpRequest, obj: Framework, form, change: bool) -> None:
        if not sees_everything(request):
            obj.organisation = request.organisation
        super().save_model(request, obj, form, change)
