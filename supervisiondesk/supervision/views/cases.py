"""Pages: a case's supervision history, the text of a discussion for the
child's record, and the quick record of an informal consultation.

Records are fetched through `supervision.access` only (404 alike for "not
there" and "not yours"); every write is a service call.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from supervisiondesk.people.models import StaffMember
from supervisiondesk.people.selectors import supervisees_of
from supervisiondesk.reports import exports
from supervisiondesk.supervision import access, columns
from supervisiondesk.supervision.case_record import (
    as_html,
    as_plain_text,
    case_record,
    prefetch_for_record,
)
from supervisiondesk.supervision.case_selectors import CasePage, case_page
from supervisiondesk.supervision.choices import SessionStatus
from supervisiondesk.supervision.forms.cases import (
    InformalConsultationForm,
    ManagementDecisionForm,
    MarkRecordedForm,
)
from supervisiondesk.supervision.models import CaseDiscussion
from supervisiondesk.supervision.services import cases as services
from supervisiondesk.supervision.services.common import organisation_today
from supervisiondesk.supervision.views.common import form_errors


def _long_date(day) -> str:
    return date_format(day, "j F Y")


# ---------------------------------------------------------------- the case


@login_required
@require_http_methods(["GET", "POST"])
def case(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's discussions across workers and its management decisions;
    POST adds a decision (when the rules allow the user to)."""
    the_case = access.case_for(request.user, pk)
    staff = access.staff_of(request.user)
    page = case_page(case=the_case, user=request.user)
    if response := _case_export(request, page):
        return response
    may_decide = services.may_decide(staff=staff, user=request.user, case=the_case, on=page.today)
    workers = list({p.worker.pk: p.worker for p in page.periods}.values())
    form = None
    if request.method == "POST":
        if not may_decide:
            raise Http404
        form = ManagementDecisionForm(request.POST, workers=workers)
        if form.is_valid():
            try:
                services.management_decision_add(
                    by=request.user, case=the_case, **form.cleaned_data
                )
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(request, _("The decision is recorded on the case."))
                return redirect("supervision:case", pk=the_case.pk)
    elif may_decide:
        form = ManagementDecisionForm(
            workers=workers,
            initial={
                "decided_on": page.today,
                "worker": page.current.worker.pk if page.current else None,
            },
        )
    informal_url = None
    if page.current and services.supervises_today(staff, page.current.worker):
        informal_url = (
            f"{reverse('supervision:informal_new')}"
            f"?supervisee={page.current.worker.pk}&case={the_case.pk}"
        )
    return render(
        request,
        "supervision/cases/case.html",
        {"page": page, "case": the_case, "form": form, "informal_url": informal_url},
    )


def _case_export(request: HttpRequest, page: CasePage) -> HttpResponse | None:
    """One of the case page's lists as a file (`?format=csv&list=decisions`)."""
    lists = {
        "discussions": (
            _("Discussions in supervision"),
            columns.DISCUSSION_COLUMNS,
            page.discussions,
            columns.discussion_subjects,
        ),
        "decisions": (
            _("Management decisions"),
            columns.DECISION_COLUMNS,
            page.decisions,
            columns.decision_subjects,
        ),
        "periods": (
            _("Who held the case"),
            columns.PERIOD_COLUMNS,
            page.periods,
            columns.period_subjects,
        ),
    }
    chosen = exports.requested_list(request, list(lists))
    if chosen is None:
        return None
    title, chosen_columns, rows, subjects = lists[chosen]
    return exports.answer(
        request,
        list_name=f"supervision:case:{chosen}",
        title=f"{page.case.case_id} {title}",
        columns=chosen_columns,
        rows=rows,
        filters={"case": page.case.case_id, "list": chosen},
        subjects=subjects,
        about=page.case.case_id,
    )


# ---------------------------------------------------------------- the child's record


@login_required
@require_http_methods(["GET", "POST"])
def discussion_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """The discussion's text for the child's record, to copy in one click;
    POST says on which day it was written there."""
    # Reading the text is for its readers; saying when it reached the
    # child's record is for the session's people.
    found = access.discussion_for(request.user, pk, edit=request.method == "POST")
    discussion = prefetch_for_record(CaseDiscussion.objects.filter(pk=found.pk)).get()
    session = discussion.session
    today = organisation_today(session.organisation)
    held = session.status == SessionStatus.HELD
    form = None
    if request.method == "POST":
        if not held:
            raise Http404
        form = MarkRecordedForm(request.POST)
        if form.is_valid():
            try:
                services.case_discussion_mark_recorded(
                    discussion=discussion, on=form.cleaned_data["on"], by=request.user
                )
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Written to the child's record on %(date)s.")
                    % {"date": _long_date(form.cleaned_data["on"])},
                )
                return redirect("supervision:discussion_copy", pk=discussion.pk)
    elif held and access.may_edit_session(request.user, session):
        form = MarkRecordedForm(initial={"on": discussion.recorded_on or today})
    if form is not None:
        form.fields["on"].widget.attrs.update(
            {"min": session.date.isoformat(), "max": today.isoformat()}
        )
    record = case_record(discussion)
    text = as_plain_text(record)
    context = {
        "discussion": discussion,
        "session": session,
        "held": held,
        "text": text,
        # The whole text in view, within reason.
        "text_rows": min(max(text.count("\n") + 1, 6), 30),
        # Built from escaped values only (case_record.as_html).
        "html": as_html(record),
        "form": form,
    }
    return render(request, "supervision/cases/discussion_copy.html", context)


# ---------------------------------------------------------------- informal consultations


def _current_supervisees(staff: StaffMember) -> list[StaffMember]:
    today = organisation_today(staff.organisation)
    people = {row.staff.pk: row.staff for row in supervisees_of(staff=staff, on=today)}
    return sorted(people.values(), key=lambda person: person.name)


@login_required
@require_http_methods(["GET", "POST"])
def informal_new(request: HttpRequest) -> HttpResponse:
    """An unplanned consultation with a supervisee, recorded afterwards, with
    the decision it made on a case if any."""
    staff = access.staff_of(request.user)
    supervisees = _current_supervisees(staff)
    if not supervisees:
        raise Http404  # only people who supervise someone today record these
    today = organisation_today(staff.organisation)
    if request.method == "POST":
        form = InformalConsultationForm(request.POST, supervisees=supervisees, today=today)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.informal_consultation_record(
                    supervisor=staff,
                    supervisee=data["supervisee"],
                    date=data["date"],
                    duration_minutes=data["duration_minutes"],
                    notes=data["notes"],
                    case=data["case"],
                    decision=data["decision"],
                    rationale=data["rationale"],
                    by=request.user,
                )
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The consultation with %(name)s is recorded.")
                    % {"name": data["supervisee"].name},
                )
                if data["case"] is not None:
                    return redirect("supervision:case", pk=data["case"].pk)
                return redirect("people:my_supervisees")
    else:
        initial = {"date": today}
        chosen = request.GET.get("supervisee", "")
        if chosen.isdigit() and int(chosen) in {s.pk for s in supervisees}:
            initial["supervisee"] = int(chosen)
        case_pk = request.GET.get("case", "")
        if case_pk.isdigit():  # preselected only if it is among the form's choices
            initial["case"] = int(case_pk)
        form = InformalConsultationForm(initial=initial, supervisees=supervisees, today=today)
    form.fields["date"].widget.attrs["max"] = today.isoformat()
    return render(request, "supervision/cases/informal_new.html", {"form": form})
