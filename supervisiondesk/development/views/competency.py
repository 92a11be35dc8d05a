"""Competency self-assessments: a new one against a framework, and one
beside the previous."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from supervisiondesk.development import access, forms, selectors, services
from supervisiondesk.development.models import RATING_MEANINGS, Rating
from supervisiondesk.development.views.common import form_errors, own_staff, pk_param
from supervisiondesk.supervision.services.common import organisation_today

REASSESS_AFTER = timedelta(days=182)  # the form's suggestion: in six months


@login_required
def new(request: HttpRequest) -> HttpResponse:
    """The worker's own: choose a framework, then rate each area."""
    staff = own_staff(request)
    offered = list(services.frameworks_for(staff))
    chosen = pk_param(request, "framework")
    if chosen is None:
        return render(request, "development/assessment_new.html", {"frameworks": offered})
    framework = next((f for f in offered if f.pk == chosen), None)
    if framework is None:
        raise Http404
    today = organisation_today(staff.organisation)
    form = forms.AssessmentForm(
        request.POST or None,
        areas=list(framework.areas.all()),
        initial={"assessed_on": today, "reassess_on": today + REASSESS_AFTER},
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.competency_assessment_add(
                worker=staff,
                framework=framework,
                assessed_on=form.cleaned_data["assessed_on"],
                reassess_on=form.cleaned_data["reassess_on"],
                ratings=form.ratings(),
                reflection=form.cleaned_data["reflection"],
                by=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Self-assessment saved."))
            return redirect("development:assessment", pk=assessment.pk)
    return render(
        request,
        "development/assessment_new.html",
        {"framework": framework, "form": form, "scale": _scale()},
    )


def _scale() -> list[tuple[int, str, str]]:
    return [(v, Rating(v).label, RATING_MEANINGS[v]) for v in Rating.values]


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    own_staff(request)
    assessment = access.assessment_for(request.user, pk)
    return render(
        request,
        "development/assessment.html",
        {
            "assessment": assessment,
            "worker": assessment.worker,
            "comparison": selectors.comparison(assessment=assessment),
            "scale": _scale(),
            "today": organisation_today(assessment.worker.organisation),
        },
    )
