"""The notifications app's rows of the authorization matrix
(supervisiondesk/tests/test_authorization_matrix.py), and `build`, which
gives the practitioner one notification (`scenario.extra["notification"]`).

Notifications belong to a sign-in, not a staff record: everyone signed in
has a list and choices (config_only too), and a notification opens for its
recipient only; anyone else's is not there (404).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from supervisiondesk.notifications.models import Notification
from supervisiondesk.tests.matrix_scenario import Scenario
from supervisiondesk.tests.test_authorization_matrix import EVERYONE, To, only


def build(scenario: Scenario) -> None:
    world = scenario.world
    now = timezone.now()
    scenario.extra["notification"] = Notification.objects.create(
        organisation=world.organisation,
        recipient=world.users["practitioner"],
        kind="action_overdue",
        cause="matrix:1",
        params={"description": "Chase the GP", "date": "2026-11-01"},
        day=now.date(),
        created_at=now,
        delivery="app",
    )


ROWS: dict[str, dict] = {
    "notifications:list": {"expect": only(*EVERYONE)},
    "notifications:preferences": {"expect": only(*EVERYONE)},
    "notifications:read_all": {
        "method": "POST",
        "expect": only(*EVERYONE, ok=To("notifications:list")),
    },
    # No link of its own: opening it marks it read and shows the list.
    "notifications:open": {
        "method": "POST",
        "urls": {
            "practitioner's": lambda name, s: reverse(name, args=[s.extra["notification"].pk])
        },
        "expect": {"practitioner's": only("practitioner", ok=To("notifications:list"))},
    },
}
