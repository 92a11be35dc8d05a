"""Who sees which people page: a matrix of roles, success and failure alike."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supervisiondesk.people import services
from supervisiondesk.people.tests.world import ROLES, START

# url name -> users who get 200; everyone else signed in gets 404.
ALLOWED = {
    "home": set(ROLES),
    "people:my_caseload": set(ROLES) - {"config_only"},
    "people:my_supervisees": set(ROLES) - {"config_only"},
    "people:teams": {"manager", "senior", "director", "stranger_boss"},
}


@pytest.mark.parametrize("url_name", sorted(ALLOWED))
@pytest.mark.parametrize("who", ROLES)
def test_role_matrix(client, world, url_name: str, who: str) -> None:
    client.force_login(world.users[who])
    response = client.get(reverse(url_name))
    assert response.status_code == (200 if who in ALLOWED[url_name] else 404)


@pytest.mark.parametrize("url_name", sorted(ALLOWED))
def test_anonymous_is_sent_to_sign_in(client, world, url_name: str) -> None:
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_supervisor_sees_their_supervisee_and_nobody_else(client, world) -> None:
    client.force_login(world.users["supervisor"])
    page = client.get(reverse("people:my_supervisees")).content.decode()
    assert "Pat Practitioner" in page
    assert "Cas Colleague" not in page and "Stella Stranger" not in page


def test_practitioner_home_shows_supervisor_and_caseload(client, world) -> None:
    client.force_login(world.users["practitioner"])
    page = client.get(reverse("home")).content.decode()
    assert "Sam Supervisor" in page
    assert "1 high-risk case" in page
    caseload = client.get(reverse("people:my_caseload")).content.decode()
    assert "case-0" in caseload and "case-1" in caseload and "colleague-case" not in caseload


def test_manager_sees_the_teams_of_the_people_they_supervise(client, world) -> None:
    client.force_login(world.users["manager"])
    page = client.get(reverse("people:teams")).content.decode()
    assert "North team" in page and "South team" not in page


def test_senior_manager_sees_every_team_of_their_organisation_only(client, world) -> None:
    client.force_login(world.users["senior"])
    page = client.get(reverse("people:teams")).content.decode()
    assert "North team" in page and "South team" in page and "Away team" not in page


def test_other_organisation_sees_none_of_ours(client, world) -> None:
    client.force_login(world.users["stranger_boss"])
    page = client.get(reverse("people:teams")).content.decode()
    assert "Away team" in page and "North team" not in page
    home = client.get(reverse("home")).content.decode()
    assert "Stella Stranger" in home and "Pat Practitioner" not in home


def test_navigation_follows_the_role(client, world) -> None:
    client.force_login(world.users["practitioner"])
    page = client.get(reverse("home")).content.decode()
    assert reverse("people:teams") not in page and reverse("admin:index") not in page
    client.force_login(world.users["admin"])
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url_name", "who"),
    [("people:my_supervisees", "supervisor"), ("home", "supervisor"), ("people:teams", "senior")],
)
def test_list_pages_do_not_grow_queries_with_rows(client, world, url_name: str, who: str) -> None:
    client.force_login(world.users[who])
    url = reverse(url_name)
    before = _queries(client, url)
    supervisor = world.staff["supervisor"]
    team = supervisor.memberships.first().team
    for n in range(8):
        member = services.staff_create(
            organisation=world.organisation,
            staff_id=f"extra{n}",
            name=f"Extra {n}",
            start_date=START,
            team=team,
        )
        services.category_period_add(staff=member, category="qualified", start_date=START)
        services.relationship_add(
            supervisee=member, supervisor=supervisor, kind="line", start_date=START
        )
        case = services.case_create(organisation=world.organisation, case_id=f"extra-case-{n}")
        services.case_period_add(
            case=case, worker=member, case_type="cp", risk="high", start_date=START
        )
    assert _queries(client, url) == before
