"""Sign in, sign out, change password."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from supervisiondesk.people.tests.world import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_with_the_right_password_lands_on_home(client, world) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": "supervisor", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    page = response.content.decode()
    assert "Welcome, Sam Supervisor" in page and "Riverside" in page


def test_a_wrong_password_says_so_and_signs_nobody_in(client, world) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": "supervisor", "password": "nope"}
    )
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post_and_ends_the_session(client, world) -> None:
    client.force_login(world.users["practitioner"])
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert client.get(reverse("home")).status_code == 302


def test_change_password_checks_strength_and_keeps_the_session(client, world) -> None:
    client.force_login(world.users["practitioner"])
    url = reverse("accounts:password_change")
    weak = client.post(
        url, {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"}
    )
    assert "This password is too short" in weak.content.decode()
    strong = "Reflective practice 2026!"
    done = client.post(
        url, {"old_password": PASSWORD, "new_password1": strong, "new_password2": strong}
    )
    assert done.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    user = get_user_model().objects.get(username="practitioner")
    assert user.check_password(strong)


def test_administrator_group_may_configure_people_but_is_not_superuser(client, world) -> None:
    admin = world.users["admin"]
    assert not admin.is_superuser
    assert admin.has_perm("people.change_staffmember") and admin.has_perm("auth.add_user")
    client.force_login(admin)
    assert client.get(reverse("admin:people_staffmember_changelist")).status_code == 200
    client.force_login(world.users["supervisor"])
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_every_role_group_exists_even_after_a_flush_and_unknown_roles_are_refused() -> None:
    """A flushed test database (or a fresh one) still has the seven groups:
    the post_migrate signal makes them, so no login silently loses its role."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from supervisiondesk.accounts.roles import Role
    from supervisiondesk.people.services import user_create

    call_command("flush", "--no-input", verbosity=0)
    assert set(Group.objects.values_list("name", flat=True)) == set(Role.values)
    with pytest.raises(ValueError, match="No such role: chief"):
        user_create(username="x", password="a long password here", roles=["manager", "chief"])
