"""In Chromium, a supervisor and a supervisee go through a session end to
end: plan it with agenda items from both, hold and record it with two case
discussions and actions, the supervisee asks for a change, both sign with a
disagreement recorded, the case discussion goes to the child's record, and
the next session brings the open actions back. The compliance report then
shows the session held and its record on time."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from conftest import screenshot
from supervisiondesk.accounts.tests.otp import browser_sign_in as sign_in
from supervisiondesk.policies.models import PolicyVersion
from supervisiondesk.supervision.models import SupervisionSession
from supervisiondesk.supervision.services.common import organisation_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_session(page, live_server, session: SupervisionSession) -> None:
    page.goto(f"{live_server.url}/supervision/sessions/{session.pk}/")


def add_agenda_item(page, under: str, text: str) -> None:
    form = page.locator("form.inline-form", has_text="Add to the agenda")
    form.get_by_label("Under").select_option(label=under)
    form.get_by_label("What to talk about").fill(text)
    form.get_by_role("button", name="Add").click()


def test_a_session_from_planning_to_signed_record(page, live_server, world, capsys) -> None:
    # Tameside sets the timescales the report checks: recorded and signed
    # the same day, shared within 7 working days.
    PolicyVersion.objects.filter(organisation=world.organisation).update(preset="tameside-2015")
    today = organisation_today(world.organisation)

    sign_in(page, live_server, "supervisor")
    page.get_by_role("link", name="My supervision").click()
    page.get_by_role("link", name="Plan a session").click()
    page.get_by_label("Supervisee").select_option(label="Pat Practitioner")
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Place").fill("Room 4, Riverside House")
    page.get_by_role("button", name="Plan the session").click()
    page.wait_for_url("**/supervision/sessions/*/")
    session = SupervisionSession.objects.get()
    add_agenda_item(page, "Workload management", "Two court reports due next month")
    assert page.get_by_text("Two court reports due next month").is_visible()

    sign_in(page, live_server, "practitioner")
    page.get_by_role("link", name="My supervision").click()
    page.get_by_role("region", name="Coming up").get_by_role("listitem").first.get_by_role(
        "link"
    ).first.click()
    add_agenda_item(page, "Professional and personal development", "Trauma-informed training")
    page.get_by_label("Case to discuss").select_option(label="case-0")
    page.get_by_role("button", name="Add a case discussion").click()
    page.get_by_label("Purpose of this discussion").fill("Plan for the review conference.")
    page.get_by_role("button", name="Save the case discussion").click()
    screenshot(page, "session-agenda")

    sign_in(page, live_server, "supervisor")
    open_session(page, live_server, session)
    page.get_by_role("link", name="Record the session").click()
    page.get_by_label("Check-in and wellbeing").fill(
        "Tired after a week on duty; taking Friday off."
    )
    page.get_by_label("Workload management").fill("Fourteen cases; two court reports agreed.")
    page.get_by_label("How long it lasted (minutes)").fill("95")
    for function in ("Managerial / accountability", "Support"):
        page.get_by_label(function, exact=True).check()
    page.get_by_role("button", name="Save the record").click()
    page.locator("#case-" + str(session.case_discussions.get().pk)).get_by_role(
        "link", name="Write this case discussion"
    ).click()
    page.get_by_label("Progress since last time").fill("Attendance at school is up.")
    page.get_by_label("The child's voice and lived experience").fill(
        "She says she feels safer at her aunt's."
    )
    page.get_by_label("Are the risks changing?").select_option("decreasing")
    page.get_by_role("button", name="Save the case discussion").click()
    page.get_by_label("Case to discuss").select_option(label="case-1")
    page.get_by_role("button", name="Add a case discussion").click()
    page.get_by_label("Main purpose of the work").fill("Support the family to stay together.")
    page.get_by_label("Rationale for significant decisions").fill(
        "Step down to early help: no new concerns in three months."
    )
    page.get_by_role("button", name="Save the case discussion").click()
    actions = page.locator("#actions form.inline-form")
    actions.get_by_label("Action", exact=True).fill("Book the core group")
    actions.get_by_label("Who").select_option(label="Pat Practitioner")
    actions.get_by_label("Case").select_option(label="case-0")
    actions.get_by_role("button", name="Add the action").click()
    actions = page.locator("#actions form.inline-form")
    actions.get_by_label("Action", exact=True).fill("Ask for the training budget")
    actions.get_by_label("Who").select_option(label="Sam Supervisor")
    actions.get_by_role("button", name="Add the action").click()
    page.get_by_role("button", name="Sign and share with the supervisee").click()
    assert page.get_by_text("waiting for the supervisee's signature").is_visible()

    sign_in(page, live_server, "practitioner")
    open_session(page, live_server, session)
    # The worker's wellbeing is in their record, marked personal.
    assert page.get_by_text("Tired after a week on duty").is_visible()
    page.get_by_label("Which changes are you asking for?").fill("Add the date of the conference.")
    page.get_by_role("button", name="Ask for changes").click()

    sign_in(page, live_server, "supervisor")
    open_session(page, live_server, session)
    page.get_by_role("link", name="Edit the record").click()
    page.get_by_label("Workload management").fill(
        "Fourteen cases; two court reports agreed; conference on the 14th."
    )
    page.get_by_role("button", name="Save the record").click()
    page.get_by_role("button", name="Sign and share with the supervisee").click()
    # The case discussion goes to the child's record the same day.
    page.locator(
        "#case-" + str(session.case_discussions.get(case__case_id="case-0").pk)
    ).get_by_role("link", name="Copy for the child's record").click()
    text = page.get_by_label("Plain text").input_value()
    assert "She says she feels safer at her aunt's." in text
    assert "Tired after a week on duty" not in text  # personal: never on a child's record
    page.locator("form.mark-recorded").get_by_role("button").click()

    sign_in(page, live_server, "practitioner")
    open_session(page, live_server, session)
    page.get_by_label("Anything you disagree with (optional)").fill(
        "I think my caseload is too high to take the next allocation."
    )
    page.get_by_role("button", name="Sign the record").click()
    assert page.get_by_text("signed and locked").is_visible()
    assert page.get_by_text("Add the date of the conference.").is_visible()  # the loop is kept
    screenshot(page, "session-signed")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "session-signed-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    sign_in(page, live_server, "supervisor")
    page.goto(
        f"{live_server.url}/supervision/sessions/new/?supervisee={world.staff['practitioner'].pk}"
    )
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_role("button", name="Plan the session").click()
    page.wait_for_url("**/supervision/sessions/*/")
    review = page.locator(".record-section", has_text="Review of last session's actions")
    assert review.get_by_text("Book the core group").is_visible()
    assert review.get_by_text("Ask for the training budget").is_visible()
    screenshot(page, "session-next")

    capsys.readouterr()
    call_command(
        "compliance",
        "--organisation",
        "Riverside",
        "--as-of",
        today.isoformat(),
        "--format",
        "json",
    )
    report = json.loads(capsys.readouterr().out)
    session.refresh_from_db()
    individual = next(r for r in report["individual"] if r["staff_id"] == "practitioner")
    assert (individual["last"], individual["status"]) == (today.isoformat(), "ok")
    record = next(r for r in report["records"] if r["session_id"] == session.session_id)
    assert record == {
        "session_id": session.session_id,
        "recording": "on_time",
        "supervisor_sign_off": "on_time",
        "supervisee_sign_off": "on_time",
        "shared": "on_time",
        "short": False,
    }
    case = next(r for r in report["cases"] if r["case_id"] == "case-0")
    assert (case["last"], case["status"]) == (today.isoformat(), "ok")
