"""Capacity planning from the database: each role's supervisors, the
figures worked out by hand on the permission world, the what-ifs, the
download, the page's queries; then the demo."""

from __future__ import annotations

import csv
import io
from datetime import date
from fractions import Fraction

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from supervisiondesk.people import services
from supervisiondesk.people.models import Team
from supervisiondesk.people.tests.world import START, World
from supervisiondesk.policies.models import PolicyVersion
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry
from supervisiondesk.reports.capacity_selectors import policy_choices, policy_of_choice

URL = "/reports/capacity/"
# Southwark, a qualified worker in a child protection team ("other teams" for
# groups): monthly 90 minutes, a fortnightly group of six (30.4375 / 14 x 90
# / 6 minutes), and their two cases' 22.5 minutes inside the session.
QUALIFIED = (90 + Fraction(36525, 1200 * 14) * 15) / 60
MANAGER = Fraction(90, 60)  # a manager: monthly 90 minutes, no group


def page_for(client, world: World, who: str, **params):
    client.force_login(world.users[who])
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def hours(lines) -> dict[str, float]:
    return {line.name: round(line.needed, 6) for line in lines}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        # North: the supervisor (of the practitioner), the manager (of the
        # supervisor), the senior (of the manager).
        ("manager", {"Mo Manager": MANAGER, "Sam Supervisor": QUALIFIED, "Sian Senior": MANAGER}),
        # Their services: the south team's supervisor too.
        (
            "senior",
            {
                "Mo Manager": MANAGER,
                "Oli Other": QUALIFIED,
                "Sam Supervisor": QUALIFIED,
                "Sian Senior": MANAGER,
            },
        ),
        (
            "director",
            {
                "Mo Manager": MANAGER,
                "Oli Other": QUALIFIED,
                "Sam Supervisor": QUALIFIED,
                "Sian Senior": MANAGER,
            },
        ),
        ("stranger_boss", {"Bo Boss": Fraction(0)}),  # their worker has no category
    ],
)
def test_each_role_plans_for_the_supervisors_of_its_teams(client, world, who, expected) -> None:
    response = page_for(client, world, who)
    lines = response.context["lines"]
    assert hours(lines) == {name: round(float(h), 6) for name, h in expected.items()}
    plan = response.context["page"].plan
    assert round(float(plan.hours_needed), 6) == round(float(sum(expected.values())), 6)
    assert plan.supervisees == len(expected)
    html = response.content.decode()
    assert "<svg" in html and 'class="visually-hidden"' in html  # the chart and its table
    for name in expected:
        assert name in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["practitioner", "supervisor", "auditor", "admin", "config_only"])
def test_who_may_not_see_the_page(client, world, who) -> None:
    client.force_login(world.users[who])
    assert client.get(URL).status_code == 404


@pytest.mark.django_db
def test_the_sam_supervisors_figures_in_detail(client, world) -> None:
    lines = page_for(client, world, "manager", team="north").context["lines"]
    sam = next(line for line in lines if line.name == "Sam Supervisor")
    assert (sam.supervisees, sam.cases, sam.fte) == (1, 2, 1.0)
    assert sam.individual == 1.5 and sam.case_extra == 0
    assert round(sam.group, 4) == round(float(Fraction(36525, 1200 * 14) * 15 / 60), 4)
    assert round(sam.available, 2) == 32.18  # 37 h x 4.348 weeks x 20 %
    assert sam.difference == pytest.approx(sam.available - float(QUALIFIED))


@pytest.mark.django_db
def test_parameters_change_the_figures(client, world) -> None:
    lines = page_for(
        client,
        world,
        "manager",
        session_minutes=60,
        group_size=3,
        weekly_hours="35",
        supervision_share=10,
    ).context["lines"]
    sam = next(line for line in lines if line.name == "Sam Supervisor")
    assert sam.individual == 1.0
    assert round(sam.group, 4) == round(float(Fraction(36525, 1200 * 14) * 30 / 60), 4)
    assert round(sam.available, 2) == round(35 * 365.25 / 12 / 7 * 0.1, 2)


@pytest.mark.django_db
def test_what_if_another_policy_and_another_ratio(client, world) -> None:
    response = page_for(client, world, "senior", what_if_policy="preset:tameside-2015", max_ratio=1)
    context = response.context
    other = context["page"].what_if
    assert other.policy_id == "tameside-2015"
    # Tameside: monthly, no groups; cases every three months fit in the session.
    assert {line.name: line.what_if_needed for line in context["lines"]} == {
        "Mo Manager": 1.5,
        "Oli Other": 1.5,
        "Sam Supervisor": 1.5,
        "Sian Senior": 1.5,
    }
    assert context["at_ratio"] == 4 and context["over_ratio"] == 0
    html = response.content.decode()
    assert "What if: tameside-2015" in html
    assert "need at least 4 supervisors" in html


@pytest.mark.django_db
def test_the_organisations_own_versions_are_choices_and_no_one_elses(world) -> None:
    org, other = world.organisation, world.other_organisation
    mine = PolicyVersion.objects.get(organisation=org)
    theirs = PolicyVersion.objects.get(organisation=other)
    values = [value for value, _label in policy_choices(organisation=org, on=date(2026, 1, 1))]
    assert f"version:{mine.pk}" in values and f"version:{theirs.pk}" not in values
    assert "preset:interagency-cm-2014" in values
    assert policy_of_choice(organisation=org, value=f"version:{mine.pk}").id == "southwark-2021"
    assert policy_of_choice(organisation=org, value=f"version:{theirs.pk}") is None
    assert policy_of_choice(organisation=org, value="preset:nothing") is None


@pytest.mark.django_db
def test_bad_parameters_say_so_and_show_no_figures(client, world) -> None:
    response = page_for(client, world, "manager", group_size=0, what_if_policy="version:999999")
    assert response.context["page"] is None
    assert response.context["form"].errors.keys() == {"group_size", "what_if_policy"}
    assert "Correct the parameters above" in response.content.decode()


@pytest.mark.django_db
def test_the_table_downloads_and_the_download_is_logged(client, world) -> None:
    client.force_login(world.users["director"])
    response = client.get(URL, {"format": "csv", "what_if_policy": "preset:tameside-2015"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Supervisor" and rows[0][-1] == "Hours needed under the other policy"
    assert sorted(row[0] for row in rows[1:]) == [
        "Mo Manager",
        "Oli Other",
        "Sam Supervisor",
        "Sian Senior",
    ]
    entry = AccessLogEntry.objects.get(
        event=AccessEvent.EXPORTED, object_type="list:reports:capacity"
    )
    assert len(entry.subject_ids) == 4


@pytest.mark.django_db
def test_the_queries_do_not_grow_with_the_supervisors(client, world) -> None:
    client.force_login(world.users["director"])
    client.get(URL)  # warm the session

    def queries(params=None) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, params or {})
        return len(ctx.captured_queries), len(response.context["lines"])

    before, supervisors = queries()
    north = Team.objects.get(organisation=world.organisation, code="north")
    for n in range(5):
        boss = services.staff_create(
            organisation=world.organisation,
            staff_id=f"boss{n}",
            name=f"Boss {n}",
            start_date=START,
            team=north,
        )
        for m in range(3):
            worker = services.staff_create(
                organisation=world.organisation,
                staff_id=f"w{n}-{m}",
                name=f"Worker {n} {m}",
                start_date=START,
                team=north,
            )
            services.category_period_add(staff=worker, category="qualified", start_date=START)
            services.relationship_add(
                supervisee=worker, supervisor=boss, kind="line", start_date=START
            )
            case = services.case_create(organisation=world.organisation, case_id=f"c{n}-{m}")
            services.case_period_add(
                case=case, worker=worker, case_type="cp", risk="high", start_date=START
            )
    after, more = queries()
    assert more == supervisors + 5
    assert after == before
    assert queries({"what_if_policy": "preset:tameside-2015"})[0] == before


# ---------------------------------------------------------------- the demo


@pytest.mark.django_db
class TestDemo:
    @pytest.mark.parametrize("who", ["manager", "senior", "director"])
    def test_each_role_plans_for_its_teams(self, client, demo, who) -> None:
        user = get_user_model().objects.get(username=who)
        client.force_login(user)
        response = client.get(URL, {"what_if_policy": "preset:tameside-2015", "max_ratio": 6})
        assert response.status_code == 200
        page = response.context["page"]
        lines = response.context["lines"]
        assert lines and page.plan.supervisees > 0 and page.plan.cases > 0
        assert sum(line.supervisees for line in lines) == page.plan.supervisees
        assert round(sum(line.needed for line in lines), 6) == round(
            float(page.plan.hours_needed), 6
        )
        # Southwark asks more often than Tameside (groups, cases monthly).
        assert page.what_if.hours_needed < page.plan.hours_needed
        assert response.context["at_ratio"] >= page.plan.supervisees / 6

    def test_a_manager_plans_for_fewer_than_the_director(self, client, demo) -> None:
        def supervisors(who: str) -> set[str]:
            client.force_login(get_user_model().objects.get(username=who))
            return {line.name for line in client.get(URL).context["lines"]}

        manager, director = supervisors("manager"), supervisors("director")
        assert manager - director == set()
        assert manager < director

    def test_the_teams_add_up_to_the_organisation(self, client, demo) -> None:
        client.force_login(get_user_model().objects.get(username="director"))
        whole = client.get(URL).context["page"]
        by_team = [client.get(URL, {"team": team.code}).context["page"] for team in whole.teams]
        assert sum((p.plan.hours_needed for p in by_team), Fraction(0)) == whole.plan.hours_needed
        assert sum(p.plan.supervisees for p in by_team) == whole.plan.supervisees
