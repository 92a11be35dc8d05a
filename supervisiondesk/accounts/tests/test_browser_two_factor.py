"""In Chromium: a manager sets up two-factor sign-in from the set-up page and
signs in again with a code; an idle session warns, stays, then ends."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import screenshot
from supervisiondesk.accounts.tests.otp import code, code_from_secret
from supervisiondesk.people.tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def password_step(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_manager_sets_up_two_factor_and_signs_in_with_a_code(
    page, live_server, world, settings
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the wrong code below
    password_step(page, live_server, "manager")
    page.wait_for_url("**/accounts/two-factor/?next=%2F")
    assert page.get_by_role("heading", level=1).inner_text() == "Set up two-factor sign-in"
    qr = page.get_by_role("img", name="QR code for your authenticator app")
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(page, "two-factor-setup")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "two-factor-setup-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    # No other page opens before it is done; the page asked for comes after.
    page.goto(f"{live_server.url}/people/teams/")
    page.wait_for_url("**/accounts/two-factor/?next=%2Fpeople%2Fteams%2F")

    secret = page.locator("#secret").inner_text()
    page.get_by_label("Code", exact=True).fill(
        "000000" if code_from_secret(secret) != "000000" else "111111"
    )
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    error = page.locator("#id_code_error")
    assert "That code does not match" in error.inner_text()
    page.get_by_label("Code", exact=True).fill(code_from_secret(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your recovery codes"
    assert page.locator("ol.recovery-codes li").count() == 10
    assert "only time these codes are shown" in page.get_by_role("alert").first.inner_text()
    screenshot(page, "two-factor-recovery-codes")
    page.get_by_role("link", name="I have kept my codes: continue").click()
    page.wait_for_url(f"{live_server.url}/people/teams/")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
    password_step(page, live_server, "manager")
    page.wait_for_url("**/accounts/two-factor/code/?next=%2F")
    screenshot(page, "two-factor-code")
    device = TOTPDevice.objects.get(user=world.users["manager"], confirmed=True)
    page.get_by_label("Code", exact=True).fill(code(device))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Two-factor sign-in").click()
    assert page.get_by_text("Two-factor sign-in is on").is_visible()
    assert page.get_by_text("it cannot be switched off").is_visible()


def test_an_idle_session_warns_stays_signed_in_then_ends(
    page, live_server, world, settings
) -> None:
    # Six seconds of idle time: the warning comes at half of it.
    settings.SESSION_COOKIE_AGE = 6
    password_step(page, live_server, "practitioner")
    page.wait_for_url(f"{live_server.url}/")
    banner = page.get_by_role("alert")
    assert banner.count() == 0
    stay = banner.get_by_role("button", name="Stay signed in")
    stay.wait_for(timeout=6000)
    assert "you will be signed out" in banner.inner_text()
    screenshot(page, "session-timeout-warning")
    stay.click()
    expect(banner).to_have_count(0)
    page.get_by_role("button", name="Stay signed in").wait_for(timeout=6000)
    page.wait_for_url("**/accounts/login/?timeout=1&next=%2F", timeout=8000)
    assert page.get_by_role("status").inner_text().startswith("You were signed out")
    # The session really ended on the server too.
    page.goto(f"{live_server.url}/people/caseload/")
    assert "/accounts/login/" in page.url
