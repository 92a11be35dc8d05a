"""These tests are pure Python: they run with or without pytest-django.

The project's conftest.py tunes Django settings for every test through an
autouse fixture that needs pytest-django's `settings`; here it is replaced by
a no-op so that `pytest -p no:django` (no settings, no database) works too.
"""

import pytest


@pytest.fixture(autouse=True)
def _fast_and_plain() -> None:
    """Nothing to tune: no Django here."""
