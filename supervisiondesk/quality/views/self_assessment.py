"""Self-assessment pages: a supervisor's list and form, and one
assessment beside the balance the records show."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from supervisiondesk.accounts.roles import SUPERVISING_ROLES
from supervisiondesk.quality import access, forms, services
from supervisiondesk.quality.selectors import self_assessment as selectors
from supervisiondesk.quality.services.self_assessment import policy_functions
from supervisiondesk.quality.views.common import form_errors, staff_with_role
from supervisiondesk.supervision.choices import Function
from supervisiondesk.supervision.services.common import organisation_today


@login_required
def assessments(request: HttpRequest) -> HttpResponse:
    staff_with_role(request, SUPERVISING_ROLES)
    return render(
        request,
        "quality/self_assessments.html",
        {"lists": selectors.self_assessments(user=request.user)},
    )


def _labelled(functions) -> list[tuple[str, str]]:
    return [(f, str(Function(f).label) if f in Function.values else f) for f in functions]


@login_required
def new(request: HttpRequest) -> HttpResponse:
    staff = staff_with_role(request, SUPERVISING_ROLES)
    today = organisation_today(staff.organisation)
    functions = _labelled(policy_functions(supervisor=staff, on=today))
    form = forms.SelfAssessmentForm(
        request.POST or None,
        functions=functions,
        initial={"period_start": today - timedelta(days=182), "period_end": today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.self_assessment_add(
                supervisor=staff,
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                shares=form.shares(),
                reflection=form.cleaned_data["reflection"],
                by=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Self-assessment saved."))
            return redirect("quality:self_assessment", pk=assessment.pk)
    return render(request, "quality/self_assessment_new.html", {"form": form})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff = staff_with_role(request)
    assessment = access.self_assessment_for(request.user, pk)
    context = {
        "assessment": assessment,
        "comparison": selectors.comparison(assessment=assessment),
        "is_mine": assessment.supervisor_id == staff.pk,
    }
    return render(request, "quality/self_assessment.html", context)
