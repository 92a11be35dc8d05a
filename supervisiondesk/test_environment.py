"""A pytest plugin loaded before Django (`-p` in pyproject.toml): the suite
runs with production settings (DEBUG off) and a throwaway key, so it needs
no environment of its own."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "tests-only-" + "x" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Each test builds its own organisation (often with the same keys): a report
# kept from another test would be another test's. The cache's own test turns
# it on.
os.environ.setdefault("COMPLIANCE_CACHE_SECONDS", "0")

# What the suite sets for itself, and what Playwright's tests need; a
# subprocess that checks production behaviour starts without them.
SUITE_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "SECURE_SSL_REDIRECT",
    "STATIC_PLAIN",
    "COMPLIANCE_CACHE_SECONDS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def production_environ(**settings: str) -> dict[str, str]:
    """The environment of a production process: ours, less the suite's, plus `settings`."""
    return {k: v for k, v in os.environ.items() if k not in SUITE_VARIABLES} | settings
