"""The read endpoints: problem details, filters, paging, the compliance
report, a record's read with its personal sections withheld, and list
pages in a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from supervisiondesk.compliance.engine import compliance_report
from supervisiondesk.people.models import StaffMember
from supervisiondesk.policies.selectors import policy_timeline
from supervisiondesk.supervision.loaders import dataset_from_database

PROBLEM = "application/problem+json"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_bad_filter_is_a_400_naming_the_field(world) -> None:
    response = signed_in(world.users["supervisor"]).get(
        "/api/v1/sessions/?date_from=2026-13-01&status=nonsense"
    )
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == 400 and body["instance"].startswith("/api/v1/sessions/")
    fields = {error["field"] for error in body["errors"]}
    assert fields == {"date_from", "status"}
    assert "2 fields are not valid" in body["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nowhere/",
        "/api/v1/sessions/abc/",
        "/api/v1/sessions/99999999999999999999999/",  # beyond a 64-bit id
        "/api/v1/sessions/?page=999",
        "/api/v1/sessions/?page=0",
        "/api/v1/sessions/?page=x",
        "/api/v1/sessions/?page=2032929365579119584083968",  # an offset no database holds
        "/api/v1/sessions/123456789/",
    ],
)
def test_not_found_is_a_problem_not_a_page(world, path: str) -> None:
    response = signed_in(world.users["supervisor"]).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == 404


def test_a_write_is_refused_as_a_problem(world) -> None:
    response = signed_in(world.users["supervisor"]).post(
        "/api/v1/sessions/", {}, content_type="application/json"
    )
    assert response.status_code == 405 and response["Content-Type"] == PROBLEM


def test_anonymous_calls_answer_401_not_a_sign_in_page(db) -> None:
    response = Client().get("/api/v1/staff/")
    assert response.status_code == 401 and response["Content-Type"] == PROBLEM


@pytest.mark.parametrize(
    ("login", "path"),
    [
        ("director", "/api/v1/staff/"),  # one query: the page and the count
        ("supervisor", "/api/v1/case-periods/"),  # joined: keys and count, then the page
    ],
)
def test_every_page_carries_the_whole_lists_count(world, login: str, path: str) -> None:
    """Each page says the list's length, and the pages together are the
    list, once, in order (api.pagination reads the count with the page)."""
    client = signed_in(world.users[login])
    whole = client.get(path).json()
    total = whole["count"]
    assert total == len(whole["results"]) >= 2
    seen = []
    for page in range(1, total + 1):
        body = client.get(path, {"page": page, "page_size": 1}).json()
        assert body["count"] == total
        assert (body["previous"] is None) == (page == 1)
        assert (body["next"] is None) == (page == total)
        seen += body["results"]
    assert seen == whole["results"]
    past = client.get(path, {"page": total + 1, "page_size": 1})
    assert past.status_code == 404
    empty = client.get(path, {"team": "no-such-team"}).json()
    assert (empty["count"], empty["results"], empty["next"]) == (0, [], None)


def test_filters_and_paging(world) -> None:
    client = signed_in(world.users["director"])
    body = client.get("/api/v1/staff/?team=south&page_size=1").json()
    assert body["count"] == 2 and len(body["results"]) == 1 and body["next"]
    assert {r["team"] for r in body["results"]} == {"south"}
    names = [r["name"] for r in client.get("/api/v1/staff/?ordering=-name").json()["results"]]
    assert names == sorted(names, reverse=True)
    later = (timezone.now() + timedelta(minutes=1)).isoformat()
    assert client.get("/api/v1/staff/", {"updated_since": later}).json()["count"] == 0
    StaffMember.objects.update(updated_at=timezone.now() - timedelta(days=1))
    earlier = timezone.now().isoformat()
    StaffMember.objects.get(staff_id="colleague").save()
    changed = client.get("/api/v1/staff/", {"updated_since": earlier}).json()["results"]
    assert [r["staff_id"] for r in changed] == ["colleague"]


def test_cases_by_their_workers_team_or_staff_id_today(world) -> None:
    """The supervisor reads the practitioner's two cases (north team)."""
    client = signed_in(world.users["supervisor"])

    def case_ids(**query) -> set[str]:
        return {r["case_id"] for r in client.get("/api/v1/cases/", query).json()["results"]}

    assert case_ids() == {"case-0", "case-1"}
    assert case_ids(team="north") == {"case-0", "case-1"}
    assert case_ids(team="south") == set()
    assert case_ids(worker="practitioner") == {"case-0", "case-1"}
    assert case_ids(worker="supervisor") == set()


def test_updated_since_rejects_an_impossible_moment(world) -> None:
    client = signed_in(world.users["director"])
    response = client.get("/api/v1/staff/", {"updated_since": "0001-01-01T00:00:00+14:00"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "updated_since"


def test_the_compliance_report_is_the_engines_for_the_people_one_oversees(world) -> None:
    """The supervisor's report covers themself and their supervisee: exactly
    the engine's report on those two, for any day asked."""
    client = signed_in(world.users["supervisor"])
    on = date(2025, 3, 3)
    body = client.get("/api/v1/compliance/", {"as_of": on.isoformat()}).json()
    organisation = world.organisation
    ids = {world.staff["supervisor"].pk, world.staff["practitioner"].pk}
    expected = compliance_report(
        dataset_from_database(organisation, on, staff=ids),
        policy_timeline(organisation=organisation),
        on,
        staff_ids={"supervisor", "practitioner"},
    )
    assert body == expected
    assert {e["staff_id"] for e in body["individual"]} == {"supervisor", "practitioner"}
    assert {e["case_id"] for e in body["cases"]} == {"case-0", "case-1"}


def test_the_compliance_report_refuses_people_one_does_not_oversee(world) -> None:
    client = signed_in(world.users["supervisor"])
    response = client.get("/api/v1/compliance/", {"staff": "colleague"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "staff"
    response = client.get("/api/v1/compliance/", {"team": "south"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "team"
    response = client.get("/api/v1/compliance/", {"as_of": "1999-12-31"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "as_of"
    director = signed_in(world.users["director"]).get("/api/v1/compliance/", {"team": "south"})
    body = director.json()
    # South's people only: the colleague (supervised) and their supervisor.
    assert {e["staff_id"] for e in body["individual"]} == {"colleague"}
    assert {e["staff_id"] for e in body["supervisors"]} <= {"other_supervisor"}
    assert {e["case_id"] for e in body["cases"]} == {"colleague-case"}


class TestListQueries:
    """On the demo, seeded once for the class (conftest's `demo_seeded`)."""

    @pytest.mark.parametrize(
        "path",
        [
            "/api/v1/staff/",
            "/api/v1/teams/",
            "/api/v1/relationships/",
            "/api/v1/cases/",
            "/api/v1/case-periods/",
            "/api/v1/sessions/",
            "/api/v1/case-discussions/",
            "/api/v1/actions/",
            "/api/v1/agreements/",
        ],
    )
    def test_a_list_costs_the_same_queries_whatever_its_length(
        self, demo, path: str, django_assert_max_num_queries
    ) -> None:
        """A page of 500 rows costs what a page of 5 does (no query per row)."""
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = signed_in(get_user_model().objects.get(username="director"))
        counts = []
        for size in (5, 500):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path, {"page_size": size})
            assert response.status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1], counts
        with django_assert_max_num_queries(20):
            client.get(path)


def test_a_sessions_record_and_its_personal_section_only_for_its_parties(
    world, settings, tmp_path
) -> None:
    """The supervisor (a party) reads the personal check-in; the manager
    (who reads the record as the supervisor's line manager) gets it withheld."""
    from supervisiondesk.tests.matrix_scenario import build_scenario

    settings.MEDIA_ROOT = tmp_path  # the scenario uploads a genogram
    side = build_scenario(world).side("mine")
    url = f"/api/v1/sessions/{side.session.pk}/"
    mine = signed_in(world.users["supervisor"]).get(url).json()
    theirs = signed_in(world.users["manager"]).get(url).json()
    key = side.personal_section.key
    by_key = {s["key"]: s for s in mine["sections"]}
    assert by_key[key]["text"] == side.personal_section.text and not by_key[key]["withheld"]
    withheld = {s["key"]: s for s in theirs["sections"]}[key]
    assert withheld["text"] is None and withheld["withheld"] is True
    assert side.personal_section.text not in str(theirs)
    assert [a["text"] for a in mine["agenda"]] == [side.agenda_item.text]
    assert mine["case_discussions"] == [side.discussion.pk]


def test_the_compliance_report_is_kept_a_while_and_can_be_asked_afresh(world, settings) -> None:
    """Kept `COMPLIANCE_CACHE_SECONDS` for the same day and people (a change
    shows a minute later, or at once with `Cache-Control: no-cache`); off,
    every call computes it."""
    from supervisiondesk.people.models import CasePeriod

    settings.CACHES = {
        **settings.CACHES,
        "reports": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.COMPLIANCE_CACHE_SECONDS = 60
    client = signed_in(world.users["supervisor"])
    query = {"as_of": "2025-03-03"}

    def cases(response) -> set[str]:
        return {e["case_id"] for e in response.json()["cases"]}

    first = client.get("/api/v1/compliance/", query)
    assert first["Cache-Control"] == "private, max-age=60" and first["Age"] == "0"
    assert cases(first) == {"case-0", "case-1"}
    CasePeriod.objects.filter(case__case_id="case-1").delete()
    kept = client.get("/api/v1/compliance/", query)
    assert kept.json() == first.json()
    afresh = client.get("/api/v1/compliance/", query, headers={"Cache-Control": "no-cache"})
    assert cases(afresh) == {"case-0"}
    # Another day is another report.
    assert client.get("/api/v1/compliance/", {"as_of": "2025-03-04"}).status_code == 200
    settings.COMPLIANCE_CACHE_SECONDS = 0
    CasePeriod.objects.filter(case__case_id="case-0").delete()
    assert cases(client.get("/api/v1/compliance/", query)) == set()
