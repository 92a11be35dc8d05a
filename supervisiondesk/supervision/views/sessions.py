"""Pages: my supervision, planning a session, its page and its agenda. The
record, case discussions, actions and sign-off are in views.records; group
sessions have their own pages (views.groups)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervisiondesk.people.models import StaffMember, SupervisoryRelationship
from supervisiondesk.people.selectors import active_on
from supervisiondesk.reports import exports
from supervisiondesk.supervision import access, columns, selectors
from supervisiondesk.supervision.choices import Function, SessionKind, SessionStatus
from supervisiondesk.supervision.forms import sessions as forms
from supervisiondesk.supervision.services import sessions
from supervisiondesk.supervision.services.common import organisation_today
from supervisiondesk.supervision.views.common import (
    attempt,
    cases_queryset,
    form_errors,
    session_url,
    supervisees_of,
)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    staff = access.staff_of(request.user)
    today = organisation_today(staff.organisation)
    overview = selectors.overview_of(staff=staff, today=today)
    if response := _overview_export(request, overview):
        return response
    context = {
        "overview": overview,
        "supervises": SupervisoryRelationship.objects.filter(
            active_on(today), supervisor=staff
        ).exists(),
    }
    return render(request, "supervision/overview.html", context)


def _overview_export(request: HttpRequest, overview: selectors.Overview) -> HttpResponse | None:
    """One of the page's lists as a file (`?format=csv&list=to_write`)."""
    today = overview.today
    lists = {
        "upcoming": (_("Coming up"), columns.session_columns(), overview.upcoming),
        "to_write": (
            _("Records to write and sign"),
            columns.session_columns(waiting=True),
            overview.to_write,
        ),
        "to_sign": (
            _("Records shared with you to sign"),
            columns.session_columns(),
            overview.to_sign,
        ),
        "my_actions": (
            _("My open actions"),
            columns.action_columns(today, owner=False),
            overview.my_actions,
        ),
        "their_actions": (
            _("Overdue actions of your supervisees"),
            columns.action_columns(today),
            overview.supervisees_overdue,
        ),
    }
    chosen = exports.requested_list(request, list(lists))
    if chosen is None:
        return None
    title, chosen_columns, rows = lists[chosen]
    sessions_list = chosen in ("upcoming", "to_write", "to_sign")
    return exports.answer(
        request,
        list_name=f"supervision:overview:{chosen}",
        title=title,
        columns=chosen_columns,
        rows=rows,
        filters={"list": chosen},
        subjects=columns.session_subjects if sessions_list else columns.action_subjects,
    )


@login_required
def session_new(request: HttpRequest) -> HttpResponse:
    staff = access.staff_of(request.user)
    today = organisation_today(staff.organisation)
    supervisees = supervisees_of(staff, today)
    if not supervisees.exists():
        raise Http404
    rearranges = None
    if request.GET.get("rearranges", "").isdigit():
        rearranges = access.session_for(request.user, int(request.GET["rearranges"]), edit=True)
    initial = {"date": today + timedelta(days=7), "planned_minutes": 90}
    if request.GET.get("supervisee", "").isdigit():
        initial["supervisee"] = int(request.GET["supervisee"])
    if rearranges is not None:
        first = rearranges.attendees.first()
        initial.update(
            supervisee=first.staff_id if first else None,
            kind=rearranges.kind,
            planned_minutes=rearranges.planned_minutes,
            mode=rearranges.mode,
            place=rearranges.place,
            video_link=rearranges.video_link,
            start_time=rearranges.start_time,
        )
    form = forms.PlanForm(request.POST or None, supervisees=supervisees, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = sessions.session_plan(
                supervisor=staff,
                supervisee=data["supervisee"],
                kind=data["kind"],
                date=data["date"],
                start_time=data["start_time"],
                planned_minutes=data["planned_minutes"],
                mode=data["mode"],
                place=data["place"],
                video_link=data["video_link"],
                rearranges=rearranges,
                by=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Session planned. Both of you can add to its agenda."))
            return redirect(session_url(session))
    return render(request, "supervision/session_new.html", {"form": form, "rearranges": rearranges})


@login_required
def session(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for(request.user, pk)
    if session.kind == SessionKind.GROUP:
        return redirect("supervision:group_session", pk=session.pk)
    staff = access.staff_of(request.user)
    today = organisation_today(session.organisation)
    is_supervisor = session.supervisor_id == staff.pk
    is_supervisee = session.attendees.filter(staff=staff).exists()
    sessions.sections_ensure(session=session)
    # Managers, auditors and need-to-know readers read the record without
    # the worker's wellbeing and personal notes, and change nothing.
    page = selectors.session_page(session=session, show_personal=is_supervisor or is_supervisee)
    writable = (
        (is_supervisor or is_supervisee)
        and session.status in (SessionStatus.PLANNED, SessionStatus.HELD)
        and not session.is_locked
        and not (session.is_formal and session.supervisor_signed_on)
    )
    cases = sessions.supervisee_cases(session, min(session.date, today))
    discussed = {d.discussion.case_id for d in page.discussions}
    context = {
        "page": page,
        "session": session,
        "today": today,
        "is_supervisor": is_supervisor,
        "is_supervisee": is_supervisee,
        "read_only": not (is_supervisor or is_supervisee),
        "writable": writable,
        # Several forms on one page: ids of their own, so each label finds its field.
        "agenda_form": forms.AgendaItemForm(
            sections=[s.section for s in page.sections],
            cases=cases_queryset(cases),
            auto_id="agenda_%s",
        ),
        "case_form": forms.CaseForm(
            cases=cases_queryset([c for c in cases if c.pk not in discussed]), auto_id="discuss_%s"
        ),
        "action_form": forms.ActionForm(
            people=StaffMember.objects.filter(
                pk__in=[session.supervisor_id, *[a.staff_id for a in page.attendees]]
            ).order_by("name"),
            discussions=session.case_discussions.select_related("case"),
            initial={"due_on": max(today, session.date) + timedelta(days=14)},
            auto_id="action_%s",
        ),
        "edits_form": forms.RequestEditsForm(auto_id="edits_%s"),
        "sign_form": forms.SuperviseeSignForm(auto_id="sign_%s"),
        "may_record": is_supervisor and session.date <= today and writable,
        "function_labels": [Function(f).label for f in session.functions if f in Function.values],
    }
    return render(request, "supervision/session.html", context)


@login_required
def session_change(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for(request.user, pk, edit=True)
    if session.supervisor_id != access.staff_of(request.user).pk:
        raise Http404
    form = forms.ChangeForm(
        request.POST or None,
        initial={
            name: getattr(session, name)
            for name in ("date", "start_time", "planned_minutes", "mode", "place", "video_link")
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            sessions.session_change(session=session, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Session changed."))
            return redirect(session_url(session))
    return render(request, "supervision/session_change.html", {"form": form, "session": session})


@login_required
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for(request.user, pk, edit=True)
    form = forms.CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sessions.session_cancel(session=session, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Done. The other party sees why on the session's page."))
            return redirect(session_url(session))
    return render(request, "supervision/session_cancel.html", {"form": form, "session": session})


@require_POST
@login_required
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for(request.user, pk, edit=True)
    today = organisation_today(session.organisation)
    form = forms.AgendaItemForm(
        request.POST,
        sections=list(session.sections.all()),
        cases=cases_queryset(sessions.supervisee_cases(session, min(session.date, today))),
    )
    if not form.is_valid():
        messages.error(request, _("Choose an agenda item and write what to talk about."))
    else:
        attempt(
            request,
            lambda: sessions.agenda_item_add(session=session, by=request.user, **form.cleaned_data),
            _("Added to the agenda."),
        )
    return redirect(session_url(session) + "#agenda")


@require_POST
@login_required
def agenda_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """Whoever added an item takes it off again, before the session."""
    session = access.session_for(request.user, pk, edit=True)
    found = session.agenda_items.filter(pk=item, action__isnull=True).first()
    if found is None:
        raise Http404
    attempt(
        request,
        lambda: sessions.agenda_item_remove(item=found, by=request.user),
        _("Taken off the agenda."),
    )
    return redirect(session_url(session) + "#agenda")
