"""The integrations app's rows of the authorization matrix
(supervisiondesk/tests/test_authorization_matrix.py)."""

from __future__ import annotations

from django.urls import reverse

from supervisiondesk.tests.test_authorization_matrix import EVERYONE, STAFF_ONLY, only

ROWS = {
    # Primero's webhook signs in with the secret in its address, not a
    # login: a wrong secret is 404 for everyone, signed in or not
    # (test_primero_sync.py posts with the right one).
    "integrations:primero_webhook": {
        "method": "POST",
        "urls": {"-": lambda name, s: reverse(name, args=["not-the-secret"])},
        "expect": only(*EVERYONE, ok=404, anonymous=404),
    },
    # Configuration: the administrators (their organisation's connection only).
    "admin:integrations_primeroconnection_changelist": {"expect": STAFF_ONLY},
}
