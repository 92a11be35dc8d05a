"""Configuration is per organisation (people.admin_scope, accounts.admin):
an administrator sees, changes and chooses only their own organisation's
structure, staff, cases, logins, devices and locked-out names; nobody
becomes a superuser or grants themselves a role through it."""

from __future__ import annotations

from datetime import date

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from supervisiondesk.people import services
from supervisiondesk.people.models import Case, Organisation, Service, StaffMember, Team
from supervisiondesk.people.tests.factories import UserFactory
from supervisiondesk.privacy.models import RecordType, RetentionRule

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def two_organisations(world):
    """Something of every configured kind on each side: (mine, theirs)."""
    other = world.other_organisation
    stranger_user = UserFactory(username="stranger_user", email="stella@elsewhere.example")
    User.objects.filter(username="practitioner").update(email="pat@riverside.example")
    stranger = StaffMember.objects.get(staff_id="stranger")
    stranger.user = stranger_user
    stranger.save(update_fields=["user"])
    services.case_create(organisation=other, case_id="away-case")
    for user in (world.users["practitioner"], stranger_user):
        TOTPDevice.objects.create(user=user, name=f"phone of {user.username}")
        device = StaticDevice.objects.create(user=user, name=f"codes of {user.username}")
        StaticToken.objects.create(device=device, token=f"secret{user.pk:06d}")
        AccessAttempt.objects.create(
            username=user.username,
            ip_address="127.0.0.1",
            user_agent="test",
            failures_since_start=2,
            attempt_time=timezone.now(),
        )
    RetentionRule.objects.create(
        organisation=world.organisation, record_type=RecordType.ONE_TO_ONE, years=6
    )
    RetentionRule.objects.create(organisation=other, record_type=RecordType.ONE_TO_ONE, years=9)
    return world


# changelist -> (a text of my organisation's row, a text of the other's)
LISTS = {
    "admin:people_organisation_changelist": ("Riverside", "Elsewhere"),
    "admin:people_service_changelist": ("Safeguarding", "Elsewhere"),
    "admin:people_team_changelist": ("North team", "Away team"),
    "admin:people_staffmember_changelist": ("Pat Practitioner", "Stella Stranger"),
    "admin:people_case_changelist": ("case-0", "away-case"),
    "admin:auth_user_changelist": ("pat@riverside.example", "stella@elsewhere.example"),
    "admin:otp_totp_totpdevice_changelist": ("phone of practitioner", "phone of stranger_user"),
    "admin:otp_static_staticdevice_changelist": (
        "codes of practitioner",
        "codes of stranger_user",
    ),
    "admin:axes_accessattempt_changelist": (">practitioner<", ">stranger_user<"),
    "admin:privacy_retentionrule_changelist": ("Riverside", "Elsewhere"),
}


@pytest.mark.parametrize("url_name", LISTS)
def test_each_list_shows_my_organisation_only(client, two_organisations, url_name) -> None:
    mine, theirs = LISTS[url_name]
    client.force_login(two_organisations.users["admin"])
    page = client.get(reverse(url_name)).content.decode()
    assert mine in page
    assert theirs not in page  # not a row, not a filter choice


@pytest.mark.parametrize("url_name", LISTS)
def test_an_administrator_without_a_staff_record_sees_nothing(
    client, two_organisations, url_name
) -> None:
    mine, theirs = LISTS[url_name]
    client.force_login(two_organisations.users["config_only"])
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert mine not in response.content.decode() and theirs not in response.content.decode()


@pytest.mark.parametrize("url_name", LISTS)
def test_a_superuser_sees_the_whole_installation(client, two_organisations, url_name) -> None:
    mine, theirs = LISTS[url_name]
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x" * 20))
    page = client.get(reverse(url_name)).content.decode()
    assert mine in page and theirs in page


def _theirs(world) -> dict[str, object]:
    other = world.other_organisation
    return {
        "people_organisation": other,
        "people_service": Service.objects.get(organisation=other),
        "people_team": Team.objects.get(organisation=other),
        "people_staffmember": StaffMember.objects.get(staff_id="stranger"),
        "people_case": Case.objects.get(case_id="away-case"),
        "auth_user": User.objects.get(username="stranger_user"),
        "otp_totp_totpdevice": TOTPDevice.objects.get(user__username="stranger_user"),
        "privacy_retentionrule": RetentionRule.objects.get(organisation=other),
    }


def test_another_organisations_record_is_not_there(client, two_organisations) -> None:
    """Its change, delete and history pages answer as for an id that does
    not exist (the admin sends you back to its index with a message)."""
    client.force_login(two_organisations.users["admin"])
    for prefix, obj in _theirs(two_organisations).items():
        for page in ("change", "delete", "history"):
            response = client.get(reverse(f"admin:{prefix}_{page}", args=[obj.pk]))
            if prefix == "people_organisation" and page == "delete":
                assert response.status_code == 403  # no organisation is theirs to remove
                continue
            assert response.status_code == 302, (prefix, page)
            assert response["Location"] == reverse("admin:index")
        client.post(reverse(f"admin:{prefix}_delete", args=[obj.pk]), {"post": "yes"})
        assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_record_cannot_be_pointed_at_another_organisation(client, two_organisations) -> None:
    world = two_organisations
    client.force_login(world.users["admin"])
    their_service = Service.objects.get(organisation=world.other_organisation)
    response = client.post(
        reverse("admin:people_team_add"),
        {
            "name": "Sneaky team",
            "code": "sneaky",
            "organisation": world.other_organisation.pk,
            "service": their_service.pk,
            "start_date": "2024-01-01",
        },
    )
    assert response.status_code == 200  # the form again, with its errors
    errors = response.context["adminform"].form.errors
    assert set(errors) >= {"organisation", "service"}
    assert "Select a valid choice" in str(errors["organisation"])
    assert not Team.objects.filter(code="sneaky").exists()
    # The form offers my organisation only.
    form_page = client.get(reverse("admin:people_team_add")).content.decode()
    assert "Riverside" in form_page and "Elsewhere" not in form_page


def test_autocomplete_offers_my_organisation_only(client, two_organisations) -> None:
    client.force_login(two_organisations.users["admin"])
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "people", "model_name": "teammembership", "field_name": "team", "term": ""},
    )
    names = {row["text"] for row in response.json()["results"]}
    assert names and all("Away team" not in name for name in names)
    staff = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "people",
            "model_name": "supervisoryrelationship",
            "field_name": "supervisor",
            "term": "St",
        },
    ).json()["results"]
    assert all("Stranger" not in row["text"] for row in staff)


def test_no_organisations_are_added_or_removed_by_an_administrator(client, world) -> None:
    client.force_login(world.users["admin"])
    assert client.get(reverse("admin:people_organisation_add")).status_code == 403
    delete = reverse("admin:people_organisation_delete", args=[world.organisation.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Organisation.objects.filter(pk=world.organisation.pk).exists()


def _user_form(user, **changes) -> dict:
    """The change form of a login, as the browser would post it."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [g.pk for g in user.groups.all()],
        "date_joined_0": "2024-01-01",
        "date_joined_1": "09:00:00",
        "initial-date_joined_0": "2024-01-01",
        "initial-date_joined_1": "09:00:00",
    }
    if user.is_staff:
        data["is_staff"] = "on"
    return data | changes


def test_an_administrator_gives_roles_but_never_superuser_or_single_permissions(
    client, world
) -> None:
    admin = world.users["admin"]
    client.force_login(admin)
    practitioner = world.users["practitioner"]
    page = client.get(reverse("admin:auth_user_change", args=[practitioner.pk])).content.decode()
    assert 'name="groups"' in page
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page

    supervisor_group = Group.objects.get(name="supervisor")
    response = client.post(
        reverse("admin:auth_user_change", args=[practitioner.pk]),
        _user_form(
            practitioner,
            groups=[supervisor_group.pk],
            is_superuser="on",
            user_permissions=[1],
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    practitioner.refresh_from_db()
    assert set(practitioner.groups.values_list("name", flat=True)) == {"supervisor"}
    assert not practitioner.is_superuser and not practitioner.user_permissions.exists()


def test_an_administrator_cannot_change_their_own_roles(client, world) -> None:
    admin = world.users["admin"]
    client.force_login(admin)
    page = client.get(reverse("admin:auth_user_change", args=[admin.pk])).content.decode()
    assert 'name="groups"' not in page and 'name="is_superuser"' not in page
    director = Group.objects.get(name="director")
    client.post(
        reverse("admin:auth_user_change", args=[admin.pk]),
        _user_form(admin, groups=[director.pk], is_superuser="on"),
    )
    admin.refresh_from_db()
    assert set(admin.groups.values_list("name", flat=True)) == {"administrator"}
    assert not admin.is_superuser


def test_a_superusers_login_is_out_of_an_administrators_reach(client, world) -> None:
    root = User.objects.create_superuser("root", "root@example.org", "x" * 20)
    StaffMember.objects.filter(staff_id="director").update(user=root)
    client.force_login(world.users["admin"])
    assert "root" not in client.get(reverse("admin:auth_user_changelist")).content.decode()
    password = reverse("admin:auth_user_password_change", args=[root.pk])
    assert client.get(password).status_code in (302, 404)


def test_a_new_login_is_made_for_a_staff_record_of_my_organisation(client, world) -> None:
    colleague = StaffMember.objects.get(staff_id="colleague")
    stranger = StaffMember.objects.get(staff_id="stranger")
    client.force_login(world.users["admin"])
    add = reverse("admin:auth_user_add")
    page = client.get(add).content.decode()
    assert "Cas Colleague" in page
    assert "Stella Stranger" not in page and "Pat Practitioner" not in page  # has one

    form = {
        "username": "cas",
        "usable_password": "true",
        "password1": "a long new password 1",
        "password2": "a long new password 1",
    }
    refused = client.post(add, form | {"staff": stranger.pk})
    assert refused.status_code == 200 and "staff" in refused.context["adminform"].form.errors
    missing = client.post(add, form)
    assert missing.status_code == 200 and "staff" in missing.context["adminform"].form.errors
    assert not User.objects.filter(username="cas").exists()

    assert client.post(add, form | {"staff": colleague.pk}).status_code == 302
    colleague.refresh_from_db()
    assert colleague.user.username == "cas"


def test_the_administrator_group_has_no_say_over_roles_permissions(client, world) -> None:
    admin = world.users["admin"]
    assert not admin.has_perm("auth.change_group") and not admin.has_perm("auth.view_group")
    assert not admin.has_perm("supervision.view_supervisionsession")
    client.force_login(admin)
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_recovery_codes_are_not_shown_in_configuration(client, two_organisations) -> None:
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x" * 20))
    device = StaticDevice.objects.get(user__username="practitioner")
    page = client.get(reverse("admin:otp_static_staticdevice_change", args=[device.pk]))
    assert page.status_code == 200
    token = StaticToken.objects.get(device=device).token
    assert token not in page.content.decode()


def test_unlocking_is_for_my_organisations_names(client, two_organisations) -> None:
    theirs = AccessAttempt.objects.get(username="stranger_user")
    client.force_login(two_organisations.users["admin"])
    delete = reverse("admin:axes_accessattempt_delete", args=[theirs.pk])
    client.post(delete, {"post": "yes"})
    assert AccessAttempt.objects.filter(pk=theirs.pk).exists()
    mine = AccessAttempt.objects.get(username="practitioner")
    client.post(reverse("admin:axes_accessattempt_delete", args=[mine.pk]), {"post": "yes"})
    assert not AccessAttempt.objects.filter(pk=mine.pk).exists()


def test_the_start_of_a_new_team_is_kept(client, world) -> None:
    """Adding within my organisation works as before."""
    client.force_login(world.users["admin"])
    service = Service.objects.get(organisation=world.organisation)
    response = client.post(
        reverse("admin:people_team_add"),
        {
            "name": "East team",
            "code": "east",
            "organisation": world.organisation.pk,
            "service": service.pk,
            "start_date": "2024-01-01",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Team.objects.get(code="east").start_date == date(2024, 1, 1)
