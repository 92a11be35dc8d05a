"""An organisation's own competency frameworks in Configuration: an
administrator sees and adds their organisation's only; the presets and
other organisations' are not there for them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from supervisiondesk.development.models import Framework, FrameworkArea
from supervisiondesk.development.tests.helpers import preset

pytestmark = pytest.mark.django_db


@pytest.fixture
def frameworks(world):
    """A framework of each organisation and the presets; the administrator
    group has the framework permissions (accounts.apps.ADMINISTRATOR_PERMISSIONS)."""
    group = Group.objects.get(name="administrator")
    assert set(
        group.permissions.filter(content_type__app_label="development").values_list(
            "codename", flat=True
        )
    ) == {
        f"{verb}_{model}"
        for verb in ("view", "add", "change", "delete")
        for model in ("framework", "frameworkarea")
    }
    preset()
    mine = Framework.objects.create(organisation=world.organisation, key="ours", title="Ours")
    theirs = Framework.objects.create(
        organisation=world.other_organisation, key="theirs", title="Elsewhere's own"
    )
    return mine, theirs


def admin_client(client, world, who="admin"):
    client.force_login(world.users[who])
    return client


def test_an_administrator_lists_and_opens_their_organisations_frameworks_only(
    client, world, frameworks
) -> None:
    mine, theirs = frameworks
    client = admin_client(client, world)
    listing = client.get(reverse("admin:development_framework_changelist")).content.decode()
    assert "Ours" in listing
    assert "Elsewhere" not in listing and "Knowledge and skills" not in listing
    assert (
        client.get(reverse("admin:development_framework_change", args=[mine.pk])).status_code == 200
    )
    for other in (theirs, preset()):
        url = reverse("admin:development_framework_change", args=[other.pk])
        assert client.get(url).status_code == 302  # "not there": back to the admin index


def test_a_new_framework_is_the_administrators_organisations(client, world, frameworks) -> None:
    client = admin_client(client, world)
    response = client.post(
        reverse("admin:development_framework_add"),
        {
            "title": "Our practice framework",
            "key": "practice",
            "audience": "",
            "source": "",
            "active": "on",
            # A crafted organisation is ignored: the field is not on the form.
            "organisation": world.other_organisation.pk,
            "areas-TOTAL_FORMS": "1",
            "areas-INITIAL_FORMS": "0",
            "areas-0-number": "1",
            "areas-0-title": "Curiosity",
            "areas-0-description": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = Framework.objects.get(key="practice")
    assert added.organisation == world.organisation
    assert FrameworkArea.objects.get(framework=added).title == "Curiosity"
    # The same key again is refused on the form, not by the database.
    again = client.post(
        reverse("admin:development_framework_add"),
        {
            "title": "Again",
            "key": "practice",
            "areas-TOTAL_FORMS": "0",
            "areas-INITIAL_FORMS": "0",
        },
    )
    assert again.status_code == 200 and "Another framework of yours" in again.content.decode()


def test_an_administrator_without_an_organisation_sees_and_adds_nothing(
    client, world, frameworks
) -> None:
    client = admin_client(client, world, "config_only")
    listing = client.get(reverse("admin:development_framework_changelist")).content.decode()
    assert "Ours" not in listing and "Knowledge and skills" not in listing
    assert client.get(reverse("admin:development_framework_add")).status_code == 403
