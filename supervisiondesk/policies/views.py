"""The organisation's supervision policy: the version in force, in words and
as its file, its history, and (administrators) a new version from a date."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from supervisiondesk.accounts.roles import Role, roles_of
from supervisiondesk.people.models import Organisation
from supervisiondesk.policies import selectors, services
from supervisiondesk.policies.forms import OWN_COPY, PolicyVersionForm
from supervisiondesk.policies.models import PolicyVersion
from supervisiondesk.policies.policy import preset_text
from supervisiondesk.policies.summary import summarise


def _organisation(request: HttpRequest) -> Organisation:
    if request.organisation is None:
        raise Http404  # an account with no staff record has no organisation
    return request.organisation


def _may_change(request: HttpRequest) -> bool:
    return Role.ADMINISTRATOR in roles_of(request.user)


def _text(version) -> str:
    """The file of a version: its own text, or the preset's."""
    return preset_text(version.preset) if version.preset else version.document


@login_required
def policy(request: HttpRequest) -> HttpResponse:
    """Everyone in the organisation may read the policy that rules their supervision."""
    organisation = _organisation(request)
    today = timezone.localdate()
    history = selectors.policy_history(organisation=organisation, on=today)
    current = next((row for row in history if row.in_force), None)
    context = {
        "today": today,
        "history": history,
        "current": current,
        "summary": summarise(current.policy) if current else None,
        "text": _text(current.version) if current else "",
        "may_change": _may_change(request),
    }
    return render(request, "policies/policy.html", context)


@login_required
def version_new(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    if not _may_change(request):
        raise Http404
    today = timezone.localdate()
    history = selectors.policy_history(organisation=organisation, on=today)
    current = next((row for row in history if row.in_force), None)
    if request.method == "POST":
        form = PolicyVersionForm(request.POST)
        if form.is_valid():
            own = form.cleaned_data["source"] == OWN_COPY
            try:
                version = services.policy_version_add(
                    organisation=organisation,
                    effective_from=form.cleaned_data["effective_from"],
                    preset="" if own else form.cleaned_data["source"],
                    document=form.cleaned_data["document"] if own else "",
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    target = {"preset": "source", "__all__": None}.get(field, field)
                    if target not in form.fields:
                        target = None
                    for problem in problems:
                        form.add_error(target, problem)
            else:
                messages.success(
                    request,
                    _("Policy %(id)s takes effect on %(date)s.")
                    % {"id": version.policy_id, "date": version.effective_from.isoformat()},
                )
                return redirect("policies:policy")
    else:
        form = PolicyVersionForm(
            initial={
                "effective_from": today,
                "source": current.version.preset or OWN_COPY if current else OWN_COPY,
                "document": _text(current.version) if current else "",
            }
        )
    return render(request, "policies/version_new.html", {"form": form, "current": current})


@login_required
def version_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """POST only: withdraw a version that has not yet taken effect."""
    organisation = _organisation(request)
    if not _may_change(request) or request.method != "POST":
        raise Http404
    version = get_object_or_404(PolicyVersion, pk=pk, organisation=organisation)
    try:
        services.policy_version_withdraw(version=version, today=timezone.localdate())
    except services.PolicyVersionInForce:
        messages.error(request, _("A version that has taken effect cannot be withdrawn."))
    else:
        messages.success(
            request,
            _("The version from %(date)s is withdrawn.")
            % {"date": version.effective_from.isoformat()},
        )
    return redirect("policies:policy")
