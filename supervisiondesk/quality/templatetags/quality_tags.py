"""Template helpers of the quality pages and of the session page's
feedback link (quality/_session_feedback.html)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django import template

from supervisiondesk.privacy import rules
from supervisiondesk.quality.models import FeedbackResponse
from supervisiondesk.quality.services.feedback import closes_on, may_give
from supervisiondesk.supervision.models import SupervisionSession

register = template.Library()


@register.filter
def add_days(day: date, days: int) -> date:
    return day + timedelta(days=int(days))


@dataclass(frozen=True)
class FeedbackLink:
    response: FeedbackResponse | None  # the user's own, already given
    may_give: bool
    closes_on: date


@register.simple_tag
def session_feedback(session: SupervisionSession, user) -> FeedbackLink | None:
    """For a supervisee of the session: their feedback given, or whether
    they may give it now. None for everyone else (nothing shown)."""
    viewer = rules.viewer_of(user)
    if viewer.staff is None or session.supervisor_id == viewer.staff.pk:
        return None
    given = FeedbackResponse.objects.filter(session=session, respondent=viewer.staff).first()
    if given is not None:
        return FeedbackLink(response=given, may_give=False, closes_on=closes_on(session))
    allowed = may_give(session=session, staff=viewer.staff, today=viewer.today) is None
    if not allowed:
        return None
    return FeedbackLink(response=None, may_give=True, closes_on=closes_on(session))
