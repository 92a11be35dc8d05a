"""Each person reads their own language, else their organisation's, else
their browser's (issue 9): the page's lang and direction, its
Content-Language, the choice saved through the one service, and the
reminder emails in the same language as the pages."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from supervisiondesk.accounts.models import Preferences
from supervisiondesk.accounts.services import preferences_update
from supervisiondesk.notifications.services import language_of
from supervisiondesk.people.tests.world import ROLES

pytestmark = pytest.mark.django_db


def page_language(response) -> tuple[str, str]:
    html = response.content.decode()
    match = re.search(r'<html lang="([^"]+)" dir="([^"]+)"', html)
    assert match, html[:200]
    return match.group(1), match.group(2)


def test_organisation_default_then_own_choice(client, world) -> None:
    world.organisation.language = "es"
    world.organisation.save()
    client.force_login(world.users["practitioner"])
    response = client.get(reverse("home"))
    assert page_language(response) == ("es", "ltr")
    assert response["Content-Language"] == "es"

    preferences_update(user=world.users["practitioner"], language="ar")
    response = client.get(reverse("home"))
    assert page_language(response) == ("ar", "rtl")
    assert response["Content-Language"] == "ar"

    preferences_update(user=world.users["practitioner"], language="")
    assert page_language(client.get(reverse("home"))) == ("es", "ltr")


def test_the_organisations_language_wins_over_the_browsers(client, world) -> None:
    world.organisation.language = "fr"
    world.organisation.save()
    client.force_login(world.users["supervisor"])
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es")
    assert page_language(response) == ("fr", "ltr")


def test_a_language_picked_in_this_browser_wins_over_the_organisations(client, world) -> None:
    """Picked on the sign-in page (Django's language cookie): kept after
    signing in, until the person saves a choice of their own."""
    world.organisation.language = "fr"
    world.organisation.save()
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    client.force_login(world.users["supervisor"])
    assert page_language(client.get(reverse("home"))) == ("ar", "rtl")
    preferences_update(user=world.users["supervisor"], language="es")
    assert page_language(client.get(reverse("home"))) == ("es", "ltr")


def test_someone_without_an_organisation_reads_their_browsers(client, world) -> None:
    client.force_login(world.users["config_only"])
    assert page_language(client.get(reverse("accounts:language"), HTTP_ACCEPT_LANGUAGE="fr")) == (
        "fr",
        "ltr",
    )
    preferences_update(user=world.users["config_only"], language="ar")
    assert page_language(client.get(reverse("accounts:language"), HTTP_ACCEPT_LANGUAGE="fr")) == (
        "ar",
        "rtl",
    )


def test_before_signing_in_the_browser_or_the_switch(client, db) -> None:
    login = reverse("accounts:login")
    assert page_language(client.get(login, HTTP_ACCEPT_LANGUAGE="ar")) == ("ar", "rtl")
    response = client.post(reverse("set_language"), {"language": "es", "next": login})
    assert response.status_code == 302
    assert page_language(client.get(login, HTTP_ACCEPT_LANGUAGE="ar")) == ("es", "ltr")


@pytest.mark.parametrize("who", [r for r in ROLES if r != "stranger_boss"])
def test_every_role_chooses_a_language_on_the_page(client, world, who) -> None:
    user = world.users[who]
    client.force_login(user)
    url = reverse("accounts:language")
    page = client.get(url).content.decode()
    # Each language in its own name, and the way back to the organisation's.
    for name in ("English", "Español", "Français", "العربيّة"):
        assert name in page
    response = client.post(url, {"language": "fr"}, follow=True)
    assert Preferences.objects.get(user=user).language == "fr"
    assert page_language(response) == ("fr", "ltr")
    client.post(url, {"language": ""})
    assert Preferences.objects.get(user=user).language == ""


def test_an_unknown_language_is_refused_with_its_field(client, world) -> None:
    client.force_login(world.users["practitioner"])
    response = client.post(reverse("accounts:language"), {"language": "xx"})
    assert response.status_code == 200
    assert "language" in response.context["form"].errors
    assert not Preferences.objects.filter(user=world.users["practitioner"]).exists()
    with pytest.raises(ValidationError) as error:
        preferences_update(user=world.users["practitioner"], language="xx")
    assert "language" in error.value.message_dict


def test_reminders_are_written_in_the_language_of_the_pages(world) -> None:
    user = world.users["practitioner"]
    assert language_of(user) == "en"
    world.organisation.language = "ar"
    world.organisation.save()
    assert language_of(user) == "ar"
    preferences_update(user=user, language="es")
    user.refresh_from_db()
    assert language_of(user) == "es"


def test_going_back_to_the_organisations_language_is_confirmed_in_it(client, world) -> None:
    world.organisation.language = "es"
    world.organisation.save()
    user = world.users["supervisor"]
    preferences_update(user=user, language="fr")
    client.force_login(user)
    response = client.post(reverse("accounts:language"), {"language": ""}, follow=True)
    assert page_language(response) == ("es", "ltr")
    assert [str(m) for m in response.context["messages"]] == ["Idioma guardado."]
    # Picked in this browser before: the next page, and so the confirmation, in that.
    client.cookies["django_language"] = "ar"
    preferences_update(user=user, language="fr")
    response = client.post(reverse("accounts:language"), {"language": ""}, follow=True)
    assert page_language(response) == ("ar", "rtl")
    assert [str(m) for m in response.context["messages"]] == ["تم حفظ اللغة."]
