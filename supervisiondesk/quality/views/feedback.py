"""Feedback pages: give feedback, my feedback, feedback on my supervision,
and the managers' view of their supervisors' feedback."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from supervisiondesk.accounts.roles import SUPERVISING_ROLES, Role
from supervisiondesk.quality import access, forms, services
from supervisiondesk.quality.arithmetic import quarter_from_key
from supervisiondesk.quality.selectors import feedback as selectors
from supervisiondesk.quality.services.feedback import FEEDBACK_WINDOW_DAYS, closes_on
from supervisiondesk.quality.views.common import form_errors, staff_with_role
from supervisiondesk.supervision.models import SupervisionSession
from supervisiondesk.supervision.services.common import organisation_today

OVERSEEING_ROLES = (Role.MANAGER, Role.SENIOR_MANAGER, Role.DIRECTOR)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Feedback to give (sessions still open to it) and feedback given."""
    staff_with_role(request)
    context = {
        "to_give": selectors.to_give(user=request.user),
        "given": selectors.given(user=request.user),
        "window_days": FEEDBACK_WINDOW_DAYS,
    }
    return render(request, "quality/feedback_mine.html", context)


@login_required
def give(request: HttpRequest, pk: int) -> HttpResponse:
    """The form, for a supervisee of the session only. It shows the
    session's date and people, not its record: no read to log."""
    staff = staff_with_role(request)
    session = (
        SupervisionSession.objects.filter(
            pk=pk, organisation=staff.organisation_id, attendees__staff=staff
        )
        .select_related("supervisor", "organisation", "group")
        .first()
    )
    if session is None:
        raise Http404
    already = session.feedback.filter(respondent=staff).first()
    if already is not None:
        messages.info(request, _("You have already given feedback on this session."))
        return redirect("quality:feedback_response", pk=already.pk)
    today = organisation_today(session.organisation)
    refusal = services.may_give(session=session, staff=staff, today=today)
    form = forms.FeedbackForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            response = services.feedback_give(
                session=session,
                ratings=form.ratings(),
                comment=form.cleaned_data["comment"],
                shared_with_supervisor=form.cleaned_data["shared_with_supervisor"],
                by=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Thank you: your feedback is saved."))
            return redirect("quality:feedback_response", pk=response.pk)
    context = {
        "session": session,
        "form": form,
        "refusal": refusal,
        "closes_on": closes_on(session),
    }
    return render(request, "quality/feedback_give.html", context)


@login_required
def response(request: HttpRequest, pk: int) -> HttpResponse:
    """One response, read like a record (logged)."""
    staff = staff_with_role(request)
    found = access.feedback_for(request.user, pk)
    scores = {rating.statement: rating.score for rating in found.ratings.all()}
    context = {
        "response": found,
        "rows": [(label, scores.get(key)) for key, label in selectors.statement_rows()],
        "is_respondent": found.respondent_id == staff.pk,
    }
    return render(request, "quality/feedback_response.html", context)


@login_required
def on_my_supervision(request: HttpRequest) -> HttpResponse:
    """A supervisor's aggregated scores and the responses shared with them."""
    staff_with_role(request, SUPERVISING_ROLES)
    page = selectors.on_my_supervision(user=request.user)
    # A row per statement, a cell per quarter.
    rows = [
        (label, [(p, p.scores[index]) for p in page.periods])
        for index, (_key, label) in enumerate(selectors.statement_rows())
    ]
    context = {"page": page, "rows": rows}
    return render(request, "quality/feedback_on_me.html", context)


@login_required
def supervisors(request: HttpRequest) -> HttpResponse:
    """Managers (individual responses and aggregates) and directors
    (aggregates only): their supervisors' feedback over one quarter."""
    staff = staff_with_role(request, OVERSEEING_ROLES)
    today = organisation_today(staff.organisation)
    period = quarter_from_key(request.GET.get("period", "")) or selectors.default_period(today)
    context = {
        "page": selectors.supervisors_overview(user=request.user, period=period),
        "statements": selectors.statement_rows(),
    }
    return render(request, "quality/feedback_supervisors.html", context)
