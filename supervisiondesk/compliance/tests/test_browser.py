"""In Chromium: a manager filters their teams' compliance to what is overdue;
an administrator's bad policy file is refused by the path of its field."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from conftest import screenshot
from supervisiondesk.accounts.tests.otp import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo password for the browser test"


def sign_in(page, live_server, username: str) -> None:
    # Managers and administrators sign in with a code from their authenticator too.
    browser_sign_in(page, live_server, username, PASSWORD)


def test_compliance_and_policy_pages(page, live_server, monkeypatch) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("seed_demo", "--seed", "1", verbosity=0)

    sign_in(page, live_server, "manager")
    page.get_by_role("link", name="Team compliance").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Teams: supervision")
    page.get_by_label("Status").select_option("overdue")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**status=overdue**")
    staff = page.get_by_role("region", name="Supervision of staff")
    statuses = staff.locator("tbody .status").all_inner_texts()
    assert statuses and set(statuses) == {"Overdue"}
    cases = page.get_by_role("region", name="Case supervision")
    assert set(cases.locator("tbody .status").all_inner_texts()) <= {"Overdue"}
    screenshot(page, "team-compliance-overdue")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "team-compliance-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.context.clear_cookies()
    sign_in(page, live_server, "admin")
    page.get_by_role("link", name="Policy").click()
    assert page.get_by_role("region", name="Individual supervision").is_visible()
    page.get_by_role("link", name="Change the policy from a date").click()
    page.get_by_label("Our own copy, edited below").check()
    box = page.get_by_label("Your policy file")
    text = box.input_value()
    box.fill(
        text.replace("id: southwark-2021", "id: riverside-2027").replace(
            "    qualified: 1m", "    qualified: every month"
        )
    )
    page.get_by_role("button", name="Save the new version").click()
    error = page.locator("#id_document_error")
    assert "frequency.individual.qualified" in error.inner_text()
    # Said at the top too, with a link to the field.
    summary = page.get_by_role("alert")
    assert "frequency.individual.qualified" in summary.inner_text()
    screenshot(page, "policy-file-refused")
