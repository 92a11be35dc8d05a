"""The CPD log: a worker's entries (downloadable), a new entry (from a
supervision session too) and an entry's changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from supervisiondesk.development import access, columns, forms, selectors, services
from supervisiondesk.development.views.common import form_errors, own_staff, pk_param
from supervisiondesk.privacy import development_rules as rules
from supervisiondesk.privacy.development_rules import Record
from supervisiondesk.privacy.models import Channel
from supervisiondesk.reports import exports
from supervisiondesk.supervision import access as supervision_access
from supervisiondesk.supervision.services.common import organisation_today


@login_required
def log(request: HttpRequest, staff_pk: int) -> HttpResponse:
    own_staff(request)
    downloading = exports.requested(request) is not None
    person = access.cpd_log_for(
        request.user, staff_pk, channel=Channel.DOWNLOAD if downloading else Channel.PAGE
    )
    year = request.GET.get("year", "")
    found = selectors.cpd_log(worker=person.staff, year=int(year) if year.isdigit() else None)
    response = exports.answer(
        request,
        list_name="development:cpd",
        title=_("CPD log"),
        columns=columns.cpd_columns(),
        rows=found.entries,
        filters={"year": year or "all"},
        subjects=columns.cpd_subjects,
        about=person.staff.staff_id,
    )
    if response:
        return response
    return render(
        request,
        "development/cpd.html",
        {
            "person": person,
            "worker": person.staff,
            "log": found,
            "writes": person.writes(Record.CPD_LOG),
        },
    )


def _whose(request: HttpRequest, staff):
    """For whom a new entry is written, and the session it comes from:
    `?session=` (a session the user may change: its people), `?worker=` (a
    worker whose log the user writes), or the user's own log."""
    session_pk, worker_pk = pk_param(request, "session"), pk_param(request, "worker")
    if session_pk is not None:
        session = supervision_access.session_for(request.user, session_pk, edit=True)
        attendees = list(session.supervisees.order_by("name", "pk"))
        if session.supervisor_id == staff.pk:
            return attendees, session
        # A supervisee adds to their own log only.
        return [a for a in attendees if a.pk == staff.pk], session
    if worker_pk is not None:
        person = access.person_for(request.user, worker_pk, record=Record.CPD_LOG, write=True)
        return [person.staff], None
    return [staff], None


@login_required
def new(request: HttpRequest) -> HttpResponse:
    staff = own_staff(request)
    workers, session = _whose(request, staff)
    if not workers:
        raise Http404
    today = organisation_today(staff.organisation)
    form = forms.CpdNewForm(
        request.POST or None,
        workers=workers,
        initial={
            "date": session.date if session else today,
            "title": _("Supervision on %(date)s") % {"date": date_format(session.date, "j M Y")}
            if session
            else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        worker = form.chosen_worker()
        data = form.cleaned_data
        try:
            if worker is None:
                raise ValidationError({"worker": _("Choose whose log it goes in.")})
            services.cpd_entry_add(
                worker=worker,
                date=data["date"],
                title=data["title"],
                hours=data["hours"],
                learning=data["learning"],
                practice_change=data["practice_change"],
                evidence=data["evidence"],
                session=session,
                by=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Added to the CPD log of %(name)s.") % {"name": worker})
            if rules.may_read_cpd_log(request.user, worker):
                return redirect("development:cpd", staff_pk=worker.pk)
            return redirect("development:mine")
    return render(
        request,
        "development/cpd_form.html",
        {"form": form, "session": session, "workers": workers, "entry": None},
    )


@login_required
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    """An entry, for the log's writers to correct; the worker may remove it."""
    own_staff(request)
    found = access.cpd_entry_for(request.user, pk, edit=True)
    if request.method == "POST" and request.POST.get("remove"):
        try:
            services.cpd_entry_remove(entry=found, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("development:cpd_entry", pk=pk)
        messages.success(request, _("Entry removed."))
        return redirect("development:cpd", staff_pk=found.worker_id)
    form = forms.CpdForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.cpd_entry_change(
                entry=found,
                date=data["date"],
                title=data["title"],
                hours=data["hours"],
                learning=data["learning"],
                practice_change=data["practice_change"],
                evidence=data["evidence"],
                by=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Entry saved."))
            return redirect("development:cpd", staff_pk=found.worker_id)
    return render(
        request,
        "development/cpd_form.html",
        {"form": form, "entry": found, "session": found.session, "workers": [found.worker]},
    )
