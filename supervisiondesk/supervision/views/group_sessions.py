"""Pages: one group session (a case brought to it: views.group_discussions).

The session page holds every form of the meeting (attendance and roles,
cases brought, the group's notes, actions, completing and amending the
record); each posts to its own URL and, when refused, the page is shown
again with that form's errors and the text typed kept. Writes go through
services.groups and services.records only."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervisiondesk.people.models import Case, CasePeriod, StaffMember
from supervisiondesk.people.selectors import active_on
from supervisiondesk.supervision import access, selectors
from supervisiondesk.supervision.choices import AttendeeRole, SessionKind, SessionStatus
from supervisiondesk.supervision.forms import groups as forms
from supervisiondesk.supervision.models import CaseDiscussion, SupervisionSession
from supervisiondesk.supervision.services import groups as services
from supervisiondesk.supervision.services import records
from supervisiondesk.supervision.services.common import EditConflict, organisation_today
from supervisiondesk.supervision.services.sessions import supervisee_cases
from supervisiondesk.supervision.views.common import form_errors

STEP_FIELDS = (
    "step_task",
    "step_presentation",
    "step_questions",
    "step_reflection",
    "step_feedback",
    "step_actions_risk",
)


def group_session_url(session: SupervisionSession, anchor: str = "") -> str:
    return reverse("supervision:group_session", args=[session.pk]) + (
        f"#{anchor}" if anchor else ""
    )


def _group_session_for(request: HttpRequest, pk: int) -> SupervisionSession:
    """A group session to change: its people only."""
    session = access.session_for(request.user, pk, edit=True)
    if session.kind != SessionKind.GROUP:
        raise Http404
    return session


def record_open(session: SupervisionSession) -> bool:
    return session.status in (SessionStatus.PLANNED, SessionStatus.HELD) and not session.is_locked


def _session_context(request: HttpRequest, session: SupervisionSession, **bound) -> dict:
    """Everything the session page shows; `bound` replaces a blank form by
    the one just posted (with its errors), `conflict` marks an edit conflict
    on the group's notes."""
    staff = access.staff_of(request.user)
    today = organisation_today(session.organisation)
    is_party = session.supervisor_id == staff.pk or session.attendees.filter(staff=staff).exists()
    # Readers from outside the group (a manager, an auditor) see no
    # personal notes and no forms.
    page = selectors.session_page(session=session, show_personal=is_party)
    attendees = page.attendees
    recorder = any(a.staff_id == staff.pk and a.role == AttendeeRole.RECORDER for a in attendees)
    may_write = session.supervisor_id == staff.pk or recorder
    is_open = record_open(session) and is_party
    discussed = {v.discussion.case_id for v in page.discussions}
    people = [session.supervisor, *[a.staff for a in attendees]]
    context = {
        "session": session,
        "page": page,
        "today": today,
        "is_facilitator": session.supervisor_id == staff.pk,
        "read_only": not is_party,
        "may_write": may_write,
        "is_open": is_open,
        "may_record": may_write and is_open and session.date <= today,
        "conflict": bound.get("conflict", False),
        "discussions": [(v, _steps_done(v.discussion)) for v in page.discussions],
        "agreed_actions": sorted(
            [*page.actions, *(a for v in page.discussions for a in v.actions)],
            key=lambda a: (a.due_on, a.pk),
        ),
    }
    if may_write and is_open:
        context["attendance_form"] = bound.get("attendance_form") or forms.AttendanceForm(
            attendees=attendees
        )
    if is_open:
        cases = [
            c for c in supervisee_cases(session, min(session.date, today)) if c.pk not in discussed
        ]
        context["case_form"] = bound.get("case_form") or _case_form(
            session, attendees, cases, today
        )
        context["action_form"] = bound.get("action_form") or forms.GroupActionForm(
            people=StaffMember.objects.filter(pk__in=[p.pk for p in people]).order_by("name"),
            discussions=CaseDiscussion.objects.filter(session=session)
            .select_related("case")
            .order_by("case__case_id"),
            initial={"due_on": max(today, session.date) + timedelta(days=14)},
        )
    if context["may_record"]:
        context["record_form"] = bound.get("record_form") or forms.GroupRecordForm(
            sections=[v.section for v in page.sections],
            initial={
                "record_version": session.record_version,
                "duration_minutes": session.duration_minutes or session.planned_minutes,
                **{f"section_{v.section.key}": v.section.text for v in page.sections},
            },
        )
    if session.is_locked and is_party:
        context["amend_form"] = bound.get("amend_form") or forms.GroupAmendForm(
            targets=_amend_targets(session)
        )
    # A refused form the page no longer shows (the record was locked
    # meanwhile, say): its reasons become messages rather than vanish.
    for name, form in bound.items():
        if name != "conflict" and context.get(name) is not form:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
    return context


def _steps_done(discussion: CaseDiscussion) -> int:
    return sum(1 for name in STEP_FIELDS if getattr(discussion, name).strip())


def _case_form(session, attendees, cases, today, data=None) -> forms.CaseBringForm:
    """Cases allocated to the attendees, each shown with its worker; the
    presenter is an attendee not recorded as absent."""
    ids = [c.pk for c in cases]
    workers = dict(
        CasePeriod.objects.filter(active_on(min(session.date, today)), case__in=ids)
        .order_by("start_date")
        .values_list("case", "worker__name")
    )
    return forms.CaseBringForm(
        data,
        cases=Case.objects.filter(pk__in=ids).order_by("case_id"),
        presenters=StaffMember.objects.filter(
            pk__in=[a.staff_id for a in attendees if a.present is not False]
        ).order_by("name"),
        workers=workers,
    )


def _amend_targets(session: SupervisionSession) -> list[tuple[str, str]]:
    return [
        ("", _("The record as a whole")),
        *[(f"section-{s.pk}", s.title) for s in session.sections.all()],
        *[
            (f"case-{d.pk}", _("Case %(id)s") % {"id": d.case.case_id})
            for d in session.case_discussions.select_related("case").order_by("case__case_id")
        ],
    ]


def _render(request: HttpRequest, session: SupervisionSession, **bound) -> HttpResponse:
    context = _session_context(request, session, **bound)
    return render(request, "supervision/groups/session.html", context)


@login_required
def group_session(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for(request.user, pk)
    if session.kind != SessionKind.GROUP:
        return redirect("supervision:session", pk=session.pk)
    return _render(request, session)


@require_POST
@login_required
def group_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = _group_session_for(request, pk)
    attendees = list(session.attendees.select_related("staff").order_by("staff__name"))
    form = forms.AttendanceForm(request.POST, attendees=attendees)
    if form.is_valid():
        try:
            services.attendance_record(
                session=session, present=form.present(), roles=form.roles(), by=request.user
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Attendance and roles saved."))
            return redirect(group_session_url(session, "attendance"))
    return _render(request, session, attendance_form=form)


@require_POST
@login_required
def group_case_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = _group_session_for(request, pk)
    today = organisation_today(session.organisation)
    attendees = list(session.attendees.select_related("staff"))
    cases = supervisee_cases(session, min(session.date, today))
    form = _case_form(session, attendees, cases, today, data=request.POST)
    if form.is_valid():
        try:
            discussion = services.group_case_bring(
                session=session,
                case=form.cleaned_data["case"],
                presented_by=form.cleaned_data["presented_by"],
                by=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(
                request,
                _("Case %(id)s added: write its dilemma and summary before the session.")
                % {"id": discussion.case.case_id},
            )
            return redirect("supervision:group_discussion", pk=discussion.pk)
    return _render(request, session, case_form=form)


@require_POST
@login_required
def group_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The group's notes and how long it lasted. The first save marks the
    session held; a save over someone else's keeps this text on the page."""
    session = _group_session_for(request, pk)
    form = forms.GroupRecordForm(request.POST, sections=list(session.sections.all()))
    if form.is_valid():
        try:
            records.record_save(
                session=session,
                expected_version=form.cleaned_data["record_version"],
                by=request.user,
                sections=form.section_texts(),
                duration_minutes=form.cleaned_data["duration_minutes"],
            )
        except EditConflict as error:
            form_errors(form, error)
            session.refresh_from_db()
            return _render(request, session, record_form=form, conflict=True)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The group's record is saved."))
            return redirect(group_session_url(session, "record"))
    return _render(request, session, record_form=form)


@require_POST
@login_required
def group_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = _group_session_for(request, pk)
    people = [session.supervisor_id, *session.attendees.values_list("staff", flat=True)]
    form = forms.GroupActionForm(
        request.POST,
        people=StaffMember.objects.filter(pk__in=people),
        discussions=CaseDiscussion.objects.filter(session=session).select_related("case"),
    )
    if form.is_valid():
        try:
            records.action_add(session=session, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Action point added."))
            return redirect(group_session_url(session, "actions"))
    return _render(request, session, action_form=form)


@require_POST
@login_required
def group_complete(request: HttpRequest, pk: int) -> HttpResponse:
    session = _group_session_for(request, pk)
    try:
        records.record_complete(session=session, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Record completed and locked. Copy each case to the child's record.")
        )
    return redirect(group_session_url(session, "complete"))


@require_POST
@login_required
def group_amend(request: HttpRequest, pk: int) -> HttpResponse:
    session = _group_session_for(request, pk)
    form = forms.GroupAmendForm(request.POST, targets=_amend_targets(session))
    if form.is_valid():
        target = form.cleaned_data["target"]
        sections = {f"section-{s.pk}": s for s in session.sections.all()}
        discussions = {f"case-{d.pk}": d for d in session.case_discussions.all()}
        try:
            records.record_amend(
                session=session,
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
                section=sections.get(target),
                case_discussion=discussions.get(target),
                by=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Amendment added beside the record."))
            return redirect(group_session_url(session, "complete"))
    return _render(request, session, amend_form=form)
