"""Records for the quality tests, written straight to the models where the
services are not under test."""

from __future__ import annotations

from datetime import date

from supervisiondesk.people.models import StaffMember
from supervisiondesk.quality.models import FeedbackRating, FeedbackResponse
from supervisiondesk.quality.vocabulary import STATEMENT_KEYS
from supervisiondesk.supervision.models import SupervisionSession
from supervisiondesk.supervision.tests.test_case_record import make_session

__all__ = ["feedback_row", "make_session"]


def feedback_row(
    *,
    session: SupervisionSession,
    respondent: StaffMember,
    score: int = 4,
    shared: bool = False,
    given_on: date | None = None,
    comment: str = "",
) -> FeedbackResponse:
    """A response rating every statement `score`, as if given on the
    session's day (for people without a login, or dates in the past)."""
    response = FeedbackResponse.objects.create(
        organisation=session.organisation,
        session=session,
        respondent=respondent,
        supervisor=session.supervisor,
        given_on=given_on or session.date,
        comment=comment,
        shared_with_supervisor=shared,
    )
    FeedbackRating.objects.bulk_create(
        FeedbackRating(response=response, statement=key, score=score) for key in STATEMENT_KEYS
    )
    return response
