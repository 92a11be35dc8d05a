"""The evidence pack: the zip read back (its files, the spreadsheets' headers,
dates as dates, the frozen header row, the figures equal to the stored
ones), one access log entry, the viewer's scope (another team is 404 and
nothing is logged), the form's messages naming the wrong field, the
feedback threshold, and queries that do not grow with months or teams."""

from __future__ import annotations

import io
import json
import zipfile
from collections import defaultdict
from datetime import date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from supervisiondesk.people.models import Team
from supervisiondesk.privacy import rules
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry, Channel
from supervisiondesk.quality.models import AuditSample, FeedbackRating
from supervisiondesk.reports.evidence import (
    evidence_of,
    months_between,
    pack_scopes,
)
from supervisiondesk.reports.evidence_files import zip_name
from supervisiondesk.reports.indicators import Figures
from supervisiondesk.reports.models import IndicatorSnapshot
from supervisiondesk.reports.monthly import month_key, report_teams
from supervisiondesk.reports.services import snapshots_refresh
from supervisiondesk.reports.snapshots import month_end
from supervisiondesk.reports.tests.test_monthly import pdf_text
from supervisiondesk.supervision.services.common import organisation_today

# ---------------------------------------------------------------- pure


def test_months_between_counts_whole_months_across_years() -> None:
    months = months_between(date(2025, 11, 1), date(2026, 2, 1))
    assert months == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    assert months_between(date(2026, 3, 1), date(2026, 2, 1)) == []


# ---------------------------------------------------------------- on the demo


def login(name: str):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def today(demo) -> date:
    day = organisation_today(demo)
    snapshots_refresh(organisation=demo, today=day)
    return day


def months_back(today: date, n: int) -> str:
    """The month `n - 1` months before today's: a period of n months."""
    index = today.year * 12 + today.month - 1 - (n - 1)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def sheet(archive: zipfile.ZipFile, name: str):
    return load_workbook(io.BytesIO(archive.read(name))).active


@pytest.mark.django_db
class TestEvidencePack:
    def test_the_zip_holds_the_pdf_and_spreadsheets_and_is_logged_once(self, client, today) -> None:
        user = login("senior")
        teams = report_teams(staff=user.staff_member, scope="service", today=today)
        team = teams[0]
        client.force_login(user)
        start, end = months_back(today, 12), month_key(today)
        before = AccessLogEntry.objects.count()
        response = client.get(
            reverse("reports:evidence"), {"scope": f"team-{team.pk}", "start": start, "end": end}
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        chosen = next(c for c in pack_scopes(teams=teams, scope="service") if c.teams == (team,))
        first = date.fromisoformat(f"{start}-01")
        assert zip_name(chosen, first, today.replace(day=1)) in response["Content-Disposition"]
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        assert sorted(archive.namelist()) == [
            "actions.xlsx",
            "audit.xlsx",
            "evidence.pdf",
            "figures.xlsx",
        ]

        figures = sheet(archive, "figures.xlsx")
        headers = [c.value for c in figures[1]]
        assert headers[:4] == ["Team", "Service", "Month", "Figures of"]
        assert "Staff supervised within the standard: met" in headers
        assert figures.freeze_panes == "A2" and figures[1][0].font.bold
        rows = list(figures.iter_rows(min_row=2, values_only=True))
        # One row per month of the period (the demo's figures are all stored).
        assert len(rows) == 12
        stored = {
            s.on: Figures.from_json(s.figures)
            for s in IndicatorSnapshot.objects.filter(team=team, on__gte=first)
            if (s.on == month_end(s.on) and s.month_end) or s.on == today
        }
        met = headers.index("Staff supervised within the standard: met")
        for row in rows:
            assert isinstance(row[2], datetime) and isinstance(row[3], datetime)
            day = row[3].date()
            assert row[met] == stored[day].supervised.met
            assert row[met + 1] == stored[day].supervised.of

        audit = sheet(archive, "audit.xlsx")
        assert [c.value for c in audit[1]][:7] == [
            "Sample",
            "Team",
            "Sample from",
            "Sample to",
            "Record of",
            "Kind",
            "Supervisor",
        ]
        assert audit.freeze_panes == "A2"
        actions = sheet(archive, "actions.xlsx")
        assert [c.value for c in actions[1]][:4] == [
            "Team",
            "Due in the period",
            "Open",
            "Open and past their date",
        ]
        assert actions.cell(2, 1).value == team.name and actions.freeze_panes == "A2"

        text = pdf_text(archive.read("evidence.pdf"))
        assert f"Evidence pack: {team.name}" in text
        for heading in ("The policy in force", "Audits of supervision records", "Actions"):
            assert heading in text
        assert "What supervisees said" in text and "Drift signals" in text

        assert AccessLogEntry.objects.count() == before + 1
        entry = AccessLogEntry.objects.get(object_type="list:reports:evidence")
        assert (entry.event, entry.channel, entry.user_id) == (
            AccessEvent.EXPORTED,
            Channel.DOWNLOAD,
            user.pk,
        )
        detail = json.loads(entry.detail)
        assert detail["format"] == "zip"
        assert detail["filters"] == {
            "scope": f"team-{team.pk}",
            "scope_name": team.name,
            "from": start,
            "to": end,
        }

    def test_a_manager_asking_for_a_team_not_theirs_gets_404_and_nothing_is_logged(
        self, client, today
    ) -> None:
        user = login("manager")
        mine = {
            t.pk for t in report_teams(staff=user.staff_member, scope="supervised", today=today)
        }
        other = Team.objects.filter(organisation=user.staff_member.organisation).exclude(
            pk__in=mine
        )[0]
        client.force_login(user)
        query = {"start": months_back(today, 3), "end": month_key(today)}
        for scope in (f"team-{other.pk}", f"service-{other.service_id}", "organisation"):
            response = client.get(reverse("reports:evidence"), {"scope": scope, **query})
            assert response.status_code == 404, scope
        assert not AccessLogEntry.objects.filter(event=AccessEvent.EXPORTED).exists()

    @pytest.mark.parametrize(
        ("start", "end", "field", "message"),
        [
            ("2026-05", "2026-02", "start", "The first month comes after the last one."),
            ("2024-01", "2026-05", "start", "A pack covers at most 24 months; this period has 29."),
            ("2026-01", "2099-01", "end", "The period cannot end after this month"),
            ("May 2026", "2026-06", "start", "Give a month as year and month, like 2026-03."),
            ("", "2026-06", "start", "This field is required."),
        ],
    )
    def test_the_form_names_the_wrong_field(
        self, client, today, start, end, field, message
    ) -> None:
        user = login("director")
        client.force_login(user)
        response = client.get(
            reverse("reports:evidence"), {"scope": "organisation", "start": start, "end": end}
        )
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        form = response.context["form"]
        assert any(message in error for error in form.errors[field]), form.errors
        assert f'id="id_{field}_error"' in response.content.decode()
        assert not AccessLogEntry.objects.filter(event=AccessEvent.EXPORTED).exists()

    def test_feedback_pools_only_supervisors_with_five_ratings_or_more(self, today) -> None:
        user = login("director")
        teams = report_teams(staff=user.staff_member, scope="organisation", today=today)
        organisation = user.staff_member.organisation
        chosen = pack_scopes(teams=teams, scope="organisation")[0]
        assert chosen.key == "organisation"
        start = date.fromisoformat(f"{months_back(today, 24)}-01")
        pack = evidence_of(
            user=user,
            organisation=organisation,
            chosen=chosen,
            start=start,
            end=today.replace(day=1),
            today=today,
        )
        assert pack.feedback, "the demo has closed quarters of feedback"
        allowed = set(rules.feedback_aggregate_supervisors(user).values_list("pk", flat=True))
        for quarter in pack.feedback:
            year, q = quarter.key.split("-Q")
            first = date(int(year), (int(q) - 1) * 3 + 1, 1)
            last = month_end(date(first.year, first.month + 2, 1))
            ratings = defaultdict(list)
            for supervisor, statement, score in FeedbackRating.objects.filter(
                response__supervisor__in=allowed,
                response__session__date__gte=first,
                response__session__date__lte=last,
            ).values_list("response__supervisor_id", "statement", "score"):
                ratings[(supervisor, statement)].append(score)
            pooled = {k: v for k, v in ratings.items() if len(v) >= 5}
            assert quarter.ratings == sum(len(v) for v in pooled.values())
            assert quarter.supervisors == len({s for s, _st in pooled})
            # A supervisor below the threshold never moves a figure.
            for label, mean in quarter.statements:
                assert mean is None or 1 <= mean <= 5, label

    def test_queries_do_not_grow_with_months_or_teams(self, today) -> None:
        user = login("director")
        teams = report_teams(staff=user.staff_member, scope="organisation", today=today)
        choices = pack_scopes(teams=teams, scope="organisation")
        sampled = set(AuditSample.objects.values_list("team_id", flat=True))
        # A team with an audit sample: a team without one skips the grades'
        # query (Django sends none for an empty list), which is no growth.
        whole = choices[0]
        one_team = next(c for c in choices if len(c.teams) == 1 and c.teams[0].pk in sampled)
        assert len(whole.teams) > 1 and len(one_team.teams) == 1
        counts = {}
        # The first pass reads the viewer (staff, roles) once for the request.
        for chosen, months in ((one_team, 3), (one_team, 12), (whole, 12), (whole, 24)):
            start = date.fromisoformat(f"{months_back(today, months)}-01")
            with CaptureQueriesContext(connection) as queries:
                evidence_of(
                    user=user,
                    organisation=user.staff_member.organisation,
                    chosen=chosen,
                    start=start,
                    end=today.replace(day=1),
                    today=today,
                )
            counts[(len(chosen.teams), months)] = len(queries)
        del counts[(1, 3)]
        assert len(set(counts.values())) == 1, counts
