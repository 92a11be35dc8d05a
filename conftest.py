"""Suite-wide test set-up.

The suite runs twice (bin/test): on SQLite, then on PostgreSQL with
SUPERVISIONDESK_DB_TESTS_ONLY=1, where only the tests that touch the
database run again (pure rules and the browser test run once).
"""

from __future__ import annotations

import os

import pytest

from supervisiondesk.people.tests.demo_day import DEMO_PASSWORD, DEMO_TODAY

DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not os.environ.get("SUPERVISIONDESK_DB_TESTS_ONLY"):
        return
    keep, drop = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") is not None or bool(
            DB_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
        (keep if uses_db else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def _fast_and_plain(request: pytest.FixtureRequest) -> None:
    # The pure packages' tests also run with `-p no:django` (no settings at all).
    if not request.config.pluginmanager.has_plugin("django"):
        return
    settings = request.getfixturevalue("settings")
    # Hashed static names need collectstatic; the suite serves plain names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Argon2 is slow by design; tests that check it ask for it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_transaction(request: pytest.FixtureRequest) -> None:
    """django-tasks-db's worker closes "old" database connections between
    tasks, as a server does between requests; inside a test's transaction
    Django finds the connection not in autocommit and closes it (PostgreSQL),
    losing the test's data. Tests run the worker (`jobs.services.jobs_run`)
    with that turned off; the tasks themselves run unchanged."""
    if not request.config.pluginmanager.has_plugin("django"):
        return
    from django_tasks_db.management.commands import db_worker

    request.getfixturevalue("monkeypatch").setattr(db_worker, "close_old_connections", lambda: None)


@pytest.fixture(autouse=True)
def _force_login_with_both_factors(request: pytest.FixtureRequest) -> None:
    """`client.force_login(user)` stands for a complete sign-in with both
    factors: for a user whose role requires two-factor sign-in
    (accounts.two_factor.two_factor_required), it gives them a confirmed
    authenticator app if they have none and marks the session as verified
    (django_otp's session key holds the device's persistent id), as the code
    page does. Tests of the second step itself sign in through the login
    page (or `client.post` to it) and so start unverified."""
    if not request.config.pluginmanager.has_plugin("django"):
        return
    from django.test import Client

    monkeypatch = request.getfixturevalue("monkeypatch")
    force_login = Client.force_login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from supervisiondesk.accounts.two_factor import two_factor_required

        if not two_factor_required(user):
            return
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login_verified)


@pytest.fixture(scope="class")
def demo_seeded(django_db_setup, django_db_blocker):
    """The demo organisation, seeded once for a class of tests: inside a
    transaction rolled back after the class, each test in a savepoint
    (pytest-django's `db`) rolled back after the test."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    # Before the suite's function-level settings: hash as the tests do.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic():
        with pytest.MonkeyPatch.context() as patch, fast:
            patch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
            call_command("seed_demo", "--today", DEMO_TODAY, stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_seeded, db):
    from supervisiondesk.people.demo.roster import ORGANISATION
    from supervisiondesk.people.models import Organisation

    return Organisation.objects.get(name=ORGANISATION)


@pytest.fixture
def world(db):
    from supervisiondesk.people.tests.world import build_world

    return build_world()


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = os.path.join(os.path.dirname(__file__), "var", "screenshots")


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the live
    # server's database work happens in its own thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser page that may only talk to the live server on 127.0.0.1."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(live_server.url) or url.startswith("data:"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()
    assert not outside, f"requests left 127.0.0.1: {outside}"


def screenshot(page, name: str) -> str:
    os.makedirs(SCREENSHOTS, exist_ok=True)
    path = os.path.join(SCREENSHOTS, f"{name}.png")
    page.screenshot(path=path, full_page=True)
    return path
