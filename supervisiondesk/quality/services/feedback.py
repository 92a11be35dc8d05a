"""Supervisee feedback after a held session: once per supervisee and
session, within FEEDBACK_WINDOW_DAYS of it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from supervisiondesk.people.models import StaffMember
from supervisiondesk.quality.models import FeedbackRating, FeedbackResponse
from supervisiondesk.quality.services.common import NotAllowed
from supervisiondesk.quality.vocabulary import SCORE_MAX, SCORE_MIN, STATEMENT_KEYS
from supervisiondesk.supervision.choices import SessionKind, SessionStatus
from supervisiondesk.supervision.models import SessionAttendee, SupervisionSession
from supervisiondesk.supervision.services.common import organisation_today, staff_of_user

# One-to-one formal supervision and group supervision; informal
# consultations and peer sessions have no supervisor to give feedback to.
FEEDBACK_KINDS = (SessionKind.INDIVIDUAL_FORMAL, SessionKind.GROUP)
# Feedback is about a session still fresh in mind; the window also closes a
# quarter's figures for good a month after it ends (arithmetic.period_closed).
FEEDBACK_WINDOW_DAYS = 30


def closes_on(session: SupervisionSession) -> date:
    return session.date + timedelta(days=FEEDBACK_WINDOW_DAYS)


def may_give(*, session: SupervisionSession, staff: StaffMember, today: date) -> str | None:
    """Why `staff` may not give feedback on `session` now, or None if they may."""
    if session.kind not in FEEDBACK_KINDS:
        return _("Feedback is given on formal one-to-one and group supervision.")
    if session.status != SessionStatus.HELD or session.date > today:
        return _("Feedback is given once the session has been held.")
    attendee = SessionAttendee.objects.filter(session=session, staff=staff).first()
    if attendee is None or attendee.present is False:
        return _("Only a supervisee who took part gives feedback on a session.")
    if today > closes_on(session):
        return _("Feedback on this session closed on %(day)s.") % {
            "day": closes_on(session).isoformat()
        }
    if FeedbackResponse.objects.filter(session=session, respondent=staff).exists():
        return _("You have already given feedback on this session.")
    return None


@transaction.atomic
def feedback_give(
    *,
    session: SupervisionSession,
    ratings: Mapping[str, int | None],
    comment: str,
    shared_with_supervisor: bool,
    by: AbstractBaseUser,
    today: date | None = None,
) -> FeedbackResponse:
    """A supervisee's feedback: each statement rated 1 to 5 (or left out),
    free text, and whether the supervisor may read it. `today` is the
    organisation's today unless given (the demo writes past feedback)."""
    staff = staff_of_user(by, session.organisation)
    today = today or organisation_today(session.organisation)
    refusal = may_give(session=session, staff=staff, today=today)
    if refusal:
        raise NotAllowed(refusal)
    answered = {key: score for key, score in ratings.items() if score is not None}
    unknown = set(answered) - set(STATEMENT_KEYS)
    if unknown:
        raise NotAllowed(_("Unknown statements: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
    if not answered:
        raise NotAllowed(_("Rate at least one statement."))
    if any(not SCORE_MIN <= int(score) <= SCORE_MAX for score in answered.values()):
        raise NotAllowed(_("Rate each statement from 1 to 5."))
    response = FeedbackResponse(
        organisation=session.organisation,
        session=session,
        respondent=staff,
        supervisor=session.supervisor,
        given_on=today,
        comment=comment.strip(),
        shared_with_supervisor=shared_with_supervisor,
    )
    response.full_clean()
    response.save()
    rows = [
        FeedbackRating(response=response, statement=key, score=int(answered[key]))
        for key in STATEMENT_KEYS
        if key in answered
    ]
    for row in rows:
        row.full_clean(exclude=["response"])
    FeedbackRating.objects.bulk_create(rows)
    return response
