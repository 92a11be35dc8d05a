"""Web security: no inline script or style in any template, production
cookies and HSTS, the settings of issue 5 from the environment, and the
password rules on the password change page."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from supervisiondesk.accounts.tests.test_settings import PRODUCTION, ROOT
from supervisiondesk.people.tests.world import PASSWORD
from supervisiondesk.test_environment import production_environ

PACKAGE = ROOT / "supervisiondesk"
# The CSP allows scripts and styles from our own static files only.
FORBIDDEN = [
    (re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.I), "inline <script> (use a static file)"),
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I), "on...= event handler attribute"),
    (re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I), "style= attribute (use app.css)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def templates() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("templates/**/*.html") if p.is_file())


def test_no_template_has_inline_script_handlers_or_styles() -> None:
    found = templates()
    assert len(found) > 20 and any(p.name == "base.html" for p in found)
    problems = []
    for path in found:
        text = path.read_text(encoding="utf-8")
        for pattern, what in FORBIDDEN:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        '<p\n  style="color: red">',
    ],
)
def test_the_scan_finds_each_kind(html: str) -> None:
    assert any(pattern.search(html) for pattern, _what in FORBIDDEN)
    assert not any(p.search('<script src="/static/js/x.js" defer></script>') for p, _w in FORBIDDEN)


SHOW = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in [
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_SSL_REDIRECT", "SESSION_COOKIE_AGE", "SESSION_SAVE_EVERY_REQUEST",
    "AXES_FAILURE_LIMIT", "X_FRAME_OPTIONS",
]} | {"AXES_COOLOFF_SECONDS": s.AXES_COOLOFF_TIME.total_seconds(),
      "SCRIPT_SRC": list(map(str, s.SECURE_CSP["script-src"])),
      "STYLE_SRC": list(map(str, s.SECURE_CSP["style-src"]))}))
"""


def production_settings(**env: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env=production_environ(
            DJANGO_SETTINGS_MODULE="supervisiondesk.settings", **PRODUCTION, **env
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_with_hsts_and_settings_from_the_environment() -> None:
    shown = production_settings(
        SESSION_IDLE_MINUTES="20", AXES_FAILURE_LIMIT="7", AXES_COOLOFF_MINUTES="30"
    )
    assert shown["DEBUG"] is False
    assert shown["SESSION_COOKIE_SECURE"] is True and shown["CSRF_COOKIE_SECURE"] is True
    assert shown["SESSION_COOKIE_HTTPONLY"] is True and shown["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert shown["SECURE_HSTS_SECONDS"] >= 31536000 and shown["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert shown["SECURE_SSL_REDIRECT"] is True
    assert shown["X_FRAME_OPTIONS"] == "DENY"
    assert shown["SCRIPT_SRC"] == ["'self'"] and shown["STYLE_SRC"] == ["'self'"]
    assert shown["SESSION_COOKIE_AGE"] == 20 * 60 and shown["SESSION_SAVE_EVERY_REQUEST"]
    assert shown["AXES_FAILURE_LIMIT"] == 7 and shown["AXES_COOLOFF_SECONDS"] == 30 * 60
    defaults = production_settings()
    assert defaults["SESSION_COOKIE_AGE"] == 30 * 60
    assert defaults["AXES_FAILURE_LIMIT"] == 5 and defaults["AXES_COOLOFF_SECONDS"] == 15 * 60


def test_the_old_session_variable_is_refused_with_its_replacement() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env=production_environ(
            DJANGO_SETTINGS_MODULE="supervisiondesk.settings",
            **PRODUCTION,
            SESSION_COOKIE_AGE="3600",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SESSION_COOKIE_AGE is replaced by SESSION_IDLE_MINUTES" in result.stderr


@pytest.mark.django_db
def test_the_password_change_page_shows_the_rules_and_ties_errors_to_fields(client, world) -> None:
    client.force_login(world.users["practitioner"])
    url = reverse("accounts:password_change")
    rules = client.get(url).content.decode()
    assert 'id="id_new_password1_helptext"' in rules
    assert "Your password must contain at least 10 characters." in rules
    assert "Your password can\u2019t be a commonly used password." in rules
    for weak, message in [
        ("short1!", "This password is too short. It must contain at least 10 characters."),
        ("password123", "This password is too common."),
    ]:
        response = client.post(
            url, {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak}
        )
        assert response.status_code == 200
        page = response.content.decode()
        error = re.search(r'<div class="error" id="id_new_password2_error">(.*?)</div>', page, re.S)
        assert error and message in error.group(1)
        field = re.search(r'<input[^>]*id="id_new_password2"[^>]*>', page).group(0)
        assert 'aria-invalid="true"' in field and "id_new_password2_error" in field
        assert '<a href="#id_new_password2">' in page  # the summary links to the field
