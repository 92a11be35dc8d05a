"""The policy pages: everyone in the organisation reads the policy in force;
only an administrator adds a version, and a bad file is refused by the path
of its bad field with nothing saved."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from supervisiondesk.people.tests.world import ROLES
from supervisiondesk.policies.models import PolicyVersion
from supervisiondesk.policies.policy import PRESETS_DIR

ALLOWED = {
    "policies:policy": set(ROLES) - {"config_only"},  # no staff record: no organisation
    "policies:version_new": {"admin"},
}
SOUTHWARK = (PRESETS_DIR / "southwark-2021.yaml").read_text()


@pytest.mark.parametrize("url_name", sorted(ALLOWED))
@pytest.mark.parametrize("who", ROLES)
def test_role_matrix(client, world, url_name: str, who: str) -> None:
    client.force_login(world.users[who])
    response = client.get(reverse(url_name))
    assert response.status_code == (200 if who in ALLOWED[url_name] else 404)


@pytest.mark.parametrize("who", sorted(set(ROLES) - {"admin"}))
def test_only_an_administrator_may_add_a_version(client, world, who: str) -> None:
    client.force_login(world.users[who])
    response = client.post(
        reverse("policies:version_new"),
        {"effective_from": "2027-01-01", "source": "tameside-2015"},
    )
    assert response.status_code == 404
    assert not PolicyVersion.objects.filter(preset="tameside-2015").exists()


def test_the_policy_page_says_what_the_policy_in_force_asks(client, world) -> None:
    client.force_login(world.users["practitioner"])
    html = client.get(reverse("policies:policy")).content.decode()
    assert "Southwark Children" in html
    assert "every 7 days until 6 weeks" in html  # ASYE's first phase
    assert "Child protection</dt><dd>every month" in html  # the same at any risk
    assert "id: southwark-2021" in html  # the file itself
    assert "Change the policy" not in html  # not theirs to change


def test_an_administrator_adds_a_preset_from_a_date(client, world) -> None:
    client.force_login(world.users["admin"])
    response = client.post(
        reverse("policies:version_new"),
        {"effective_from": "2027-01-01", "source": "tameside-2015", "note": "Board, 3 Dec"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("policies:policy")
    version = PolicyVersion.objects.get(organisation=world.organisation, preset="tameside-2015")
    assert version.effective_from == date(2027, 1, 1)
    assert version.created_by == world.users["admin"] and version.note == "Board, 3 Dec"
    html = response.content.decode()
    assert "Policy tameside-2015 takes effect on 2027-01-01." in html
    assert "To come" in html


def test_a_bad_policy_file_is_refused_by_the_fields_path(client, world) -> None:
    client.force_login(world.users["admin"])
    document = SOUTHWARK.replace("id: southwark-2021", "id: riverside").replace(
        "    qualified: 1m", "    qualified: monthly"
    )
    response = client.post(
        reverse("policies:version_new"),
        {"effective_from": "2027-01-01", "source": "own", "document": document},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["document"]
    assert any("frequency.individual.qualified" in e and "monthly" in e for e in errors)
    assert PolicyVersion.objects.filter(organisation=world.organisation).count() == 1


def test_an_own_copy_is_saved_and_a_second_version_on_the_same_day_refused(client, world) -> None:
    client.force_login(world.users["admin"])
    document = SOUTHWARK.replace("id: southwark-2021", "id: riverside-2027")
    url = reverse("policies:version_new")
    ok = client.post(url, {"effective_from": "2027-01-01", "source": "own", "document": document})
    assert ok.status_code == 302
    assert PolicyVersion.objects.get(organisation=world.organisation, preset="").policy_id == (
        "riverside-2027"
    )
    again = client.post(url, {"effective_from": "2027-01-01", "source": "tameside-2015"})
    assert "Another version already takes effect on this day." in again.content.decode()
    assert PolicyVersion.objects.filter(organisation=world.organisation).count() == 2


def test_an_own_copy_needs_its_file(client, world) -> None:
    client.force_login(world.users["admin"])
    response = client.post(
        reverse("policies:version_new"), {"effective_from": "2027-01-01", "source": "own"}
    )
    assert response.context["form"].errors["document"] == [
        "Write the policy file, or choose a preset."
    ]


def test_a_version_to_come_may_be_withdrawn_and_one_in_force_may_not(client, world) -> None:
    future = PolicyVersion.objects.create(
        organisation=world.organisation, effective_from=date(2099, 1, 1), preset="tameside-2015"
    )
    in_force = PolicyVersion.objects.get(organisation=world.organisation, preset="southwark-2021")
    client.force_login(world.users["admin"])
    assert "Withdraw" in client.get(reverse("policies:policy")).content.decode()
    kept = client.post(reverse("policies:version_withdraw", args=[in_force.pk]), follow=True)
    assert "cannot be withdrawn" in kept.content.decode()
    assert PolicyVersion.objects.filter(pk=in_force.pk).exists()
    gone = client.post(reverse("policies:version_withdraw", args=[future.pk]), follow=True)
    assert "The version from 2099-01-01 is withdrawn." in gone.content.decode()
    assert not PolicyVersion.objects.filter(pk=future.pk).exists()


@pytest.mark.parametrize("who", sorted(set(ROLES) - {"admin"}))
def test_only_an_administrator_may_withdraw_and_only_their_own(client, world, who) -> None:
    future = PolicyVersion.objects.create(
        organisation=world.organisation, effective_from=date(2099, 1, 1), preset="tameside-2015"
    )
    client.force_login(world.users[who])
    response = client.post(reverse("policies:version_withdraw", args=[future.pk]))
    assert response.status_code == 404
    assert PolicyVersion.objects.filter(pk=future.pk).exists()


def test_another_organisations_version_is_not_there(client, world) -> None:
    theirs = PolicyVersion.objects.create(
        organisation=world.other_organisation,
        effective_from=date(2099, 1, 1),
        preset="tameside-2015",
    )
    client.force_login(world.users["admin"])
    assert client.post(reverse("policies:version_withdraw", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("policies:version_withdraw", args=[theirs.pk])).status_code == 404
    assert PolicyVersion.objects.filter(pk=theirs.pk).exists()
