"""Drift signals from the database: the rows each role's scope counts, the
rows each viewer may open, the counts for the dashboards, the downloads and
the page's queries; then the demo."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supervisiondesk.people.models import Case, StaffMember, Team
from supervisiondesk.people.selectors import visible_teams
from supervisiondesk.people.tests.world import World
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry
from supervisiondesk.reports import selectors
from supervisiondesk.reports.demo import ACTIONS, seed_drift
from supervisiondesk.supervision.choices import SessionKind, SessionStatus
from supervisiondesk.supervision.models import (
    Action,
    AgendaItem,
    CaseDiscussion,
    SessionAttendee,
    SupervisionSession,
)
from supervisiondesk.supervision.services.common import organisation_today

URL = "/reports/drift/"


@dataclass
class Drifting:
    world: World
    today: date
    carried: Action  # practitioner's, carried over three times
    south_carried: Action  # colleague's, in the south team
    bare: CaseDiscussion  # case-0, nothing on risk or analysis


class Writer:
    """Sessions, actions and discussions written straight to the tables: the
    services refuse to back-date records, and the rules read only rows."""

    def __init__(self, world: World, today: date) -> None:
        self.world, self.today, self.n = world, today, 0

    def held(self, supervisor: str, supervisee: str, days_ago: int) -> SupervisionSession:
        self.n += 1
        day = self.today - timedelta(days=days_ago)
        session = SupervisionSession.objects.create(
            organisation=self.world.organisation,
            session_id=f"drift-{self.n}",
            kind=SessionKind.INDIVIDUAL_FORMAL,
            status=SessionStatus.HELD,
            date=day,
            duration_minutes=90,
            supervisor=self.world.staff[supervisor],
            recorded_on=day,
        )
        SessionAttendee.objects.create(session=session, staff=self.world.staff[supervisee])
        return session

    def action(self, owner: str, agreed, *carried_onto, reason: str = "") -> Action:
        action = Action.objects.create(
            organisation=self.world.organisation,
            session=agreed,
            description=f"Action {self.n} for {owner}",
            owner=self.world.staff[owner],
            due_on=agreed.date + timedelta(days=14),
            delay_reason=reason,
            created_by=agreed.supervisor.user,
        )
        for session in carried_onto:
            AgendaItem.objects.create(
                session=session, section_key="actions_review", text="-", action=action
            )
        return action

    def discuss(self, session, case_id: str, **text: str) -> CaseDiscussion:
        case = Case.objects.get(organisation=self.world.organisation, case_id=case_id)
        return CaseDiscussion.objects.create(session=session, case=case, **text)


@pytest.fixture
def drifting(world: World) -> Drifting:
    """North: supervisor and practitioner, four sessions 120, 90, 60 and 30
    days ago; an action agreed at the first and carried onto the three
    others (flagged), one with a reason for delay and one carried twice (not
    flagged); case-0 discussed at the first with nothing on risk or analysis
    (flagged; overdue, monthly), case-1 at the second with a reflection
    (overdue, every two months). South: the same drift for the colleague,
    whose case was never discussed."""
    today = organisation_today(world.organisation)
    w = Writer(world, today)
    s1, s2, s3, s4 = (w.held("supervisor", "practitioner", d) for d in (120, 90, 60, 30))
    carried = w.action("practitioner", s1, s2, s3, s4)
    w.action("practitioner", s1, s2, s3, s4, reason="Waiting for the school")
    w.action("practitioner", s2, s3, s4)
    bare = w.discuss(s1, "case-0", progress="Some progress")
    w.discuss(s2, "case-1", reflections="We wondered whether the plan fits.")
    o1, o2, o3, o4 = (w.held("other_supervisor", "colleague", d) for d in (120, 90, 60, 30))
    south_carried = w.action("colleague", o1, o2, o3, o4)
    w.discuss(o4, "colleague-case")  # discussed, so not overdue; no reflection
    return Drifting(world, today, carried, south_carried, bare)


def login(world: World, who: str):
    return world.users[who]


def report_for(client, world: World, who: str):
    client.force_login(login(world, who))
    response = client.get(URL)
    assert response.status_code == 200
    return response.context["report"]


EXPECTED = {
    # who: (counted actions, cases, records), (listed actions, cases, records)
    "supervisor": ((1, 2, 1), (1, 2, 1)),  # their supervisee and their own records
    "manager": ((1, 2, 1), (1, 2, 1)),  # the north team; they line-manage the supervisor
    "senior": ((2, 2, 2), (2, 2, 2)),  # both teams of their service
    "director": ((2, 2, 2), (0, 0, 0)),  # counts only: no need-to-know open
    "stranger_boss": ((0, 0, 0), (0, 0, 0)),  # the other organisation
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_role_counts_its_scope_and_lists_what_it_may_open(client, drifting, who) -> None:
    report = report_for(client, drifting.world, who)
    counted, listed = EXPECTED[who]
    assert tuple(report.totals[s] for s in ("actions", "cases", "records")) == counted
    assert (len(report.actions), len(report.cases), len(report.records)) == listed
    assert sum(line.actions for line in report.by_team) == counted[0]
    assert sum(line.cases for line in report.by_team) == counted[1]
    assert sum(line.records for line in report.by_team) == counted[2]
    assert report.hidden == {
        signal: c - s
        for signal, c, s in zip(("actions", "cases", "records"), counted, listed, strict=True)
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "lacks"),
    [
        ({}, True),
        ({"risks_and_needs": "Neglect"}, False),
        ({"reflections": "We wondered why"}, False),
        # A group's reflective discussion: step 6 (risk), step 4 and hypotheses.
        ({"step_actions_risk": "Risk reviewed"}, False),
        ({"step_reflection": "The team reflected"}, False),
        ({"hypotheses": "Perhaps the move"}, False),
        # Other fields are not reflection.
        ({"progress": "Better", "child_voice": "Wants to stay", "dilemma": "?"}, True),
    ],
)
def test_which_fields_are_reflection(client, drifting, fields: dict, lacks: bool) -> None:
    CaseDiscussion.objects.filter(pk=drifting.bare.pk).update(**fields)
    report = report_for(client, drifting.world, "supervisor")
    assert (drifting.bare.pk in {r.discussion_pk for r in report.records}) is lacks
    assert report.totals["records"] == (1 if lacks else 0)


@pytest.mark.django_db
def test_a_team_at_a_time(client, drifting, monkeypatch) -> None:
    """Up to ten teams the page is of all of them, or one chosen; above ten,
    of one team at a time (the first by name unless chosen), so the engine
    runs on one team's people, not the whole organisation's."""
    from supervisiondesk.reports import forms

    client.force_login(login(drifting.world, "senior"))

    def counted(query: str = "") -> tuple[int, int, int]:
        report = client.get(URL + query).context["report"]
        return tuple(report.totals[s] for s in ("actions", "cases", "records"))

    assert counted() == (2, 2, 2)
    assert "All your teams" in client.get(URL).content.decode()
    assert counted("?team=south") == (1, 0, 1)
    monkeypatch.setattr(forms, "ALL_TEAMS_LIMIT", 1)
    assert counted() == (1, 2, 1)  # North team, first by name
    assert "All your teams" not in client.get(URL).content.decode()
    assert counted("?team=south") == (1, 0, 1)
    assert client.get(URL + "?team=south&list=actions&format=csv").status_code == 200
    # A team not theirs (the other organisation's, or none) is not there.
    assert client.get(URL + "?team=nowhere").status_code == 404


@pytest.mark.django_db
def test_the_rows_and_their_links(client, drifting) -> None:
    report = report_for(client, drifting.world, "senior")
    by_owner = {row.owner: row for row in report.actions}
    practitioner = by_owner["Pat Practitioner"]
    assert practitioner.action_pk == drifting.carried.pk and practitioner.carried == 3
    assert practitioner.team == "North team"
    assert practitioner.last_carried == drifting.today - timedelta(days=30)
    assert practitioner.last_session_pk is not None
    assert {row.case_id for row in report.cases} == {"case-0", "case-1"}
    assert all(row.days_overdue > 0 for row in report.cases)
    bare = next(r for r in report.records if r.discussion_pk == drifting.bare.pk)
    assert bare.case_id == "case-0" and bare.session_pk == drifting.bare.session_id
    assert bare.supervisor == "Sam Supervisor" and bare.team == "North team"
    html = client.get(URL).content.decode()
    assert reverse("supervision:session", args=[practitioner.last_session_pk]) in html
    assert reverse("supervision:case", args=[drifting.bare.case_id]) in html
    # The colleague's case was discussed a month ago: not overdue, but its
    # record has no reflection; its team is counted apart.
    south = next(line for line in report.by_team if line.name == "South team")
    assert (south.actions, south.cases, south.records) == (1, 0, 1)


@pytest.mark.django_db
def test_the_rows_are_the_same_read_in_chunks(client, drifting, monkeypatch) -> None:
    """Many rows are asked of the rules a few thousand keys at a time
    (SQLite's limit on a query's variables): one key at a time, the same."""
    from supervisiondesk.reports import drift_rows

    whole = report_for(client, drifting.world, "senior")
    monkeypatch.setattr(drift_rows, "AMONG_CHUNK", 1)
    chunked = report_for(client, drifting.world, "senior")
    assert whole.records and whole.cases
    assert (chunked.records, chunked.cases, chunked.actions) == (
        whole.records,
        whole.cases,
        whole.actions,
    )


@pytest.mark.django_db
def test_an_action_updated_counts_only_the_sessions_after_the_change(client, drifting) -> None:
    """A reason for delay given today (through the service, as the page does)
    is a change: the three sessions before it no longer make the action
    "carried over unchanged"; three more held sessions without a change would."""
    from supervisiondesk.supervision.services.records import action_update

    world = drifting.world
    action_update(
        action=drifting.carried,
        status="open",
        delay_reason="The school has not answered",
        by=world.users["practitioner"],
    )
    drifting.carried.refresh_from_db()
    assert drifting.carried.changed_on == drifting.today
    report = report_for(client, world, "supervisor")
    assert report.totals["actions"] == 0
    # The same again changes nothing (no new day of change).
    action_update(
        action=drifting.carried,
        status="open",
        delay_reason="The school has not answered",
        by=world.users["practitioner"],
    )
    Action.objects.filter(pk=drifting.carried.pk).update(
        changed_on=drifting.today - timedelta(days=100)
    )
    # Changed 100 days ago: the sessions 90, 60 and 30 days ago came after.
    assert report_for(client, world, "supervisor").totals["actions"] == 1


@pytest.mark.django_db
def test_a_director_sees_counts_and_no_rows(client, drifting) -> None:
    client.force_login(login(drifting.world, "director"))
    html = client.get(URL).content.decode()
    assert drifting.carried.description not in html
    assert "case-0" not in html
    assert "more are counted above but not listed" in html


@pytest.mark.django_db
def test_drift_counts_for_the_dashboards(drifting) -> None:
    world = drifting.world
    director = login(world, "director")
    teams = list(
        visible_teams(staff=world.staff["director"], on=drifting.today, scope="organisation")
    )
    counts = selectors.drift_counts(director, teams, drifting.today)
    north = Team.objects.get(organisation=world.organisation, code="north")
    south = Team.objects.get(organisation=world.organisation, code="south")
    assert counts == {
        north.pk: {"actions": 1, "cases": 2, "records": 1},
        south.pk: {"actions": 1, "cases": 0, "records": 1},
    }
    assert selectors.drift_counts(director, [south], drifting.today) == {south.pk: counts[south.pk]}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["practitioner", "auditor", "admin", "config_only"])
def test_who_may_not_see_the_page(client, drifting, who) -> None:
    client.force_login(login(drifting.world, who))
    assert client.get(URL).status_code == 404


@pytest.mark.django_db
def test_each_list_downloads_and_the_download_is_logged(client, drifting) -> None:
    client.force_login(login(drifting.world, "senior"))
    response = client.get(URL, {"format": "csv", "list": "actions"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Action", "Owner"]
    assert {row[0] for row in rows[1:]} == {
        drifting.carried.description,
        drifting.south_carried.description,
    }
    assert AccessLogEntry.objects.filter(
        event=AccessEvent.EXPORTED, object_type="list:reports:drift:actions"
    ).exists()
    records = client.get(URL, {"format": "xlsx", "list": "records"})
    assert records["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_the_queries_do_not_grow_with_the_rows(client, drifting) -> None:
    world = drifting.world
    client.force_login(login(world, "senior"))
    client.get(URL)  # warm the session

    def queries() -> tuple[int, dict]:
        with CaptureQueriesContext(connection) as ctx:
            report = client.get(URL).context["report"]
        return len(ctx.captured_queries), report.totals

    before, totals = queries()
    w = Writer(world, drifting.today)
    w.n = 100
    sessions = [w.held("supervisor", "practitioner", d) for d in (100, 80, 70, 50, 40, 20)]
    for n in range(3):
        w.action("practitioner", sessions[n], *sessions[n + 1 :])
    for session in sessions:
        w.discuss(session, "case-1")
    after, more = queries()
    assert more["actions"] == totals["actions"] + 3
    assert more["records"] == totals["records"] + 6
    assert after == before


# ---------------------------------------------------------------- the demo


@pytest.mark.django_db
class TestDemo:
    @pytest.fixture
    def seeded(self, demo):
        from supervisiondesk.people.tests.demo_day import DEMO_TODAY

        # seed_demo wrote them: another call finds them there and writes no more.
        again = seed_drift(organisation=demo, today=date.fromisoformat(DEMO_TODAY))
        assert again["actions"] == 0
        assert Action.objects.filter(organisation=demo, description__in=ACTIONS).count() >= 4
        return demo

    @pytest.mark.parametrize("who", ["supervisor", "manager", "senior", "director"])
    def test_each_role_sees_its_drift(self, client, seeded, who) -> None:
        user = get_user_model().objects.get(username=who)
        client.force_login(user)
        report = client.get(URL).context["report"]
        assert report.totals["actions"] >= 1
        assert report.totals["records"] >= 1
        assert sum(line.records for line in report.by_team) == report.totals["records"]
        if who == "director":
            assert report.hidden["records"] > 0  # not theirs to open
        else:
            assert report.actions  # each demo login's supervision has one carried over
            for row in report.actions:
                assert row.carried >= 3

    def test_the_page_equals_the_dashboards_counts(self, client, seeded) -> None:
        director = get_user_model().objects.get(username="director")
        staff = StaffMember.objects.get(user=director)
        today = organisation_today(seeded)
        teams = list(visible_teams(staff=staff, on=today, scope="organisation"))
        counts = selectors.drift_counts(director, teams, today)
        client.force_login(director)
        report = client.get(URL).context["report"]
        for line in report.by_team:
            assert counts[line.key] == {
                "actions": line.actions,
                "cases": line.cases,
                "records": line.records,
            }
        assert sum(c["cases"] for c in counts.values()) == report.totals["cases"]
