"""Audit pages: the auditor's samples, drawing one, a sample with its
grades and actions, grading a record, and the results by team and period."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervisiondesk.accounts.roles import Role
from supervisiondesk.people.models import StaffMember, Team
from supervisiondesk.quality import access, forms, services
from supervisiondesk.quality.selectors import audits as selectors
from supervisiondesk.quality.standards import standard_checks
from supervisiondesk.quality.views.common import form_errors, staff_with_role
from supervisiondesk.quality.vocabulary import Grade, SampleStatus, StandardResult
from supervisiondesk.supervision import access as records
from supervisiondesk.supervision.selectors import session_page
from supervisiondesk.supervision.services.common import organisation_today

RESULT_ROLES = (Role.AUDITOR, Role.DIRECTOR, Role.SENIOR_MANAGER, Role.MANAGER)


@login_required
def samples(request: HttpRequest) -> HttpResponse:
    staff_with_role(request, [Role.AUDITOR])
    context = {"samples": selectors.audit_samples_of(user=request.user)}
    return render(request, "quality/samples.html", context)


@login_required
def draw(request: HttpRequest) -> HttpResponse:
    """An auditor draws a sample of a team's held records over a period."""
    staff = staff_with_role(request, [Role.AUDITOR])
    today = organisation_today(staff.organisation)
    form = forms.SampleDrawForm(
        request.POST or None,
        teams=Team.objects.filter(organisation=staff.organisation_id).order_by("name"),
        initial={"period_start": today - timedelta(days=91), "period_end": today},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sample = services.audit_sample_draw(
                team=data["team"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                size=data["size"],
                seed=data["seed"],
                title=data["title"],
                auditor=request.user,
                by=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(
                request,
                _("%(count)s records drawn (seed %(seed)s).")
                % {"count": sample.size, "seed": sample.seed},
            )
            return redirect("quality:sample", pk=sample.pk)
    return render(request, "quality/sample_draw.html", {"form": form})


@login_required
def sample(request: HttpRequest, pk: int) -> HttpResponse:
    """A sample's records, grades, findings and each action's status: its
    auditor and the senior managers of the team's service."""
    staff_with_role(request)
    found = access.sample_for(request.user, pk)
    context = {
        "page": selectors.sample_page(sample=found),
        "grades": Grade.choices,
        "results": StandardResult.choices,
        "may_grade": found.auditor_id == request.user.pk
        and found.status == SampleStatus.OPEN
        and (found.closes_on is None or found.closes_on >= organisation_today(found.organisation)),
        "today": organisation_today(found.organisation),
    }
    return render(request, "quality/sample.html", context)


@login_required
@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    staff_with_role(request, [Role.AUDITOR])
    found = access.sample_for(request.user, pk, edit=True)
    try:
        services.audit_sample_complete(sample=found, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The sample is complete."))
    return redirect("quality:sample", pk=found.pk)


def _grading(request: HttpRequest, pk: int, session_pk: int):
    """The sample (its auditor, open) and the record, opened through the
    record access rules (the sample gives the right; logged)."""
    staff_with_role(request, [Role.AUDITOR])
    found = access.sample_for(request.user, pk, edit=True)
    if not found.sessions.filter(pk=session_pk).exists():
        raise Http404
    session = records.session_for(request.user, session_pk)
    return found, session


def _people(session) -> list[StaffMember]:
    ids = [session.supervisor_id, *session.attendees.values_list("staff_id", flat=True)]
    return StaffMember.objects.filter(pk__in=ids).order_by("name")


@login_required
def grade(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    found, session = _grading(request, pk, session_pk)
    today = organisation_today(found.organisation)
    checks = standard_checks(session, today=today)
    current = selectors.grade_of(sample=found, session=session)
    if current is not None:
        initial = {f"standard_{k}": v for k, v in current.standards.items()}
        initial |= {f"domain_{k}": v for k, v in current.domains.items()}
        initial["findings"] = current.findings
    else:
        initial = {f"standard_{c.key}": c.suggested for c in checks}
    form = forms.GradeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_grade_save(
                sample=found,
                session=session,
                standards=form.standards(),
                domains=form.domains(),
                findings=form.cleaned_data["findings"],
                by=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Grade saved."))
            return redirect("quality:grade", pk=found.pk, session_pk=session.pk)
    context = {
        "sample": found,
        "session": session,
        "s": session,
        # Auditors read the record without wellbeing and personal notes.
        "page": session_page(session=session, show_personal=False),
        "standard_rows": [(form[f"standard_{c.key}"], c) for c in checks],
        "form": form,
        "grade": current,
        "action_form": forms.AuditActionForm(
            people=_people(session),
            initial={"due_on": today + timedelta(days=28), "owner": session.supervisor_id},
            auto_id="action_%s",
        ),
        "read_only": True,
        "writable": False,
    }
    return render(request, "quality/grade.html", context)


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    found, session = _grading(request, pk, session_pk)
    current = selectors.grade_of(sample=found, session=session)
    if current is None:
        messages.error(request, _("Grade the record before adding actions."))
        return redirect("quality:grade", pk=found.pk, session_pk=session.pk)
    form = forms.AuditActionForm(request.POST, people=_people(session), auto_id="action_%s")
    if form.is_valid():
        try:
            services.audit_action_add(
                grade=current,
                description=form.cleaned_data["description"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Action added."))
    else:
        for field, problems in form.errors.items():
            for problem in problems:
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {problem}" if label else problem)
    return redirect("quality:grade", pk=found.pk, session_pk=session.pk)


@login_required
def results(request: HttpRequest) -> HttpResponse:
    """Counts per grade per domain and per result per standard, by team and
    period."""
    staff_with_role(request, RESULT_ROLES)
    context = {
        "groups": selectors.audit_results(user=request.user),
        "grades": Grade.choices,
        "results": StandardResult.choices,
    }
    return render(request, "quality/audit_results.html", context)
