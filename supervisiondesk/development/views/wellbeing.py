"""The wellbeing and self-care plan: read and written by the worker and
their current supervisors only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from supervisiondesk.development import access, forms, services
from supervisiondesk.development.models import WellbeingPlan
from supervisiondesk.development.views.common import form_errors, own_staff
from supervisiondesk.supervision.services.common import EditConflict


@login_required
def wellbeing(request: HttpRequest, staff_pk: int) -> HttpResponse:
    own_staff(request)
    person, plan = access.wellbeing_plan_for(request.user, staff_pk)
    # Not bound to the saved plan: a refused save must not change what the
    # page shows as saved.
    initial = model_to_dict(plan, fields=forms.WellbeingForm.Meta.fields) if plan else {}
    form = forms.WellbeingForm(
        request.POST or None, initial={**initial, "version": plan.version if plan else 0}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.wellbeing_plan_save(
                worker=person.staff,
                expected_version=data["version"],
                what_helps=data["what_helps"],
                early_signs=data["early_signs"],
                organisation_can_do=data["organisation_can_do"],
                agreed_support=data["agreed_support"],
                review_on=data["review_on"],
                by=request.user,
            )
        except EditConflict as error:
            # Keep the text typed; the page shows the plan as now saved.
            form_errors(form, error)
            plan = WellbeingPlan.objects.filter(worker=person.staff).first()
            # Saving again (after comparing) starts from the version now saved.
            form.data = form.data.copy()
            form.data["version"] = str(plan.version if plan else 0)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Wellbeing plan saved."))
            return redirect("development:wellbeing", staff_pk=staff_pk)
    return render(
        request,
        "development/wellbeing.html",
        {"person": person, "worker": person.staff, "plan": plan, "form": form},
    )
