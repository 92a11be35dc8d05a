"""The managers' dashboard on the demo: the figures are the stored ones,
summed over the viewer's teams, and the page reads them in a fixed number of
queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import screenshot
from supervisiondesk.accounts.roles import team_scope
from supervisiondesk.accounts.tests.otp import browser_sign_in
from supervisiondesk.people.models import Team
from supervisiondesk.people.selectors import visible_teams
from supervisiondesk.people.tests.demo_day import DEMO_TODAY
from supervisiondesk.reports.dashboard_selectors import dashboard_of
from supervisiondesk.reports.indicators import Figures, total
from supervisiondesk.reports.models import IndicatorSnapshot
from supervisiondesk.reports.services import snapshots_refresh

SEEDED = date.fromisoformat(DEMO_TODAY)


def login(name: str):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def today(demo, demo_figures_today) -> date:
    """The pages' today, its figures stored once for the class (conftest.py)."""
    return demo_figures_today


@pytest.mark.django_db
class TestDashboard:
    @pytest.mark.parametrize("who", ["manager", "senior", "director"])
    def test_the_figures_are_the_sum_of_the_viewers_teams(self, client, today, who) -> None:
        user = login(who)
        staff = user.staff_member
        scope = team_scope(frozenset(user.groups.values_list("name", flat=True)))
        teams = list(visible_teams(staff=staff, on=today, scope=scope))
        assert teams
        expected = total(
            Figures.from_json(s.figures)
            for s in IndicatorSnapshot.objects.filter(team__in=teams, on=today)
        )
        client.force_login(user)
        response = client.get(reverse("reports:dashboard"))
        assert response.status_code == 200
        board = response.context["board"]
        assert board.figures_of == today
        assert board.now == expected
        supervised = board.indicators[0]
        assert supervised.key == "supervised"
        html = response.content.decode()
        assert f"{expected.supervised.met} of {expected.supervised.of}" in html
        # Twelve month ends and today, each with a figure (the demo has two years).
        assert len(supervised.chart.points) == 13
        assert [p.label for p in supervised.chart.points if p.value is None] == []
        assert html.count("<svg") >= 5 and "visually-hidden" in html

    def test_a_manager_sees_fewer_teams_than_the_director(self, today) -> None:
        manager = dashboard_of(staff=login("manager").staff_member, scope="supervised", today=today)
        director = dashboard_of(
            staff=login("director").staff_member, scope="organisation", today=today
        )
        assert 0 < len(manager.teams) < len(director.teams)
        assert manager.now.supervised.of < director.now.supervised.of

    def test_nothing_stored_yet_says_so(self, client, demo) -> None:
        IndicatorSnapshot.objects.all().delete()
        client.force_login(login("director"))
        response = client.get(reverse("reports:dashboard"))
        assert response.context["board"].figures_of is None
        assert "No figures yet" in response.content.decode()

    def test_queries_do_not_grow_with_months_or_teams(self, client, demo, today) -> None:
        client.force_login(login("director"))
        client.get(reverse("reports:dashboard"))  # warm the session

        def queries() -> int:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse("reports:dashboard")).status_code == 200
            return len(ctx.captured_queries)

        before = queries()
        # Four account queries, the teams (one), the stored figures (one),
        # the feedback (two), the drift signals (four), the bell's unread
        # count (one), the session's save.
        assert before <= 17
        snapshots_refresh(organisation=demo, today=today, months=24)
        Team.objects.create(
            organisation=demo,
            service=Team.objects.first().service,
            code="new",
            name="New team",
            start_date=today,
        )
        assert queries() == before


@pytest.mark.django_db
class TestRefreshing:
    """Apart from TestDashboard, whose figures are stored for the real today."""

    def test_refreshing_keeps_one_latest_day_and_the_month_ends(self, demo) -> None:
        later = date(SEEDED.year, SEEDED.month, SEEDED.day + 1)
        computed = snapshots_refresh(organisation=demo, today=later)
        assert computed == [later]  # the month ends were stored already
        latest = IndicatorSnapshot.objects.filter(organisation=demo, month_end=False)
        assert set(latest.values_list("on", flat=True)) == {later}
        month_ends = IndicatorSnapshot.objects.filter(organisation=demo, month_end=True)
        assert month_ends.values("on").distinct().count() == 12


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_senior_manager_reads_the_dashboard_on_a_computer_and_a_phone(
    page, live_server, monkeypatch
) -> None:
    from django.core.management import call_command

    monkeypatch.setenv("DEMO_PASSWORD", "demo password for the browser test")
    call_command("seed_demo", "--seed", "1", verbosity=0)
    browser_sign_in(page, live_server, "senior", "demo password for the browser test")
    page.get_by_role("link", name="Dashboard").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Supervision dashboard"
    region = page.get_by_role("region", name="Staff supervised within the standard")
    assert "%" in region.locator(".big").inner_text()
    assert region.get_by_role("img", name="Last twelve months").is_visible()
    screenshot(page, "dashboard-senior")
    page.set_viewport_size({"width": 390, "height": 844})
    assert region.get_by_role("img", name="Last twelve months").is_visible()
    screenshot(page, "dashboard-senior-phone")
    # The figure opens the rows behind it, as many as it says.
    page.set_viewport_size({"width": 1280, "height": 900})
    figure = region.locator(".figure .muted").inner_text()  # "17 of 20"
    region.get_by_role("link", name="Who and what is counted").click()
    page.wait_for_url("**/reports/dashboard/supervised/**")
    behind = page.get_by_role("region", name="Counted on")
    assert figure.split(" of ")[1] in behind.locator(".figure").inner_text()
    rows = behind.locator("tbody tr").count()
    assert rows == int(figure.split(" of ")[1])
    screenshot(page, "dashboard-behind")

    # Each role opens its own dashboard: a supervisor their supervisees, a
    # manager their teams and supervisees, a director the organisation.
    for who, parts in [
        ("supervisor", ["Your supervisees"]),
        ("manager", ["Your supervisees", "Your teams"]),
        ("director", ["Teams"]),
    ]:
        page.context.clear_cookies()
        browser_sign_in(page, live_server, who, "demo password for the browser test")
        page.get_by_role("link", name="Dashboard").click()
        for part in parts:
            assert page.get_by_role("heading", name=part, exact=True).is_visible(), (who, part)
        if who != "supervisor":
            assert page.get_by_role("region", name="Supervisee feedback").is_visible()
            assert page.get_by_role("region", name="Drift signals").is_visible()
        screenshot(page, f"dashboard-{who}")
