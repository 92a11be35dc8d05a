"""Every sign-in, failed sign-in and failed code is in the access log, with
the user name but never the password or the code."""

from __future__ import annotations

import pytest
from django.urls import reverse

from supervisiondesk.accounts.tests.otp import authenticator, code
from supervisiondesk.people.tests.world import PASSWORD
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry, Channel

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:two_factor_verify")


@pytest.fixture(autouse=True)
def _no_wait(settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def every_value(entry: AccessLogEntry) -> str:
    return " ".join(str(getattr(entry, f.attname)) for f in AccessLogEntry._meta.fields)


def test_a_sign_in_is_logged_with_the_user_and_their_organisation(client, world) -> None:
    client.post(LOGIN, {"username": "supervisor", "password": PASSWORD})
    entry = AccessLogEntry.objects.get(event=AccessEvent.SIGNED_IN)
    assert entry.user_id == world.users["supervisor"].pk
    assert entry.username == "supervisor"
    assert entry.organisation_id == world.organisation.pk
    assert entry.channel == Channel.PAGE
    assert PASSWORD not in every_value(entry)


def test_failed_sign_ins_are_logged_with_the_name_tried(client, world) -> None:
    typed = "a wrong password typed here"
    client.post(LOGIN, {"username": "supervisor", "password": typed})
    client.post(LOGIN, {"username": "nobody-by-this-name", "password": typed})
    known, unknown = AccessLogEntry.objects.filter(event=AccessEvent.SIGN_IN_FAILED).order_by(
        "at", "pk"
    )
    # Whoever typed it is not known: the account's organisation is.
    assert (known.user_id, known.username) == (None, "supervisor")
    assert known.organisation_id == world.organisation.pk
    assert (unknown.user_id, unknown.username, unknown.organisation_id) == (
        None,
        "nobody-by-this-name",
        None,
    )
    for entry in (known, unknown):
        assert typed not in every_value(entry)
        assert entry.detail == ""


def test_the_second_step_is_logged_right_or_wrong(client, world) -> None:
    manager = world.users["manager"]
    device = authenticator(manager)
    client.post(LOGIN, {"username": "manager", "password": PASSWORD})
    right = code(device)
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    client.post(VERIFY, {"code": wrong})
    client.post(VERIFY, {"code": right})
    entries = list(AccessLogEntry.objects.filter(username="manager").order_by("chain", "seq"))
    assert [(e.event, e.detail) for e in entries] == [
        (AccessEvent.SIGNED_IN, ""),
        (AccessEvent.SIGN_IN_FAILED, "second factor"),
        (AccessEvent.SIGNED_IN, "second factor"),
    ]
    for entry in entries:
        assert entry.user_id == manager.pk
        assert entry.organisation_id == world.organisation.pk
        assert wrong not in every_value(entry) and right not in every_value(entry)
