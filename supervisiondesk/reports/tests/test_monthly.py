"""The monthly compliance report: its figures are the dashboard's for the
same viewer and month (read back from the PDF with pypdf), a closed month is
the stored month end, a month not computed says what to run, the download is
logged, and reading it costs the same queries whatever the teams."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from supervisiondesk.accounts.roles import roles_of, team_scope
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry, Channel
from supervisiondesk.reports.dashboard_selectors import dashboard_of
from supervisiondesk.reports.indicators import SHARES, Figures, Share, total
from supervisiondesk.reports.models import IndicatorSnapshot
from supervisiondesk.reports.monthly import (
    available_months,
    change,
    change_text,
    month_key,
    monthly_report,
    parse_month,
    report_teams,
)
from supervisiondesk.reports.snapshots import month_end

# ---------------------------------------------------------------- pure


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03", date(2026, 3, 1)),
        ("2026-12", date(2026, 12, 1)),
        ("2026-13", None),
        ("2026-3", None),
        ("26-03", None),
        ("2026-00", None),
        ("march", None),
        ("", None),
    ],
)
def test_a_month_is_year_dash_two_digit_month(text: str, expected: date | None) -> None:
    assert parse_month(text) == expected


def test_the_change_is_in_points_and_unknown_without_both_months() -> None:
    assert change(Share(8, 10), Share(6, 10)) == 20.0
    assert change(Share(1, 3), Share(1, 2)) == pytest.approx(-16.7)
    assert change(Share(8, 10), None) is None
    assert change(Share(0, 0), Share(6, 10)) is None
    assert change_text(None) == "—"
    assert change_text(0) == "no change"
    assert change_text(2.5) == "+2.5 points"
    assert change_text(-1.0) == "-1.0 points"


# ---------------------------------------------------------------- on the demo


def login(name: str):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def today(demo, demo_figures_today) -> date:
    """The pages' today, its figures stored once for the class (conftest.py)."""
    return demo_figures_today


def stored_total(teams, day: date) -> Figures:
    return total(
        Figures.from_json(s.figures)
        for s in IndicatorSnapshot.objects.filter(team__in=teams, on=day)
    )


def pdf_text(content: bytes) -> str:
    """The PDF's words, one space between each (a table cell may wrap)."""
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def share_text(share: Share) -> str:
    return f"{share.met} of {share.of} ({share.percent:.1f}%)" if share.of else "no data"


@pytest.mark.django_db
class TestMonthly:
    def test_this_months_pdf_shows_the_dashboards_figures_and_is_logged(
        self, client, today
    ) -> None:
        user = login("senior")
        staff = user.staff_member
        board = dashboard_of(staff=staff, scope=team_scope(roles_of(user)), today=today)
        client.force_login(user)
        response = client.get(reverse("reports:monthly", args=[month_key(today)]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert f"compliance-{month_key(today)}-to-date.pdf" in response["Content-Disposition"]
        text = pdf_text(response.content)
        assert "Month to date" in text
        for key in SHARES:
            assert share_text(getattr(board.now, key)) in text, key
        for line in board.team_lines:
            assert line.team.name in text
        assert "How these are counted" in text and "Drift signals" in text
        entry = AccessLogEntry.objects.get(object_type="list:reports:monthly")
        assert (entry.event, entry.channel, entry.user_id) == (
            AccessEvent.EXPORTED,
            Channel.DOWNLOAD,
            user.pk,
        )
        assert json.loads(entry.detail)["filters"]["month"] == month_key(today)

    def test_a_closed_month_is_its_stored_month_end_compared_with_the_one_before(
        self, today
    ) -> None:
        user = login("director")
        teams = report_teams(staff=user.staff_member, scope="organisation", today=today)
        month = date(2026, 3, 1)
        report = monthly_report(
            user=user,
            organisation=user.staff_member.organisation,
            teams=teams,
            month=month,
            today=today,
            with_drift=False,
        )
        assert report.figures_of == date(2026, 3, 31) and not report.to_date
        expected = stored_total(teams, date(2026, 3, 31))
        before = stored_total(teams, date(2026, 2, 28))
        assert report.now == expected and report.before == before
        assert expected.supervised.of > 0
        for headline in report.headlines:
            assert headline.now == getattr(expected, headline.key)
            assert headline.change == change(headline.now, getattr(before, headline.key))
            # The trend ends at the month reported, twelve months long.
            assert len(headline.chart.points) == 12
            assert headline.chart.points[-1].value == getattr(expected, headline.key).percent
        assert sum(line.figures.supervised.of for line in report.team_lines) == (
            expected.supervised.of
        )

    def test_the_months_listed_are_those_stored(self, client, today) -> None:
        user = login("manager")
        teams = report_teams(staff=user.staff_member, scope="supervised", today=today)
        months = available_months(teams=teams, today=today)
        assert months[0].to_date and months[0].figures_of == today
        closed = [m.figures_of for m in months[1:]]
        assert closed == sorted(closed, reverse=True)
        assert all(day == month_end(day) for day in closed)
        client.force_login(user)
        html = client.get(reverse("reports:packs")).content.decode()
        for m in months:
            assert reverse("reports:monthly", args=[m.key]) in html

    def test_a_month_not_computed_says_what_to_run_and_logs_nothing(self, client, today):
        client.force_login(login("director"))
        response = client.get(reverse("reports:monthly", args=["2019-01"]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "January 2019" in html and "snapshot_indicators" in html
        assert not AccessLogEntry.objects.filter(object_type="list:reports:monthly").exists()

    @pytest.mark.parametrize("month", ["2099-01", "2026-13", "march"])
    def test_a_month_not_begun_or_not_a_month_is_404(self, client, today, month) -> None:
        client.force_login(login("director"))
        assert client.get(f"/reports/monthly/{month}.pdf").status_code == 404

    def test_reading_a_report_costs_the_same_queries_for_few_or_many_teams(
        self, today, django_assert_num_queries
    ) -> None:
        counts = []
        for who, scope in (("manager", "supervised"), ("director", "organisation")):
            user = login(who)
            teams = report_teams(staff=user.staff_member, scope=scope, today=today)
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                monthly_report(
                    user=user,
                    organisation=user.staff_member.organisation,
                    teams=teams,
                    month=today.replace(day=1),
                    today=today,
                    with_drift=False,
                )
            counts.append((len(teams), len(queries)))
        (few, few_queries), (many, many_queries) = counts
        assert few < many
        assert few_queries == many_queries == 1
        # And the page listing the months: the same for a manager and a director.
        user = login("director")
        teams = report_teams(staff=user.staff_member, scope="organisation", today=today)
        with django_assert_num_queries(1):
            available_months(teams=teams, today=today)
