"""The rows behind a dashboard figure: on the demo, for every team and every
indicator, the rows counted are exactly the stored figure's "N of M"; the
page lists them for the viewer's teams only, filters those that missed,
downloads them (logged), and reads in a number of queries that does not
grow with the rows."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from supervisiondesk.people.models import Team
from supervisiondesk.people.tests.demo_day import DEMO_TODAY
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry
from supervisiondesk.reports.indicator_selectors import rows_behind
from supervisiondesk.reports.indicators import SHARES, Figures
from supervisiondesk.reports.models import IndicatorSnapshot

SEEDED = date.fromisoformat(DEMO_TODAY)


def login(name: str):
    return get_user_model().objects.get(username=name)


@pytest.mark.django_db
class TestOnTheDemo:
    def test_every_teams_rows_are_its_stored_figures(self, demo) -> None:
        """seed_demo stored each team's figures for the seeding day; the rows
        behind them, computed for one team at a time, count the same."""
        stored = {
            team_id: Figures.from_json(data)
            for team_id, data in IndicatorSnapshot.objects.filter(
                team__organisation=demo, on=SEEDED
            ).values_list("team_id", "figures")
        }
        teams = list(Team.objects.filter(organisation=demo))
        assert len(stored) == len(teams) > 1
        director = login("director")
        counted = 0
        for team in teams:
            for indicator in SHARES:
                behind = rows_behind(
                    viewer=director, organisation=demo, indicator=indicator, teams=[team], on=SEEDED
                )
                assert behind.share == getattr(stored[team.pk], indicator), (team, indicator)
                counted += behind.share.of
        assert counted > 100  # the demo has something behind its figures

    def test_the_manager_sees_their_teams_rows_and_those_that_missed(self, client, demo) -> None:
        client.force_login(login("manager"))
        url = reverse("reports:behind", args=["agreements"])
        page = client.get(url, {"on": SEEDED.isoformat()})
        assert page.status_code == 200
        behind = page.context["behind"]
        assert behind.rows and behind.on == SEEDED
        mine = {t.name for t in behind.teams}
        assert {row.team for row in behind.rows} <= mine
        missed = client.get(url, {"on": SEEDED.isoformat(), "missed": "on"})
        lines = missed.context["lines"]
        assert len(lines) == behind.share.of - behind.share.met
        assert all(not line["met"] for line in lines)
        # A team that is not theirs is refused by name, with nothing listed.
        other = Team.objects.filter(organisation=demo).exclude(name__in=mine).first()
        refused = client.get(url, {"team": other.code})
        assert refused.context["behind"] is None
        assert "team" in refused.context["form"].errors

    def test_a_day_after_today_is_refused_by_name(self, client, demo) -> None:
        client.force_login(login("manager"))
        page = client.get(reverse("reports:behind", args=["records"]), {"on": "2999-01-01"})
        assert page.status_code == 200
        assert "no later than today" in page.content.decode()

    def test_an_unknown_indicator_is_not_there(self, client, demo) -> None:
        client.force_login(login("manager"))
        assert client.get(reverse("reports:behind", args=["happiness"])).status_code == 404

    def test_the_download_holds_every_row_and_is_logged(self, client, demo) -> None:
        user = login("manager")
        client.force_login(user)
        url = reverse("reports:behind", args=["supervised"])
        shown = client.get(url, {"on": SEEDED.isoformat()}).context["behind"]
        response = client.get(url, {"on": SEEDED.isoformat(), "format": "csv"})
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0][0] == "Supervisee" and len(rows) == len(shown.rows) + 1
        assert {r[-1] for r in rows[1:]} <= {"Yes", "No"}
        entry = AccessLogEntry.objects.filter(user_id=user.pk, event=AccessEvent.EXPORTED).latest(
            "pk"
        )
        assert entry.object_type == "list:reports:behind:supervised"

    def test_the_queries_do_not_grow_with_the_rows(
        self, client, demo, django_assert_max_num_queries
    ) -> None:
        client.force_login(login("director"))
        url = reverse("reports:behind", args=["cases"])
        # The director's organisation: all of its teams (the demo has few).
        with django_assert_max_num_queries(60):
            page = client.get(url, {"on": SEEDED.isoformat()})
        assert page.context["count"] > 100

    def test_the_dashboard_links_each_figure_to_its_rows(self, client, demo) -> None:
        client.force_login(login("manager"))
        html = client.get(reverse("reports:dashboard")).content.decode()
        for indicator in SHARES:
            assert reverse("reports:behind", args=[indicator]) + "?on=" in html
        assert reverse("reports:behind", args=["cases"]) + "?team=" in html
