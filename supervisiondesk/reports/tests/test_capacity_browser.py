"""Capacity planning and drift signals in Chromium on the demo: a director
plans with a what-if, a supervisor reads their drift signals, on a computer
and on a phone."""

from __future__ import annotations

import pytest

from conftest import screenshot
from supervisiondesk.accounts.tests.otp import browser_sign_in

PASSWORD = "demo password for the browser test"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_capacity_and_drift_in_the_browser(page, live_server, monkeypatch) -> None:
    from django.core.management import call_command

    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("seed_demo", "--seed", "1", verbosity=0)

    browser_sign_in(page, live_server, "director", PASSWORD)
    page.goto(f"{live_server.url}/reports/capacity/")
    page.get_by_label("What if the policy were").select_option(
        label="Preset: Tameside Children's Services Supervision Policy"
    )
    page.get_by_label("What if no supervisor had more than (supervisees)").fill("6")
    page.get_by_role("button", name="Work it out").click()
    overall = page.get_by_role("region", name="Overall")
    assert "What if: tameside-2015" in overall.inner_text()
    assert "need at least" in overall.inner_text()
    chart = page.get_by_role("region", name="Needed and available, by supervisor")
    assert chart.locator("svg.bars rect.needed").count() >= 5
    table = page.get_by_role(
        "table",
        name="Each supervisor's hours of supervision a month: needed, available and the difference",
    )
    assert table.locator("tbody tr").count() == chart.locator("svg.bars rect.needed").count()
    screenshot(page, "capacity-director")
    page.set_viewport_size({"width": 390, "height": 844})
    assert chart.locator("svg.bars").is_visible()
    screenshot(page, "capacity-director-phone")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 800})
    browser_sign_in(page, live_server, "supervisor", PASSWORD)
    page.goto(f"{live_server.url}/reports/drift/")
    actions = page.get_by_role("region", name="Actions carried over unchanged")
    assert actions.locator("tbody tr").count() >= 1
    actions.locator("tbody tr").first.get_by_role("link").last.click()
    page.wait_for_url("**/supervision/sessions/**")
    assert page.get_by_role("heading", level=1).is_visible()
    page.go_back()
    screenshot(page, "drift-supervisor")
