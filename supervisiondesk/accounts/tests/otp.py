"""Test helpers for two-factor sign-in: a confirmed authenticator for a user,
the code it shows now, and signing in through the pages in Chromium."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from supervisiondesk.accounts.two_factor import two_factor_required
from supervisiondesk.people.tests.world import PASSWORD


def authenticator(user: AbstractBaseUser) -> TOTPDevice:
    """The user's confirmed authenticator app, made if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)
    return device


def code(device: TOTPDevice) -> str:
    """The code the app shows now, or the next one if now's was already used
    (a code is accepted once; the device allows one step of clock drift)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def code_from_secret(secret: str, *, later_steps: int = 0) -> str:
    """The code an app makes from the base32 secret shown on the set-up page."""
    from base64 import b32decode

    key = secret.replace(" ", "")
    key += "=" * (-len(key) % 8)
    totp = TOTP(b32decode(key))
    totp.time = time.time() + 30 * later_steps
    return f"{totp.token():06d}"


def browser_sign_in(page, live_server, username: str, password: str = PASSWORD) -> None:
    """Sign in through the pages, signed out first: the password (the test
    world's unless given), then, for an account with an authenticator (made
    here for a role that requires one), a real code."""
    page.context.clear_cookies()
    user = get_user_model().objects.get(username=username)
    device = None
    if two_factor_required(user):
        device = authenticator(user)
    else:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        page.wait_for_url("**/accounts/two-factor/code/**")
        page.get_by_label("Code", exact=True).fill(code(device))
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
