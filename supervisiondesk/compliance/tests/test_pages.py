"""The compliance pages: who sees them (a role matrix), what they show (the
engine's report on the right people, worst first, saying why), the
filters, and a fixed number of queries whatever the team's size."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supervisiondesk.compliance import views
from supervisiondesk.people import services
from supervisiondesk.people.tests.world import ROLES, START
from supervisiondesk.policies.models import PolicyVersion
from supervisiondesk.supervision.models import CaseDiscussion, SessionAttendee, SupervisionSession

ALLOWED = {
    "compliance:supervisees": {"supervisor", "manager", "senior", "stranger_boss"},
    "compliance:teams": {"manager", "senior", "director", "stranger_boss"},
}
AS_OF = "2026-11-20"


def held(
    world, code: str, day: date, supervisor: str, supervisees: list[str], kind="individual_formal"
):
    session = SupervisionSession.objects.create(
        organisation=world.organisation,
        session_id=code,
        kind=kind,
        status="held",
        date=day,
        supervisor=world.staff[supervisor],
    )
    for key in supervisees:
        SessionAttendee.objects.create(session=session, staff=world.staff[key])
    return session


@pytest.fixture
def supervised(world):
    """The practitioner supervised on 10 November, with case-0 discussed then;
    case-1 never discussed; no group supervision for anyone."""
    session = held(world, "s1", date(2026, 11, 10), "supervisor", ["practitioner"])
    CaseDiscussion.objects.create(
        session=session, case=world.organisation.cases.get(case_id="case-0")
    )
    return world


def get(client, world, who: str, url_name: str, **params: str):
    client.force_login(world.users[who])
    return client.get(reverse(url_name), {"as_of": AS_OF, **params})


@pytest.mark.parametrize("url_name", sorted(ALLOWED))
@pytest.mark.parametrize("who", ROLES)
def test_role_matrix(client, world, url_name: str, who: str) -> None:
    response = get(client, world, who, url_name)
    assert response.status_code == (200 if who in ALLOWED[url_name] else 404)


@pytest.mark.parametrize("url_name", sorted(ALLOWED))
def test_anonymous_is_sent_to_sign_in(client, world, url_name: str) -> None:
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def rows(response, table: str) -> list:
    return list(getattr(response.context["page"], table))


def test_a_supervisor_sees_their_supervisees_and_their_cases_only(client, supervised) -> None:
    response = get(client, supervised, "supervisor", "compliance:supervisees")
    people = rows(response, "people")
    assert {(r.staff_id, r.requirement) for r in people} == {
        ("practitioner", "individual"),
        ("practitioner", "group"),
    }
    assert {r.case_id for r in rows(response, "cases")} == {"case-0", "case-1"}
    html = response.content.decode()
    assert "Cas Colleague" not in html and "colleague-case" not in html
    assert "Stella Stranger" not in html


def test_rows_are_worst_first_and_say_why(client, supervised) -> None:
    response = get(client, supervised, "supervisor", "compliance:supervisees")
    people = rows(response, "people")
    assert [(r.requirement, r.status) for r in people] == [
        ("group", "overdue"),
        ("individual", "ok"),
    ]
    individual = people[1]
    assert individual.last == date(2026, 11, 10)
    assert individual.next_due == date(2026, 12, 10)
    assert individual.rule["target"] == "1m"
    cases = rows(response, "cases")
    assert [(r.case_id, r.status) for r in cases] == [("case-1", "overdue"), ("case-0", "ok")]
    assert cases[0].last is None and cases[0].days_overdue > 0
    html = response.content.decode()
    assert html.index("case-1") < html.index("case-0")
    assert "10 Nov 2026" in html  # the last session
    assert "Qualified: every month" in html  # the rule in force
    assert "Child in need, standard risk: every 2 months" in html


def test_more_days_overdue_comes_first(client, world) -> None:
    held(world, "s1", date(2026, 9, 1), "supervisor", ["practitioner"])
    held(world, "s2", date(2026, 10, 1), "manager", ["supervisor"])
    response = get(client, world, "manager", "compliance:teams", status="overdue")
    individual = [r for r in rows(response, "people") if r.requirement == "individual"]
    # The manager never (since 2024), the practitioner since September, the supervisor October.
    assert [r.staff_id for r in individual] == ["manager", "practitioner", "supervisor"]
    days = [r.days_overdue for r in individual]
    assert days == sorted(days, reverse=True) and len(set(days)) == 3


@pytest.mark.parametrize(
    ("params", "people", "cases"),
    [
        ({"status": "ok"}, {"individual"}, {"case-0"}),
        ({"status": "overdue"}, {"group"}, {"case-1"}),
        ({"case_type": "cin"}, {"individual", "group"}, {"case-1"}),
        ({"status": "due"}, set(), set()),
    ],
)
def test_filters(client, supervised, params, people, cases) -> None:
    response = get(client, supervised, "supervisor", "compliance:supervisees", **params)
    assert {r.requirement for r in rows(response, "people")} == people
    assert {r.case_id for r in rows(response, "cases")} == cases
    # The counts above each table ignore the status filter.
    counts = dict(response.context["page"].case_counts)
    assert counts["overdue"] + counts["ok"] == (1 if "case_type" in params else 2)


def test_a_manager_sees_their_teams_and_may_not_ask_for_another(client, supervised) -> None:
    response = get(client, supervised, "manager", "compliance:teams")
    staff = {r.staff_id for r in rows(response, "people")}
    assert {"practitioner", "supervisor"} <= staff and "colleague" not in staff
    refused = get(client, supervised, "manager", "compliance:teams", team="south")
    assert refused.status_code == 200 and refused.context["page"] is None
    assert "Select a valid choice" in refused.content.decode()
    assert "Cas Colleague" not in refused.content.decode()


def test_a_director_filters_by_team(client, supervised) -> None:
    response = get(client, supervised, "director", "compliance:teams", team="south")
    assert {r.staff_id for r in rows(response, "people")} == {"colleague"}
    assert {r.case_id for r in rows(response, "cases")} == {"colleague-case"}


def test_a_large_organisation_is_shown_one_team_at_a_time(client, supervised, monkeypatch) -> None:
    monkeypatch.setattr(views, "ALL_TEAMS_LIMIT", 1)
    response = get(client, supervised, "director", "compliance:teams")
    assert {r.team for r in rows(response, "people")} == {"north"}  # the first team by name
    assert "All teams" not in response.content.decode()


def test_each_organisation_sees_only_its_own(client, supervised) -> None:
    response = get(client, supervised, "stranger_boss", "compliance:teams")
    assert {r.staff_id for r in rows(response, "people")} <= {"stranger", "boss"}
    assert "Pat Practitioner" not in response.content.decode()


def test_an_organisation_with_no_policy_is_told_so(client, world) -> None:
    PolicyVersion.objects.filter(organisation=world.organisation).delete()
    response = get(client, world, "supervisor", "compliance:supervisees")
    assert "has no supervision policy yet" in response.content.decode()


def test_the_number_of_queries_does_not_grow_with_the_team(
    client, supervised, django_assert_num_queries
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert get(client, supervised, "manager", "compliance:teams").status_code == 200
        return len(queries)

    count()  # the first request also fills caches (content types, the preset's file)
    before = count()
    north = supervised.staff["practitioner"].memberships.get().team
    for n in range(6):
        member = services.staff_create(
            organisation=supervised.organisation,
            staff_id=f"extra-{n}",
            name=f"Extra {n}",
            start_date=START,
            team=north,
        )
        services.category_period_add(staff=member, category="qualified", start_date=START)
        supervised.staff[member.staff_id] = member
        services.relationship_add(
            supervisee=member,
            supervisor=supervised.staff["supervisor"],
            kind="line",
            start_date=START,
        )
        case = services.case_create(organisation=supervised.organisation, case_id=f"extra-case-{n}")
        services.case_period_add(
            case=case, worker=member, case_type="cp", risk="high", start_date=START
        )
        held(
            supervised,
            f"extra-s{n}",
            date(2026, 11, 1) + timedelta(days=n),
            "supervisor",
            [f"extra-{n}"],
        )
    assert count() == before
    with django_assert_num_queries(before):
        get(client, supervised, "manager", "compliance:teams")


def test_long_lists_come_a_page_at_a_time_worst_first(client, supervised, monkeypatch) -> None:
    monkeypatch.setattr(views, "ROWS_PER_PAGE", 1)
    first = get(client, supervised, "supervisor", "compliance:supervisees", status="")
    assert [r.case_id for r in first.context["cases"].object_list] == ["case-1"]  # overdue
    html = first.content.decode()
    assert "Rows 1 to 1 of 2" in html
    assert "cases_page=2" in html and "status=" in html  # the filters are kept
    second = get(client, supervised, "supervisor", "compliance:supervisees", cases_page="2")
    assert [r.case_id for r in second.context["cases"].object_list] == ["case-0"]
    assert [r.requirement for r in second.context["people"].object_list] == ["group"]
