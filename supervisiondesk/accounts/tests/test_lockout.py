"""Throttling: too many failed sign-ins (passwords or codes) lock the user name."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse

from supervisiondesk.accounts.tests.otp import authenticator, code
from supervisiondesk.people.tests.world import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:two_factor_verify")
HOME = reverse("home")


@pytest.fixture(autouse=True)
def _limits(settings) -> None:
    settings.AXES_FAILURE_LIMIT = 5
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def wrong_password(client, username: str = "supervisor"):
    return client.post(LOGIN, {"username": username, "password": "not the password"})


def right_password(client, username: str = "supervisor"):
    return client.post(LOGIN, {"username": username, "password": PASSWORD})


def test_five_wrong_passwords_lock_the_user_name_until_reset(client, world) -> None:
    for _attempt in range(4):
        response = wrong_password(client)
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    locked = wrong_password(client)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Account locked for now" in page
    assert "There have been 5 or more failed attempts to sign in as “supervisor”" in page
    assert "You can try again after" in page and "in about 15 minutes" in page
    assert "under Access attempts" in page
    assert "manage.py axes_reset_username supervisor" in page
    # Even the right password waits now; other accounts do not.
    assert right_password(client).status_code == 429
    assert "_auth_user_id" not in client.session
    assert right_password(client, "practitioner")["Location"] == HOME
    client.post(reverse("accounts:logout"))

    call_command("axes_reset_username", "supervisor", verbosity=0)
    assert right_password(client)["Location"] == HOME


def test_a_complete_sign_in_forgets_earlier_failures(client, world) -> None:
    for _attempt in range(3):
        wrong_password(client)
    assert AccessAttempt.objects.filter(username="supervisor").exists()
    right_password(client)
    assert not AccessAttempt.objects.filter(username="supervisor").exists()


def test_the_password_alone_does_not_forget_failures_when_a_code_is_owed(client, world) -> None:
    device = authenticator(world.users["manager"])
    for _attempt in range(3):
        wrong_password(client, "manager")
    right_password(client, "manager")
    assert AccessAttempt.objects.filter(username="manager").exists()
    client.post(VERIFY, {"code": code(device)})
    assert not AccessAttempt.objects.filter(username="manager").exists()


def test_five_wrong_codes_lock_and_sign_out_until_an_administrator_unlocks(client, world) -> None:
    device = authenticator(world.users["manager"])
    right_password(client, "manager")
    for _attempt in range(4):
        response = client.post(VERIFY, {"code": "abcdefgh"})
        assert response.status_code == 200
        assert "That code is not right" in response.content.decode()
    locked = client.post(VERIFY, {"code": "abcdefgh"})
    assert locked.status_code == 429
    assert "Account locked for now" in locked.content.decode()
    assert "manage.py axes_reset_username manager" in locked.content.decode()
    # Signed out: the password step has to start again, and is refused for now.
    assert "_auth_user_id" not in client.session
    assert client.get(HOME)["Location"].startswith(LOGIN)
    assert right_password(client, "manager").status_code == 429

    # The administrator unlocks the account in Configuration.
    attempt = AccessAttempt.objects.get(username="manager")
    admin = client_class_for(client)
    admin.force_login(world.users["admin"])
    changelist = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200 and "manager" in changelist.content.decode()
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert admin.post(delete, {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.filter(username="manager").exists()

    assert right_password(client, "manager")["Location"] == f"{VERIFY}?next=%2F"
    assert client.post(VERIFY, {"code": code(device)})["Location"] == HOME


def test_a_locked_half_signed_in_session_is_signed_out_on_the_code_page(client, world) -> None:
    authenticator(world.users["director"])
    right_password(client, "director")
    for _attempt in range(5):
        wrong_password(client_class_for(client), "director")
    response = client.get(VERIFY)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def client_class_for(client):
    """Another browser: a client with its own cookies."""
    return type(client)()
