"""In Chromium: the demo supervisor signs in and sees their home page."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo password for the browser test"


def test_demo_supervisor_signs_in_and_sees_their_supervisees(
    page, live_server, monkeypatch
) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("seed_demo", "--seed", "1", verbosity=0)
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    screenshot(page, "login")
    page.get_by_label("User name").fill("supervisor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text().startswith("Welcome, ")
    supervisees = page.get_by_role("region", name="Your supervisees")
    rows = supervisees.locator("tbody tr")
    assert rows.count() >= 3
    # The practitioner the demo supervisor supervises is listed.
    from supervisiondesk.people.models import StaffMember

    practitioner = StaffMember.objects.get(user__username="practitioner")
    assert supervisees.get_by_text(practitioner.name).is_visible()
    # The stylesheet is applied: the header has the brand colour, not the default.
    background = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert background == "rgb(31, 78, 121)"
    screenshot(page, "supervisor-home")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "supervisor-home-phone")
