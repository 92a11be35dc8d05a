"""Feedback from observed practice: recording one, reading it, the
observer's changes and the worker's reflection."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from supervisiondesk.development import access, forms, selectors, services
from supervisiondesk.development.views.common import form_errors, own_staff, pk_param
from supervisiondesk.supervision.services.common import organisation_today


@login_required
def new(request: HttpRequest) -> HttpResponse:
    """The observer records an observation as themselves."""
    staff = own_staff(request)
    workers = selectors.observable_workers(user=request.user)
    chosen = pk_param(request, "worker")
    if chosen is not None and chosen not in {w.pk for w in workers}:
        raise Http404
    form = forms.NewObservationForm(
        request.POST or None,
        workers=workers,
        initial={"worker": chosen, "observed_on": organisation_today(staff.organisation)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        worker = form.chosen_worker()
        try:
            observation = services.observation_record(
                worker=worker,
                observed_on=data["observed_on"],
                setting=data["setting"],
                went_well=data["went_well"],
                to_develop=data["to_develop"],
                by=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Observation recorded."))
            return redirect("development:observation", pk=observation.pk)
    return render(request, "development/observation_form.html", {"form": form, "found": None})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Its readers. POST: the worker's reflection."""
    staff = own_staff(request)
    posting = request.method == "POST"
    found = access.observation_for(request.user, pk, part="reflect" if posting else "read")
    may_reflect = found.worker_id == staff.pk
    form = None
    if may_reflect:
        form = forms.ReflectionForm(request.POST or None, initial={"reflection": found.reflection})
        if request.method == "POST" and form.is_valid():
            try:
                services.observation_reflect(
                    observation=found, reflection=form.cleaned_data["reflection"], by=request.user
                )
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(request, _("Reflection saved."))
                return redirect("development:observation", pk=pk)
    context = {
        "found": found,
        "worker": found.worker,
        "form": form,
        "is_observer": found.observer_id == staff.pk,
    }
    return render(request, "development/observation.html", context)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The observer's part, by the observer."""
    own_staff(request)
    found = access.observation_for(request.user, pk, part="edit")
    form = forms.ObservationForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.observation_change(
                observation=found,
                observed_on=data["observed_on"],
                setting=data["setting"],
                went_well=data["went_well"],
                to_develop=data["to_develop"],
                by=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Observation saved."))
            return redirect("development:observation", pk=pk)
    return render(request, "development/observation_form.html", {"form": form, "found": found})
