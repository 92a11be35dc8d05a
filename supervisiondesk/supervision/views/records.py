"""Pages: the record of a session, its case discussions, actions, sign-off
and amendments. Every write goes through services.records."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervisiondesk.people.models import StaffMember
from supervisiondesk.policies.selectors import policy_timeline
from supervisiondesk.reports import exports
from supervisiondesk.supervision import access, columns, selectors
from supervisiondesk.supervision.choices import Function, SessionKind
from supervisiondesk.supervision.forms import sessions as forms
from supervisiondesk.supervision.services import records, sessions
from supervisiondesk.supervision.services.common import EditConflict, organisation_today
from supervisiondesk.supervision.views.common import (
    attempt,
    cases_queryset,
    form_errors,
    session_url,
)


@login_required
def record(request: HttpRequest, pk: int) -> HttpResponse:
    """The record's sections, duration and functions: the supervisor writes
    them; a conflicting save is refused and the text kept on the form."""
    session = access.session_for(request.user, pk, edit=True)
    if session.kind == SessionKind.GROUP:
        return redirect("supervision:group_session", pk=session.pk)
    staff = access.staff_of(request.user)
    if not records.may_write_record(session, staff):
        raise Http404
    sessions.sections_ensure(session=session)
    policy = policy_timeline(organisation=session.organisation).at(session.date)
    functions = [(f, Function(f).label) for f in policy.functions]
    sections = list(session.sections.all())
    initial = {
        "record_version": session.record_version,
        "duration_minutes": session.duration_minutes or session.planned_minutes,
        "functions": session.functions,
        **{f"section_{s.key}": s.text for s in sections},
    }
    form = forms.RecordForm(
        request.POST or None, sections=sections, functions=functions, initial=initial
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            records.record_save(
                session=session,
                expected_version=form.cleaned_data["record_version"],
                by=request.user,
                sections=form.section_texts(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                functions=form.cleaned_data["functions"],
            )
        except EditConflict as error:
            conflict = True
            form_errors(form, error)
            session.refresh_from_db()
            sections = list(session.sections.all())
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Record saved."))
            return redirect(session_url(session))
    if request.method != "POST":
        sessions.actions_bring_forward(session=session)
    context = {
        "form": form,
        "session": session,
        "conflict": conflict,
        "saved": {s.key: s.text for s in sections},
        "saved_version": session.record_version,
    }
    return render(request, "supervision/record.html", context)


@require_POST
@login_required
def discussion_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for(request.user, pk, edit=True)
    today = organisation_today(session.organisation)
    form = forms.CaseForm(
        request.POST,
        cases=cases_queryset(sessions.supervisee_cases(session, min(session.date, today))),
    )
    if not form.is_valid():
        messages.error(request, _("Choose a case allocated to someone in this session."))
        return redirect(session_url(session) + "#cases")
    try:
        discussion = records.case_discussion_add(
            session=session, case=form.cleaned_data["case"], by=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(session_url(session) + "#cases")
    return redirect("supervision:discussion_edit", pk=discussion.pk)


@login_required
def discussion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    discussion = access.discussion_for(request.user, pk, edit=True)
    session = discussion.session
    if session.kind == SessionKind.GROUP:
        return redirect("supervision:group_discussion", pk=discussion.pk)
    initial = {
        "version": discussion.version,
        **{name: getattr(discussion, name) for name in forms.DiscussionForm.base_fields},
    }
    initial["version"] = discussion.version
    form = forms.DiscussionForm(request.POST or None, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            records.case_discussion_save(
                discussion=discussion,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                **form.changes(),
            )
        except EditConflict as error:
            conflict = True
            form_errors(form, error)
            discussion.refresh_from_db()
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Case discussion saved."))
            return redirect(session_url(session) + f"#case-{discussion.pk}")
    names = selectors.user_names((discussion.authors or {}).values())
    authors = {k: names.get(v, "") for k, v in (discussion.authors or {}).items()}
    fields = []
    for name in form.changes_fields():
        saved = getattr(discussion, name)
        differs = conflict and str(saved or "") != str(form.cleaned_data.get(name) or "")
        fields.append((form[name], authors.get(name, ""), saved if differs else None))
    context = {
        "form": form,
        "fields": fields,
        "discussion": discussion,
        "session": session,
        "conflict": conflict,
    }
    return render(request, "supervision/discussion_edit.html", context)


@require_POST
@login_required
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for(request.user, pk, edit=True)
    form = forms.ActionForm(
        request.POST,
        people=StaffMember.objects.filter(organisation=session.organisation),
        discussions=session.case_discussions.all(),
    )
    if not form.is_valid():
        messages.error(request, _("An action needs what, who and by when."))
    else:
        attempt(
            request,
            lambda: records.action_add(session=session, by=request.user, **form.cleaned_data),
            _("Action added."),
        )
    return redirect(session_url(session) + "#actions")


@login_required
def actions(request: HttpRequest) -> HttpResponse:
    staff = access.staff_of(request.user)
    status = request.GET.get("status", "open")
    rows = selectors.actions_of(staff=staff, status=status if status != "all" else None)
    today = organisation_today(staff.organisation)
    response = exports.answer(
        request,
        list_name="supervision:actions",
        title=_("Actions"),
        columns=columns.action_columns(today),
        rows=rows,
        filters={"status": status},
        subjects=columns.action_subjects,
    )
    if response:
        return response
    return render(
        request,
        "supervision/actions.html",
        {"rows": rows, "today": today, "status": status, "staff": staff},
    )


@require_POST
@login_required
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = access.action_for(request.user, pk, edit=True)
    form = forms.ActionUpdateForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: records.action_update(action=action, by=request.user, **form.cleaned_data),
            _("Action updated."),
        )
    back = request.POST.get("next", "")
    if back.startswith("/supervision/") and "//" not in back:
        return redirect(back)
    return redirect("supervision:actions")


@require_POST
@login_required
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    """One button, two meanings: the supervisor signs and shares, the
    supervisee signs (with any disagreement). The service checks which."""
    session = access.session_for(request.user, pk, edit=True)
    if session.supervisor_id == access.staff_of(request.user).pk:
        attempt(
            request,
            lambda: records.record_sign_as_supervisor(session=session, by=request.user),
            _("Signed and shared with the supervisee."),
        )
    else:
        form = forms.SuperviseeSignForm(request.POST)
        form.is_valid()
        attempt(
            request,
            lambda: records.record_sign_as_supervisee(
                session=session,
                by=request.user,
                disagreement=form.cleaned_data.get("disagreement", ""),
            ),
            _("Signed. The record is now locked."),
        )
    return redirect(session_url(session) + "#sign-off")


@require_POST
@login_required
def request_edits(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for(request.user, pk, edit=True)
    form = forms.RequestEditsForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    attempt(
        request,
        lambda: records.record_request_edits(session=session, text=text, by=request.user),
        _("Your request went back to the supervisor."),
    )
    return redirect(session_url(session) + "#sign-off")


@require_POST
@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for(request.user, pk, edit=True)
    attempt(
        request,
        lambda: records.record_signature_withdraw(session=session, by=request.user),
        _("Signature taken back: you can correct the record."),
    )
    return redirect(session_url(session) + "#sign-off")


@require_POST
@login_required
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for(request.user, pk, edit=True)
    attempt(
        request,
        lambda: records.record_complete(session=session, by=request.user),
        _("Record completed."),
    )
    return redirect(session_url(session))


@login_required
def amend(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for(request.user, pk, edit=True)
    if session.kind == SessionKind.GROUP:
        return redirect("supervision:group_session", pk=session.pk)
    sections = {f"section-{s.pk}": s for s in session.sections.all()}
    discussions = {f"case-{d.pk}": d for d in session.case_discussions.select_related("case")}
    targets = [
        ("", _("The record as a whole")),
        *[(key, s.title) for key, s in sections.items()],
        *[(key, _("Case %(id)s") % {"id": d.case.case_id}) for key, d in discussions.items()],
    ]
    form = forms.AmendForm(
        request.POST or None, targets=targets, initial={"target": request.GET.get("target", "")}
    )
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
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
            return redirect(session_url(session))
    return render(request, "supervision/amend.html", {"form": form, "session": session})


@require_POST
@login_required
def discussion_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """A case added by mistake comes out of the record while it is open."""
    discussion = access.discussion_for(request.user, pk, edit=True)
    session = discussion.session
    attempt(
        request,
        lambda: records.case_discussion_remove(discussion=discussion, by=request.user),
        _("Case taken out of the record."),
    )
    return redirect(session_url(session) + "#cases")
