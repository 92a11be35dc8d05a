"""Pages: supervision agreements. Every record comes through `access` (404
alike for "not there" and "not yours"); every change through
`services.agreements`, whose refusals are shown on the page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from supervisiondesk.people.models import StaffMember, SupervisoryRelationship
from supervisiondesk.reports import exports
from supervisiondesk.supervision import access, columns
from supervisiondesk.supervision import agreement_selectors as selectors
from supervisiondesk.supervision.forms.agreements import AgreementVersionForm, ReviewForm
from supervisiondesk.supervision.models import AgreementVersion, SupervisionAgreement
from supervisiondesk.supervision.services import agreements as services
from supervisiondesk.supervision.services.common import (
    EditConflict,
    NotAllowed,
    organisation_today,
)


def _detail_url(agreement: SupervisionAgreement) -> str:
    return reverse("supervision:agreement", args=[agreement.pk])


def _messages_of(error: NotAllowed) -> list[str]:
    return [str(m) for m in error.messages]


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    staff = access.staff_of(request.user)
    today = organisation_today(staff.organisation)
    states = selectors.agreement_states(user=request.user, on=today)
    response = exports.answer(
        request,
        list_name="supervision:agreements",
        title=_("Supervision agreements"),
        columns=columns.AGREEMENT_COLUMNS,
        rows=states,
        subjects=columns.agreement_subjects,
    )
    if response:
        return response
    context = {
        "today": today,
        "states": states,
        "startable": selectors.startable(staff=staff, on=today),
        "me": staff,
    }
    return render(request, "supervision/agreements/list.html", context)


def _start_target(request: HttpRequest, staff: StaffMember, today):
    """The supervisee or group of `?supervisee=` / `?group=`, only when the
    user supervises them today or facilitates it: anyone else gets 404."""
    params = request.GET if request.method == "GET" else request.POST
    supervisee_pk, group_pk = params.get("supervisee"), params.get("group")
    if supervisee_pk and supervisee_pk.isdigit() and not group_pk:
        relationship = (
            SupervisoryRelationship.objects.filter(
                selectors.active_on(today), supervisor=staff, supervisee_id=int(supervisee_pk)
            )
            .select_related("supervisee")
            .first()
        )
        if relationship is None:
            raise Http404
        return relationship.supervisee, None
    if group_pk and group_pk.isdigit() and not supervisee_pk:
        group = access.group_for(request.user, int(group_pk), edit=True)
        if group.facilitator_id != staff.pk:
            raise Http404
        return None, group
    return None, None


@login_required
def agreement_new(request: HttpRequest) -> HttpResponse:
    """GET shows whom the agreement is with (or, with no one named, whom the
    user may start one with); POST starts it."""
    staff = access.staff_of(request.user)
    today = organisation_today(staff.organisation)
    supervisee, group = _start_target(request, staff, today)
    if supervisee is None and group is None:
        if request.method == "POST":
            raise Http404
        startable = selectors.startable(staff=staff, on=today)
        return render(request, "supervision/agreements/choose.html", {"startable": startable})
    existing = SupervisionAgreement.objects.filter(
        **({"group": group} if group else {"supervisor": staff, "supervisee": supervisee})
    ).first()
    errors: list[str] = []
    if request.method == "POST" and existing is None:
        try:
            agreement = services.agreement_start(
                supervisor=staff, supervisee=supervisee, group=group, by=request.user
            )
        except NotAllowed as error:
            errors = _messages_of(error)
        else:
            messages.success(
                request,
                _(
                    "The agreement is started, with wording from your policy: "
                    "change it together, then both sign."
                ),
            )
            return redirect("supervision:agreement_edit", pk=agreement.pk)
    context = {"supervisee": supervisee, "group": group, "existing": existing, "errors": errors}
    return render(request, "supervision/agreements/new.html", context)


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The agreement in full, who signed, its history; POST signs it or starts
    a review (field `action`), for its parties only."""
    agreement = access.agreement_for(request.user, pk, edit=request.method == "POST")
    staff = access.staff_of(request.user)
    today = organisation_today(staff.organisation)
    review_form = ReviewForm()
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "sign":
                version_pk = request.POST.get("version", "")
                version = (
                    AgreementVersion.objects.filter(agreement=agreement, pk=int(version_pk)).first()
                    if version_pk.isdigit()
                    else None
                )
                if version is None:
                    raise Http404
                services.agreement_sign(version=version, by=request.user)
                version.refresh_from_db(fields=["agreed_on"])
                messages.success(
                    request,
                    _("Signed. Everyone has signed: the agreement is agreed.")
                    if version.agreed_on
                    else _("Signed. The agreement is agreed when everyone has signed."),
                )
                return redirect(_detail_url(agreement))
            if action == "review":
                review_form = ReviewForm(request.POST)
                if review_form.is_valid():
                    version = services.agreement_review_start(
                        agreement=agreement,
                        reason=review_form.cleaned_data["reason"],
                        by=request.user,
                    )
                    messages.success(
                        request,
                        _(
                            "Version %(n)d is started as a copy of the agreed one: change "
                            "it together, then all sign. The agreed version holds until then."
                        )
                        % {"n": version.number},
                    )
                    return redirect("supervision:agreement_edit", pk=agreement.pk)
            else:
                raise Http404
        except NotAllowed as error:
            errors = _messages_of(error)
    state = selectors.agreement_state(agreement=agreement, on=today)
    if state.imported:
        # Its dates came from a data folder; a review writes its first version.
        return render(
            request,
            "supervision/agreements/imported.html",
            {
                "state": state,
                "is_party": state.is_party(staff),
                "review_form": review_form,
                "errors": errors,
            },
        )
    shown = state.latest
    asked = request.GET.get("version")
    if asked:
        shown = next((v for v in state.versions if str(v.number) == asked), None)
        if shown is None:
            raise Http404
    external = selectors.is_external(agreement, today)
    party = state.is_party(staff)
    latest_open = state.latest.agreed_on is None
    context = {
        "state": state,
        "shown": shown,
        "fields": _contents(shown, external=external, group=agreement.group_id is not None),
        "signatures": list(shown.signatures.all()),
        "me": staff,
        "is_party": party,
        "may_sign": party and latest_open and not state.has_signed(staff),
        "may_edit": party and latest_open,
        "may_review": party and not latest_open,
        "missing": selectors.missing_contents(state.latest, agreement, external=external)
        if latest_open
        else [],
        "review_form": review_form,
        "errors": errors,
        "today": today,
        # Signatures are shown at the organisation's time, whatever the server's.
        "time_zone": staff.organisation.time_zone,
    }
    return render(request, "supervision/agreements/detail.html", context)


def _contents(version: AgreementVersion, *, external: bool, group: bool) -> list[tuple[str, str]]:
    """(label, text) of each part of a version, as the form names them."""
    form = AgreementVersionForm(instance=version, external=external, group=group)
    rows = []
    for name in selectors.CONTENT_FIELDS:
        if name not in form.fields:
            continue
        value = getattr(version, name)
        rows.append((form.fields[name].label, "" if value is None else str(value)))
    return rows


@login_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.agreement_for(request.user, pk, edit=True)
    staff = access.staff_of(request.user)
    today = organisation_today(staff.organisation)
    state = selectors.agreement_state(agreement=agreement, on=today)
    if not state.is_party(staff):
        raise Http404
    version = state.latest
    if version is None:
        return redirect("supervision:agreement", pk=agreement.pk)
    if version.agreed_on is not None:
        messages.error(
            request,
            services.LOCKED,
        )
        return redirect(_detail_url(agreement))
    options = {
        "external": selectors.is_external(agreement, today),
        "group": agreement.group_id is not None,
    }
    saved = None  # the text someone else saved, after an edit conflict
    if request.method == "POST":
        form = AgreementVersionForm(request.POST, instance=version, **options)
        if form.is_valid():
            had_signatures = bool(state.signatures)
            try:
                result = services.agreement_version_save(
                    version=AgreementVersion.objects.get(pk=version.pk),
                    expected_edit_version=form.cleaned_data["edit_version"],
                    by=request.user,
                    **form.contents(),
                )
            except EditConflict as conflict:
                saved = AgreementVersion.objects.get(pk=version.pk)
                # The user's text stays in the form; saving again now would
                # knowingly replace what is shown as saved.
                data = request.POST.copy()
                data["edit_version"] = str(saved.edit_version)
                form = AgreementVersionForm(
                    data, instance=AgreementVersion.objects.get(pk=version.pk), **options
                )
                form.add_error(None, conflict.messages[0])
            except NotAllowed as error:
                for message in _messages_of(error):
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Saved. The signatures given before this change were taken away: sign again.")
                    if had_signatures and result.edit_version != form.cleaned_data["edit_version"]
                    else _("Saved."),
                )
                return redirect(_detail_url(agreement))
    else:
        form = AgreementVersionForm(instance=version, **options)
    context = {
        "state": state,
        "version": version,
        "form": form,
        "saved": _contents(saved, **options) if saved else None,
    }
    return render(request, "supervision/agreements/edit.html", context)
