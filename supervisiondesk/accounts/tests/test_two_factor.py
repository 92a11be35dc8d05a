"""Two-factor sign-in: who must use it, the code step, recovery codes, set-up."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from supervisiondesk.accounts.tests.otp import authenticator, code, code_from_secret
from supervisiondesk.accounts.two_factor import (
    recovery_codes_replace,
    two_factor_required,
)
from supervisiondesk.people.tests.world import PASSWORD, ROLES

pytestmark = pytest.mark.django_db

REQUIRED = {"manager", "senior", "director", "admin", "config_only", "stranger_boss"}
SETUP = reverse("accounts:two_factor")
VERIFY = reverse("accounts:two_factor_verify")
HOME = reverse("home")


@pytest.fixture(autouse=True)
def _no_wait_between_codes(settings) -> None:
    # django-otp makes a code after a wrong one wait 1, 2, 4… seconds; one
    # test below checks that, the others type as fast as they like.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def sign_in_with_password(client, username: str, next_url: str = ""):
    url = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": username, "password": PASSWORD})


def enter_code(client, value: str, next_url: str = ""):
    return client.post(VERIFY, {"code": value, "next": next_url})


@pytest.mark.parametrize("who", ROLES)
def test_who_must_set_up_two_factor_sign_in(client, world, who: str) -> None:
    """A role that sees many people's supervision (and every staff account)
    goes from the password to the set-up page, and no page opens before it is
    done; the others land on their home page."""
    user = world.users[who]
    required = who in REQUIRED
    assert two_factor_required(user) is required
    response = sign_in_with_password(client, who)
    assert response.status_code == 302
    home = client.get(HOME)
    if required:
        assert response["Location"] == f"{SETUP}?next=%2F"
        assert home.status_code == 302 and home["Location"] == f"{SETUP}?next=%2F"
        assert client.get(reverse("accounts:password_change")).status_code == 302
        assert client.get(SETUP).status_code == 200
    else:
        assert response["Location"] == HOME
        assert home.status_code == 200


@pytest.mark.parametrize("who", ROLES)
def test_force_login_stands_for_both_factors(client, world, who: str) -> None:
    client.force_login(world.users[who])
    assert client.get(reverse("accounts:password_change")).status_code == 200
    verified = DEVICE_ID_SESSION_KEY in client.session
    assert verified is (who in REQUIRED)


def test_sign_in_with_a_code_keeps_next_through_both_steps(client, world) -> None:
    device = authenticator(world.users["manager"])
    teams = reverse("people:teams")
    response = sign_in_with_password(client, "manager", teams)
    assert response["Location"] == f"{VERIFY}?next=%2Fpeople%2Fteams%2F"
    # Signed in with the password only: every page waits for the code.
    assert client.get(teams)["Location"] == f"{VERIFY}?next=%2Fpeople%2Fteams%2F"
    assert client.get(reverse("admin:index")).status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'name="next" value="/people/teams/"' in page.content.decode()
    done = enter_code(client, code(device), teams)
    assert done.status_code == 302 and done["Location"] == teams
    assert client.get(teams).status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_an_unsafe_next_goes_home(client, world) -> None:
    device = authenticator(world.users["director"])
    sign_in_with_password(client, "director")
    done = enter_code(client, code(device), "https://elsewhere.example/")
    assert done["Location"] == HOME


def test_a_wrong_code_is_refused(client, world) -> None:
    device = authenticator(world.users["director"])
    sign_in_with_password(client, "director")
    right = code(device)
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    response = enter_code(client, wrong)
    assert response.status_code == 200
    page = response.content.decode()
    assert "That code is not right" in page
    assert 'aria-describedby="id_code_helptext id_code_error"' in page
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(HOME).status_code == 302
    # The same code is not accepted twice.
    assert enter_code(client, right).status_code == 302
    client.post(reverse("accounts:logout"))
    sign_in_with_password(client, "director")
    device.refresh_from_db()
    device.last_t += 1  # the next code is used up too: nothing left in the window
    device.save()
    assert enter_code(client, right).status_code == 200


def test_wrong_codes_in_a_row_make_the_next_one_wait(client, world, settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = authenticator(world.users["director"])
    sign_in_with_password(client, "director")
    enter_code(client, "000000" if code(device) != "000000" else "111111")
    response = enter_code(client, code(device))
    assert "wait a few seconds" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_an_optional_user_with_an_app_enters_a_code_too(client, world) -> None:
    device = authenticator(world.users["practitioner"])
    response = sign_in_with_password(client, "practitioner")
    assert response["Location"] == f"{VERIFY}?next=%2F"
    assert client.get(HOME).status_code == 302
    assert enter_code(client, code(device))["Location"] == HOME
    assert client.get(HOME).status_code == 200


def test_a_recovery_code_works_once(client, world) -> None:
    user = world.users["manager"]
    authenticator(user)
    codes = recovery_codes_replace(user)
    assert len(codes) == 10 and len(set(codes)) == 10
    sign_in_with_password(client, "manager")
    response = enter_code(client, codes[3].upper().replace("-", " "), "/")
    assert response["Location"] == HOME
    home = client.get(HOME).content.decode()
    assert "You signed in with a recovery code" in home and "9 recovery codes left" in home
    client.post(reverse("accounts:logout"))
    sign_in_with_password(client, "manager")
    again = enter_code(client, codes[3])
    assert again.status_code == 200 and "That code is not right" in again.content.decode()
    assert enter_code(client, codes[4])["Location"] == HOME


def test_new_recovery_codes_replace_the_old_ones(client, world) -> None:
    user = world.users["senior"]
    authenticator(user)
    old = recovery_codes_replace(user)
    client.force_login(user)
    assert "10 unused recovery codes" in client.get(SETUP).content.decode()
    url = reverse("accounts:recovery_codes")
    assert "Make ten new codes" in client.get(url).content.decode()
    response = client.post(url)
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "This is the only time these codes are shown" in page
    assert "Your old recovery codes no longer work" in page
    new = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("accounts:logout"))
    sign_in_with_password(client, "senior")
    assert enter_code(client, old[0]).status_code == 200
    assert enter_code(client, new[0])["Location"] == HOME
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_set_up_from_the_page_then_the_codes_are_shown_once(client, world) -> None:
    sign_in_with_password(client, "manager")
    page = client.get(SETUP)
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html
    secret = re.search(r'<code class="secret" id="secret">([A-Z2-7 ]+)</code>', html).group(1)
    pending = TOTPDevice.objects.get(user=world.users["manager"])
    assert not pending.confirmed
    # A reload keeps the secret already scanned.
    assert secret in client.get(SETUP).content.decode()
    wrong = client.post(SETUP, {"code": "12345"})
    assert "That code does not match" in wrong.content.decode()
    done = client.post(SETUP, {"code": code_from_secret(secret), "next": "/people/teams/"})
    assert done.status_code == 200 and "no-store" in done["Cache-Control"]
    shown = done.content.decode()
    assert "This is the only time these codes are shown" in shown
    assert len(re.findall(r"<li><code>", shown)) == 10
    assert 'href="/people/teams/"' in shown
    pending.refresh_from_db()
    assert pending.confirmed
    assert client.get(HOME).status_code == 200
    # Later visits show the state, never the codes again.
    later = client.get(SETUP).content.decode()
    assert "Two-factor sign-in is on" in later and "<li><code>" not in later
    assert "cannot be switched off" in later


def test_the_set_up_page_does_not_skip_the_code(client, world) -> None:
    authenticator(world.users["director"])
    sign_in_with_password(client, "director")
    response = client.get(SETUP)
    assert response["Location"].startswith(VERIFY)
    assert client.post(SETUP, {"code": "123456"})["Location"].startswith(VERIFY)


def test_optional_users_may_switch_it_off_required_users_may_not(client, world) -> None:
    practitioner = world.users["practitioner"]
    device = authenticator(practitioner)
    sign_in_with_password(client, "practitioner")
    enter_code(client, code(device))
    response = client.post(reverse("accounts:two_factor_off"), follow=True)
    assert "Two-factor sign-in is off" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=practitioner).exists()
    assert client.get(HOME).status_code == 200

    manager = world.users["manager"]
    client.force_login(manager)
    response = client.post(reverse("accounts:two_factor_off"), follow=True)
    assert "it cannot be switched off" in response.content.decode()
    assert TOTPDevice.objects.filter(user=manager, confirmed=True).exists()


def test_the_admin_signs_in_through_our_pages(client, world) -> None:
    response = client.get(reverse("admin:index"))
    assert response["Location"] == "/admin/login/?next=/admin/"
    assert client.get(response["Location"])["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    device = authenticator(world.users["admin"])
    sign_in_with_password(client, "admin", "/admin/")
    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert enter_code(client, code(device), "/admin/")["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # A signed-in user the admin turns away goes home, not round in a circle.
    client.force_login(world.users["supervisor"])
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == HOME
    assert "Configuration is for administrators only" in response.content.decode()


def test_administrators_may_unlock_accounts_and_reset_two_factor(world) -> None:
    admin = world.users["admin"]
    assert admin.has_perm("axes.view_accessattempt")
    assert admin.has_perm("axes.delete_accessattempt")
    assert admin.has_perm("otp_totp.delete_totpdevice")
    assert admin.has_perm("otp_static.delete_staticdevice")
    assert not admin.has_perm("otp_totp.add_totpdevice")
    assert not world.users["director"].has_perm("axes.delete_accessattempt")
