"""Every list page downloads as CSV and XLSX through its own view: the files
read back hold the page's rows, the download answers every role exactly as
the page does (the authorization matrix's expectations), each download is
one access log entry, and it costs no more queries than the page.

The records are the authorization matrix's scenario (tests/matrix_scenario),
built once for the module; each test runs in a savepoint rolled back after it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import openpyxl
import pytest
from django.db import connection, transaction
from django.http import Http404
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from supervisiondesk.people.tests.world import build_world
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry, Channel
from supervisiondesk.reports.exports import XLSX_TYPE
from supervisiondesk.supervision import access
from supervisiondesk.supervision.choices import SessionKind
from supervisiondesk.supervision.services import records, sessions
from supervisiondesk.supervision.services.cases import management_decision_add
from supervisiondesk.tests.matrix_scenario import Scenario, build_scenario
from supervisiondesk.tests.test_authorization_matrix import ACTORS, ANONYMOUS, ROWS, matches


@dataclass(frozen=True)
class Export:
    """One downloadable list: the page's URL name, which of its lists, who
    has rows in it in the scenario, and how to find its rows in the page's
    context (to compare the file with the page)."""

    name: str
    list: str = ""
    reader: str = "supervisor"
    rows: Callable[[dict], list] = lambda context: list(context["rows"])
    side: str = ""  # for a page about a record: the scenario's side whose record it is

    @property
    def id(self) -> str:
        return f"{self.name}:{self.list}" if self.list else self.name

    def url(self, scenario: Scenario, **query: str) -> str:
        if self.side:
            path = reverse(self.name, args=[scenario.side(self.side).case.pk])
        else:
            path = reverse(self.name)
        if self.list:
            query = {"list": self.list, **query}
        return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _overview(part: str) -> Callable[[dict], list]:
    return lambda context: list(getattr(context["overview"], part))


EXPORTS = [
    Export("supervision:actions"),
    Export("supervision:overview", "upcoming", rows=_overview("upcoming")),
    Export("supervision:overview", "to_write", rows=_overview("to_write")),
    Export("supervision:overview", "to_sign", "practitioner", rows=_overview("to_sign")),
    Export("supervision:overview", "my_actions", "practitioner", rows=_overview("my_actions")),
    Export("supervision:overview", "their_actions", rows=_overview("supervisees_overdue")),
    Export("supervision:agreements", rows=lambda c: list(c["states"])),
    Export("supervision:groups", rows=lambda c: list(c["lines"])),
    Export("supervision:case", "discussions", side="mine", rows=lambda c: c["page"].discussions),
    Export("supervision:case", "decisions", side="mine", rows=lambda c: c["page"].decisions),
    Export("supervision:case", "periods", side="mine", rows=lambda c: c["page"].periods),
    Export("people:my_supervisees"),
    Export("people:my_caseload", reader="practitioner", rows=lambda c: c["caseload"].periods),
    Export("people:teams", reader="manager"),
    Export("compliance:supervisees", "people", rows=lambda c: c["page"].people),
    Export("compliance:supervisees", "cases", rows=lambda c: c["page"].cases),
    Export("compliance:teams", "people", "manager", rows=lambda c: c["page"].people),
    Export("compliance:teams", "cases", "manager", rows=lambda c: c["page"].cases),
    Export("privacy:my_reads", reader="practitioner", rows=lambda c: c["entries"]),
    Export("privacy:access_report", "accesses", "senior", rows=lambda c: c["lines"]),
    Export("privacy:access_report", "refused", "senior", rows=lambda c: c["denied"]),
]
BY_ID = {e.id: e for e in EXPORTS}


@pytest.fixture(scope="module")
def module_scenario(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Scenario]:
    fixed = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("exports-media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with django_db_blocker.unblock(), transaction.atomic(), fixed:
        scenario = build_scenario(build_world())
        _fill_every_list(scenario)
        yield scenario
        transaction.set_rollback(True)


def _fill_every_list(scenario: Scenario) -> None:
    """Rows in the lists the scenario leaves empty: an earlier session of the
    pair, signed by the supervisor for the practitioner to sign, with an
    overdue action; a management decision; reads of the practitioner's
    records and a refused one."""
    world = scenario.world
    mine = scenario.side("mine")
    supervisor, practitioner = world.users["supervisor"], world.users["practitioner"]
    earlier = sessions.session_plan(
        supervisor=mine.supervisor,
        supervisee=mine.supervisee,
        kind=SessionKind.INDIVIDUAL_FORMAL,
        date=mine.session.date - timedelta(days=10),
        planned_minutes=60,
        by=supervisor,
    )
    records.record_save(
        session=earlier,
        expected_version=earlier.record_version,
        by=supervisor,
        sections={"workload": "Manageable."},
        duration_minutes=60,
        functions=["support"],
    )
    records.action_add(
        session=earlier,
        description="=Send the chronology to legal.",  # a formula, to be neutralised
        owner=mine.supervisee,
        due_on=mine.session.date - timedelta(days=3),
        by=supervisor,
    )
    records.record_sign_as_supervisor(session=earlier, by=supervisor)
    management_decision_add(
        by=supervisor,
        case=mine.case,
        decided_on=mine.session.date,
        decision="Step down to child in need.",
        rationale="Risks reduced over three reviews.",
        worker=mine.supervisee,
    )
    access.session_for(world.users["manager"], mine.session.pk)
    with pytest.raises(Http404):
        access.session_for(practitioner, scenario.side("other_team").session.pk)


@pytest.fixture
def scenario(module_scenario, db) -> Scenario:
    return module_scenario


def client_for(scenario: Scenario, actor: str) -> Client:
    client = Client()
    if actor != ANONYMOUS:
        client.force_login(scenario.world.users[actor])
    return client


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def outcome(response) -> int | str:
    if response.status_code in (301, 302):
        return f"302 to {response['Location'].split('?')[0]}"
    return response.status_code


# ---------------------------------------------------------------- the files hold the page's rows


@pytest.mark.parametrize("export_id", sorted(BY_ID))
def test_the_files_read_back_as_the_pages_rows(scenario, export_id: str) -> None:
    export = BY_ID[export_id]
    client = client_for(scenario, export.reader)
    page = client.get(export.url(scenario))
    assert page.status_code == 200
    rows = export.rows(page.context)
    assert rows, f"{export_id}: the scenario should give {export.reader} rows here"
    html = page.content.decode()

    as_csv = client.get(export.url(scenario, format="csv"))
    assert as_csv.status_code == 200
    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    disposition = as_csv["Content-Disposition"]
    assert disposition.startswith("attachment;") and ".csv" in disposition
    table = read_csv(as_csv)
    assert len(table) == 1 + len(rows)
    # A column of words (names, ids, titles...): every row's is on the page.
    key = next(
        i
        for i in range(len(table[0]))
        if all(line[i] and not looks_like_a_date(line[i]) for line in table[1:])
    )
    for line in table[1:]:
        assert escape(line[key].removeprefix("'")) in html, f"{export_id}: {line[key]!r}"

    as_xlsx = client.get(export.url(scenario, format="xlsx"))
    assert as_xlsx["Content-Type"] == XLSX_TYPE
    assert as_xlsx["Content-Disposition"].startswith("attachment;")
    sheet = read_xlsx(as_xlsx)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    # The same table as the CSV, with dates and times as real dates.
    assert [[as_text(c) for c in line] for line in sheet.iter_rows()] == table
    for line in sheet.iter_rows(min_row=2):
        for c in line:
            if looks_like_a_date(as_text(c)):
                assert c.is_date and isinstance(c.value, datetime), (export_id, c.value)


def looks_like_a_date(text: str) -> bool:
    return len(text) >= 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit()


def as_text(target) -> str:
    """A workbook cell as the CSV writes it."""
    value = target.value
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M" if "h" in target.number_format else "%Y-%m-%d")
    return str(value)


def test_the_actions_file_says_what_the_page_says(scenario) -> None:
    client = client_for(scenario, "supervisor")
    page = client.get(reverse("supervision:actions"))
    shown = list(page.context["rows"])
    table = read_csv(client.get(reverse("supervision:actions") + "?format=csv"))
    header = table[0]
    assert header[:4] == ["Action", "Case", "Who", "By when"]
    by_when = header.index("By when")
    status = header.index("Status")
    assert [line[0] for line in table[1:]] == [
        ("'" + a.description) if a.description.startswith("=") else a.description for a in shown
    ]
    assert [line[by_when] for line in table[1:]] == [a.due_on.isoformat() for a in shown]
    # The overdue action is said to be so, as on the page.
    overdue = next(line for line in table[1:] if line[0].startswith("'="))
    assert overdue[status] == "Overdue"
    sheet = read_xlsx(client.get(reverse("supervision:actions") + "?format=xlsx"))
    formula = next(c for c in sheet["A"] if str(c.value).startswith("'="))
    assert formula.data_type == "s"  # text, never a formula
    dates = [c for c in sheet["D"][1:]]
    assert all(c.is_date for c in dates) and dates[0].value.date() == shown[0].due_on


def test_the_filters_of_the_page_apply_to_the_file(scenario) -> None:
    client = client_for(scenario, "supervisor")
    opened = read_csv(client.get(reverse("supervision:actions") + "?status=open&format=csv"))
    done = read_csv(client.get(reverse("supervision:actions") + "?status=done&format=csv"))
    assert len(opened) > 1 and len(done) == 1  # the header alone
    overdue = read_csv(
        client.get(reverse("compliance:supervisees") + "?status=overdue&format=csv&list=people")
    )
    every = read_csv(client.get(reverse("compliance:supervisees") + "?format=csv&list=people"))
    status = every[0].index("Status")
    assert len(overdue) < len(every)
    assert all(line[status] == "Overdue" for line in overdue[1:])


def test_the_page_links_to_its_files_with_its_filters(scenario) -> None:
    client = client_for(scenario, "supervisor")
    html = client.get(reverse("supervision:actions") + "?status=all").content.decode()
    assert 'href="/supervision/actions/?status=all&amp;format=csv"' in html
    assert "Download CSV" in html and "Download Excel" in html
    html = client.get(reverse("compliance:supervisees") + "?people_page=1").content.decode()
    assert "list=cases&amp;format=xlsx" in html and "people_page" not in html.split("list=")[1]


# ---------------------------------------------------------------- who may download: as the page


def matrix_cases() -> list[tuple[str, str]]:
    return [(e.id, fmt) for e in EXPORTS for fmt in ("csv", "xlsx")]


@pytest.mark.parametrize("export_id,fmt", matrix_cases())
def test_a_download_answers_every_role_exactly_as_its_page(scenario, export_id, fmt) -> None:
    export = BY_ID[export_id]
    row = ROWS[export.name]
    sides = [export.side] if export.side else ["-"]
    if export.side:
        sides = ["mine", "other_team", "other_org"]
    mismatches = []
    for side in sides:
        target = Export(export.name, export.list, side="" if side == "-" else side)
        expect = row["expect"][side] if side != "-" else row["expect"]
        for actor in ACTORS:
            client = client_for(scenario, actor)
            with transaction.atomic():
                page = outcome(client.get(target.url(scenario)))
                got = client.get(target.url(scenario, format=fmt))
                transaction.set_rollback(True)
            if not matches(expect[actor], outcome(got)) or outcome(got) != page:
                mismatches.append(f"{side}/{actor}: page {page}, file {outcome(got)}")
            elif got.status_code == 200:
                assert got["Content-Disposition"].startswith("attachment;")
    assert not mismatches, "\n".join(mismatches)


# ---------------------------------------------------------------- the access log


def test_a_download_is_one_access_log_entry_naming_the_staff_in_it(scenario) -> None:
    world = scenario.world
    client = client_for(scenario, "supervisor")
    before = AccessLogEntry.objects.filter(event=AccessEvent.EXPORTED).count()
    response = client.get(reverse("supervision:actions") + "?status=all&format=xlsx")
    assert response.status_code == 200
    entries = AccessLogEntry.objects.filter(event=AccessEvent.EXPORTED).order_by("seq")
    assert entries.count() == before + 1
    entry = entries.last()
    assert entry.channel == Channel.DOWNLOAD
    assert entry.user_id == world.users["supervisor"].pk
    assert entry.organisation_id == world.organisation.pk
    assert entry.object_type == "list:supervision:actions"
    detail = json.loads(entry.detail)
    assert detail["format"] == "xlsx"
    assert detail["filters"] == {"status": "all"}
    assert detail["rows"] == read_xlsx(response).max_row - 1
    # The practitioner owns the actions; the one downloading is not a subject.
    assert entry.subject_ids == [world.staff["practitioner"].pk]


def test_the_practitioner_sees_the_download_among_who_read_their_records(scenario) -> None:
    client_for(scenario, "supervisor").get(reverse("people:my_supervisees") + "?format=csv")
    reads = client_for(scenario, "practitioner").get(reverse("privacy:my_reads"))
    assert any(
        e.event == AccessEvent.EXPORTED and e.object_type == "list:people:my_supervisees"
        for e in reads.context["entries"]
    )


def test_the_page_itself_writes_no_export_entry(scenario) -> None:
    before = AccessLogEntry.objects.filter(event=AccessEvent.EXPORTED).count()
    client_for(scenario, "supervisor").get(reverse("supervision:actions"))
    assert AccessLogEntry.objects.filter(event=AccessEvent.EXPORTED).count() == before


# ---------------------------------------------------------------- queries


def _queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    # The access log entry (its chain's head, the entry) is the download's own.
    return [
        q["sql"]
        for q in captured.captured_queries
        if "privacy_accessloghead" not in q["sql"]
        and "privacy_accesslogentry" not in q["sql"]
        and "SAVEPOINT" not in q["sql"].upper()
    ]


@pytest.mark.parametrize("export_id", sorted(BY_ID))
def test_a_download_reads_no_more_than_its_page(scenario, export_id: str) -> None:
    export = BY_ID[export_id]
    client = client_for(scenario, export.reader)
    client.get(export.url(scenario))  # warm: the session, the viewer's records
    page = _queries(client, export.url(scenario))
    # compliance's file looks up its people's keys for the log (one query).
    allowance = 1 if export.name.startswith("compliance:") else 0
    assert len(_queries(client, export.url(scenario, format="csv"))) <= len(page) + allowance


def test_more_rows_cost_no_more_queries(scenario, django_assert_num_queries) -> None:
    client = client_for(scenario, "supervisor")
    url = reverse("supervision:actions") + "?status=all&format=csv"
    client.get(url)  # warm
    with CaptureQueriesContext(connection) as first:
        rows_before = len(read_csv(client.get(url)))
    mine = scenario.side("mine")
    for n in range(6):
        records.action_add(
            session=mine.session,
            description=f"Action {n}",
            owner=mine.supervisee if n % 2 else mine.supervisor,
            due_on=mine.session.date + timedelta(days=n),
            by=scenario.world.users["supervisor"],
        )
    with django_assert_num_queries(len(first)):
        response = client.get(url)
    assert len(read_csv(response)) == rows_before + 6
