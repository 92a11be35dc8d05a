"""Settings come from the environment; production passes `check --deploy`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from django.conf import settings

from supervisiondesk.test_environment import production_environ

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "a-long-random-production-secret-key-for-the-check-only",
    "ALLOWED_HOSTS": "supervision.example.org",
    "DATABASE_URL": "sqlite:////tmp/supervisiondesk-check.sqlite3",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production_environ(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_no_warnings() -> None:
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    # The one silenced check: axes.W006, locking by user name and not by
    # address (settings.py says why); nothing else may be silenced.
    assert "System check identified no issues (1 silenced)." in result.stdout
    from supervisiondesk import settings as module

    assert module.SILENCED_SYSTEM_CHECKS == ["axes.W006"]


def test_production_without_secret_key_fails_naming_the_variable() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY is not set" in result.stderr


def test_a_bad_yes_no_value_is_named() -> None:
    result = manage("check", env={**PRODUCTION, "EMAIL_USE_TLS": "perhaps"})
    assert result.returncode != 0
    assert "EMAIL_USE_TLS='perhaps' is not a yes/no value" in result.stderr


def test_passwords_are_hashed_with_argon2_and_time_is_aware() -> None:
    # The suite swaps in a fast hasher per test; the module's own list is what production runs.
    from supervisiondesk import settings as module

    assert module.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert settings.USE_TZ is True


def test_postgresql_from_database_url() -> None:
    import dj_database_url

    parsed = dj_database_url.parse("postgres://sd:pw@db.internal:5432/supervision")
    assert parsed["ENGINE"] == "django.db.backends.postgresql"
