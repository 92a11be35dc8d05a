"""In Chromium: a supervisee gives feedback on a session from "Feedback to
give", and their supervisor sees it only in the quarter's averages, once
the quarter has closed with five responses."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import screenshot
from supervisiondesk.accounts.tests.otp import browser_sign_in as sign_in
from supervisiondesk.quality.arithmetic import quarters_up_to
from supervisiondesk.quality.models import FeedbackResponse
from supervisiondesk.quality.tests.helpers import feedback_row, make_session
from supervisiondesk.quality.vocabulary import STATEMENTS
from supervisiondesk.supervision.models import SupervisionSession
from supervisiondesk.supervision.services.common import organisation_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supervisee_gives_feedback_and_the_supervisor_sees_the_average(
    page, live_server, world
) -> None:
    s = world.staff
    today = organisation_today(world.organisation)
    closed = quarters_up_to(today, 3)[-1]  # its feedback has closed
    for n in range(4):  # four earlier responses: one short of the threshold
        earlier = make_session(
            supervisor=s["supervisor"],
            attendees=[s["practitioner"]],
            day=closed.start + timedelta(days=7 * n),
        )
        feedback_row(session=earlier, respondent=s["practitioner"], score=4)
    session = make_session(supervisor=s["supervisor"], attendees=[s["practitioner"]], day=today)

    sign_in(page, live_server, "practitioner")
    page.goto(f"{live_server.url}/quality/feedback/")
    to_give = page.get_by_role("region", name="Feedback to give")
    to_give.get_by_role("link", name="Give feedback").click()
    page.wait_for_url(f"**/quality/feedback/sessions/{session.pk}/")
    for _key, statement in STATEMENTS:
        page.get_by_role("group", name=str(statement)).get_by_label("5 · Strongly agree").check()
    page.get_by_label("Anything else you want to say about this session").fill(
        "We had time to think about the family's history."
    )
    assert not page.get_by_label("Share this feedback with my supervisor").is_checked()
    screenshot(page, "feedback-form")
    page.get_by_role("button", name="Send my feedback").click()
    page.wait_for_url("**/quality/feedback/*/")
    assert page.get_by_text("Thank you: your feedback is saved.").is_visible()
    response = FeedbackResponse.objects.get(session=session)
    assert not response.shared_with_supervisor
    assert sorted(r.score for r in response.ratings.all()) == [5] * 5

    # The supervisor: nothing of it yet, neither alone nor in an average.
    sign_in(page, live_server, "supervisor")
    page.goto(f"{live_server.url}/quality/feedback/on-my-supervision/")
    table = page.get_by_role("table", name="Average scores by quarter")
    # Its columns: this quarter, then the three before; the closed one is third.
    column = table.locator("tbody tr td:nth-child(4)")
    assert column.all_inner_texts() == ["not enough responses to show"] * len(STATEMENTS)
    assert page.get_by_text("No supervisee has shared their feedback with you.").is_visible()
    assert "We had time" not in page.content()

    # A quarter later (the session moved into the closed quarter): five
    # responses, so the averages show: (4 * 4 + 5) / 5.
    SupervisionSession.objects.filter(pk=session.pk).update(date=closed.end)
    page.reload()
    assert column.all_inner_texts() == ["4.2 (5 responses)"] * len(STATEMENTS)
    assert "We had time" not in page.content()
    screenshot(page, "feedback-aggregates")
