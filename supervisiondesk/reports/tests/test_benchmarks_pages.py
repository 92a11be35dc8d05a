"""The benchmarks page on the permission world, with figures written for
several organisations: who sees it, that its figures are the counts, that no
other organisation shows through, the downloads, and its queries."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from supervisiondesk.people.models import Organisation, Team
from supervisiondesk.people.tests.factories import OrganisationFactory, TeamFactory
from supervisiondesk.privacy.models import AccessLogEntry
from supervisiondesk.quality.tests.helpers import feedback_row, make_session
from supervisiondesk.reports.benchmark_selectors import feedback_quarter
from supervisiondesk.reports.indicators import Figures, Share
from supervisiondesk.reports.models import IndicatorSnapshot
from supervisiondesk.reports.snapshots import month_ends
from supervisiondesk.supervision.services.common import organisation_today

URL = reverse("reports:benchmarks")
SECRET = "Hidden Borough"  # every other organisation's name starts so


@pytest.fixture
def on(world) -> date:
    return month_ends(organisation_today(world.organisation))[-1]


def store(team: Team, day: date, figures: Figures) -> None:
    IndicatorSnapshot.objects.create(
        organisation_id=team.organisation_id, team=team, on=day, figures=figures.to_json()
    )


def team(world, code: str) -> Team:
    return Team.objects.get(organisation=world.organisation, code=code)


NORTH = Figures(
    supervised=Share(3, 4),
    records=Share(5, 10),
    covered=Share(6, 7),
    supervisors=2,
    supervisees=6,
)
SOUTH = Figures(
    supervised=Share(1, 1),
    records=Share(9, 10),
    covered=Share(2, 2),
    supervisors=1,
    supervisees=1,
)


def other_organisations(
    count: int, day: date, *, teams: int = 1, first: int = 0
) -> list[Organisation]:
    """`count` organisations, each supervising a different share of its staff."""
    made = []
    for n in range(first, first + count):
        organisation = OrganisationFactory(name=f"{SECRET} {n}")
        for t in range(teams):
            each = TeamFactory(
                service__organisation=organisation, code=f"t{t}", name=f"{SECRET} team {n}.{t}"
            )
            store(each, day, Figures(supervised=Share(10 + n, 20), covered=Share(n, 10)))
        made.append(organisation)
    return made


@pytest.fixture
def stored(world, on) -> None:
    store(team(world, "north"), on, NORTH)
    store(team(world, "south"), on, SOUTH)
    # An older month end, to choose.
    store(team(world, "north"), month_ends(on + timedelta(days=1))[-2], Figures())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("manager", 200),
        ("senior", 200),
        ("director", 200),
        ("stranger_boss", 200),
        ("practitioner", 404),
        ("supervisor", 404),
        ("auditor", 404),
        ("admin", 404),
        ("config_only", 404),
    ],
)
def test_who_sees_the_benchmarks(client, world, stored, who, status) -> None:
    client.force_login(world.users[who])
    assert client.get(URL).status_code == status
    assert client.get(URL, {"format": "csv", "list": "teams"}).status_code == status


@pytest.mark.django_db
def test_anonymous_visitors_are_asked_to_sign_in(client) -> None:
    assert client.get(URL).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "teams"),
    [
        ("director", ["North team", "South team"]),
        ("senior", ["North team", "South team"]),
        ("manager", ["North team"]),
    ],
)
def test_each_team_and_the_organisation_are_counted(client, world, stored, on, who, teams) -> None:
    client.force_login(world.users[who])
    response = client.get(URL)
    report = response.context["report"]
    assert report.on == on
    assert [name for name, _cells in report.team_lines] == teams
    whole = dict(zip(report.titles, (v for _t, v in report.organisation_line), strict=True))
    values = {v.key: v for v in whole.values()}
    # Counted over both teams whatever the viewer's scope: 4 of 5, 14 of 20.
    assert (values["supervised"].met, values["supervised"].of) == (4, 5)
    assert values["supervised"].value == 80.0
    assert (values["records"].met, values["records"].of, values["records"].value) == (14, 20, 70.0)
    assert (values["covered"].met, values["covered"].of) == (8, 9)
    assert values["ratio"].value == round(7 / 3, 1)
    html = response.content.decode()
    assert "4 of 5" in html and "14 of 20" in html and "3 of 4" in html
    north = dict(report.team_lines)["North team"]
    marked = {v.key for _title, v, worse in north if worse}
    # North: 75 % supervised and 50 % records (below 80 %, 70 %); 3 per
    # supervisor (above 2.3).
    assert marked == {"supervised", "records", "ratio", "covered"}
    # Marked in words, not by colour only: three below, the ratio above.
    assert html.count('<span class="bench-worse">below the organisation') == 3
    assert html.count('<span class="bench-worse">above the organisation') == 1
    assert ("South team" in html) == ("South team" in teams)


@pytest.mark.django_db
def test_a_month_end_is_chosen_and_an_unknown_one_is_the_latest(client, world, stored, on) -> None:
    earlier = month_ends(on + timedelta(days=1))[-2]
    client.force_login(world.users["director"])
    report = client.get(URL, {"on": earlier.isoformat()}).context["report"]
    assert report.on == earlier and report.days == [on, earlier]
    assert [name for name, _ in report.team_lines] == ["North team"]
    assert client.get(URL, {"on": "1999-12-31"}).context["report"].on == on
    assert client.get(URL, {"on": "nonsense"}).context["report"].on == on


@pytest.mark.django_db
def test_figures_stored_before_coverage_read_as_not_known(client, world, on) -> None:
    old = NORTH.to_json()
    del old["covered"]
    IndicatorSnapshot.objects.create(
        organisation=world.organisation, team=team(world, "north"), on=on, figures=old
    )
    client.force_login(world.users["director"])
    html = client.get(URL).content.decode()
    assert "not known" in html
    assert "0 of 0" not in html


@pytest.mark.django_db
def test_nothing_stored_says_so(client, world) -> None:
    client.force_login(world.users["director"])
    response = client.get(URL)
    assert response.context["report"].on is None
    assert "No month-end figures yet" in response.content.decode()


def _page_and_files(client, world) -> list[str]:
    client.force_login(world.users["director"])
    texts = [client.get(URL).content.decode()]
    for name in ("teams", "organisations"):
        texts.append(client.get(URL, {"format": "csv", "list": name}).content.decode("utf-8-sig"))
        book = load_workbook(io.BytesIO(client.get(URL, {"format": "xlsx", "list": name}).content))
        texts.append(
            " ".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row)
        )
    return texts


@pytest.mark.django_db
@pytest.mark.parametrize("others", [4, 5])
def test_other_organisations_only_from_five_and_never_named(
    client, world, stored, on, others
) -> None:
    hidden = other_organisations(others, on)
    # Elsewhere (the world's other organisation) has no figures: not counted.
    texts = _page_and_files(client, world)
    report = client.get(URL).context["report"]
    supervised = next(c for c in report.compared if c.measure.key == "supervised")
    if others < 5:
        assert report.too_few and supervised.standing.spread is None
        assert "Fewer than 5 other organisations" in texts[0]
        assert "box-chart" not in texts[0]
    else:
        spread = supervised.standing.spread
        # 10..14 of 20 each: 50, 55, 60, 65, 70 %.
        assert spread.five == (50, 55, 60, 65, 70) and spread.count == 5
        assert (supervised.standing.rank, supervised.standing.of) == (1, 6)  # 80 % is top
        assert supervised.standing.quartile == 4
        assert "box-chart" in texts[0]
        # Records: no other organisation counted any: not compared.
        records = next(c for c in report.compared if c.measure.key == "records")
        assert records.standing.too_few
    for text in texts:
        assert SECRET not in text
        assert "Elsewhere" not in text and "Away team" not in text
        for organisation in hidden:
            assert f"organisation={organisation.pk}" not in text


@pytest.mark.django_db
def test_the_downloads_hold_the_pages_figures_and_are_logged(client, world, stored, on) -> None:
    other_organisations(5, on)
    client.force_login(world.users["director"])
    response = client.get(URL, {"format": "csv", "list": "teams"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, lines = rows[0], {row[0]: row for row in rows[1:]}
    assert list(lines) == ["North team", "South team", "Whole organisation"]
    column = header.index("Staff supervised within the standard (of)")
    assert [lines[n][column] for n in lines] == ["4", "1", "5"]
    assert lines["Whole organisation"][column - 2] == "80.0"
    book = load_workbook(
        io.BytesIO(client.get(URL, {"format": "xlsx", "list": "organisations"}).content)
    )
    sheet = list(book.active.iter_rows(values_only=True))
    assert sheet[0][:3] == ("Indicator", "This organisation", "Rank (1 = highest)")
    supervised = next(row for row in sheet if row[0] == "Staff supervised within the standard")
    assert supervised[1:4] == (80, 1, 6)
    assert supervised[5:11] == (50, 55, 60, 65, 70, 5)
    logged = set(
        AccessLogEntry.objects.filter(
            object_type__startswith="list:reports:benchmarks"
        ).values_list("object_type", flat=True)
    )
    assert logged == {"list:reports:benchmarks:teams", "list:reports:benchmarks:organisations"}


@pytest.mark.django_db
def test_supervisee_satisfaction_over_five_responses_only(client, world, stored, on) -> None:
    quarter = feedback_quarter(on, organisation_today(world.organisation))
    assert quarter is not None
    supervisor, practitioner = world.staff["supervisor"], world.staff["practitioner"]
    for n, score in enumerate([5, 4, 4, 3]):
        session = make_session(
            supervisor=supervisor, attendees=[practitioner], day=quarter.start + timedelta(days=n)
        )
        feedback_row(session=session, respondent=practitioner, score=score)

    def satisfaction(who: str):
        client.force_login(world.users[who])
        report = client.get(URL).context["report"]
        north = dict(report.team_lines)["North team"]
        return next(v for _t, v, _w in north if v.key == "satisfaction")

    assert satisfaction("director").value is None  # four responses
    assert "not enough responses" in client.get(URL).content.decode()
    session = make_session(
        supervisor=supervisor, attendees=[practitioner], day=quarter.start + timedelta(days=9)
    )
    feedback_row(session=session, respondent=practitioner, score=5)
    # Every statement rated alike: (5 + 4 + 4 + 3 + 5) / 5.
    for who in ("director", "manager", "senior"):
        value = satisfaction(who)
        assert (value.value, value.of) == (4.2, 5), who
    # A session after the quarter does not count.
    late = make_session(
        supervisor=supervisor, attendees=[practitioner], day=quarter.end + timedelta(days=1)
    )
    feedback_row(session=late, respondent=practitioner, score=1)
    assert satisfaction("director").value == 4.2


@pytest.mark.django_db
def test_the_queries_do_not_grow_with_teams_or_organisations(client, world, stored, on) -> None:
    client.force_login(world.users["director"])
    other_organisations(5, on)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    service = team(world, "north").service
    for n in range(6):
        store(TeamFactory(service=service, code=f"more{n}"), on, NORTH)
    other_organisations(4, on, teams=3, first=5)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(response.context["report"].team_lines) == 8
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
