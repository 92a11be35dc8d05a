"""A caseload from any case system, CSV or JSON: all or nothing, every
problem by line or item, a second import writes nothing; and the command."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from supervisiondesk.compliance.folder import FolderError
from supervisiondesk.people.caseload import caseload_import
from supervisiondesk.people.models import Case, CasePeriod

pytestmark = pytest.mark.django_db

CSV = b"""case_id,worker_id,case_type,risk,from,to
case-0,practitioner,cp,high,2024-01-01,2026-03-31
case-0,colleague,cp,standard,2026-04-01,
mos-77,practitioner,cin,standard,2026-02-01,
"""


def periods(case_id: str) -> list[tuple]:
    return list(
        CasePeriod.objects.filter(case__case_id=case_id)
        .order_by("start_date")
        .values_list("worker__staff_id", "case_type", "risk", "start_date", "end_date")
    )


def test_csv_makes_the_named_cases_periods_those_of_the_file(world) -> None:
    untouched = periods("case-1")
    rows, summary = caseload_import(organisation=world.organisation, data=CSV)
    assert rows == 3
    assert periods("case-0") == [
        ("practitioner", "cp", "high", date(2024, 1, 1), date(2026, 3, 31)),
        ("colleague", "cp", "standard", date(2026, 4, 1), None),
    ]
    assert periods("mos-77") == [("practitioner", "cin", "standard", date(2026, 2, 1), None)]
    assert periods("case-1") == untouched  # not named: left alone
    assert (summary.created["cases"], summary.created["case periods"]) == (1, 2)
    assert summary.updated["case periods"] == 1  # case-0's period from 2024-01-01 got an end

    before = list(CasePeriod.objects.values_list("pk", "updated_at").order_by("pk"))
    _rows, again = caseload_import(organisation=world.organisation, data=CSV)
    assert again.changes == 0
    assert list(CasePeriod.objects.values_list("pk", "updated_at").order_by("pk")) == before


def test_json_rows_are_the_same_rows(world) -> None:
    items = [
        {
            "case_id": "j-1",
            "worker_id": "colleague",
            "case_type": "cla",
            "risk": "high",
            "from": "2026-05-01",
            "to": None,
        },
    ]
    caseload_import(organisation=world.organisation, data=items)
    assert periods("j-1") == [("colleague", "cla", "high", date(2026, 5, 1), None)]


def test_every_problem_by_line_and_nothing_written(world) -> None:
    bad = b"""case_id,worker_id,case_type,risk,from,to
case-0,practitioner,cp,extreme,2024-01-01,
new-1,nobody,cp,high,2026-01-01,
new-2,practitioner,cp,high,2026-05-01,2026-04-01
"""
    before = list(CasePeriod.objects.values_list("pk", "updated_at").order_by("pk"))
    with pytest.raises(FolderError) as caught:
        caseload_import(organisation=world.organisation, data=bad)
    messages = [p.message for p in caught.value.problems]
    assert any(m.startswith("case_periods.csv line 2: risk 'extreme'") for m in messages)
    assert any(m.startswith("case_periods.csv line 4: to '2026-04-01' is before") for m in messages)
    # Unknown workers are checked once the file itself is sound.
    good_but_unknown = (
        b"case_id,worker_id,case_type,risk,from,to\nnew-1,nobody,cp,high,2026-01-01,\n"
    )
    with pytest.raises(FolderError, match="line 2: worker_id 'nobody' is not a staff member"):
        caseload_import(organisation=world.organisation, data=good_but_unknown)
    assert list(CasePeriod.objects.values_list("pk", "updated_at").order_by("pk")) == before
    assert not Case.objects.filter(case_id__startswith="new-").exists()


def test_json_problems_name_the_item(world) -> None:
    items = [
        {
            "case_id": "j-1",
            "worker_id": "colleague",
            "case_type": "cla",
            "risk": "high",
            "from": "2026-05-01",
        },
        {
            "case_id": "j-1",
            "worker_id": "colleague",
            "case_type": "cla",
            "risk": "high",
            "from": "2026-05-02",
        },
        {"case_id": "j-2", "worker": "colleague"},
        {"case_id": "j-3", "worker_id": 7, "case_type": "cla", "risk": "high", "from": "x"},
        "not an object",
    ]
    with pytest.raises(FolderError) as caught:
        caseload_import(organisation=world.organisation, data=items)
    messages = sorted(p.message for p in caught.value.problems)
    assert messages == [
        "item 3: unknown key 'worker'",
        "item 4: worker_id must be a string",
        "item 5: not an object",
        "items 1 and 2: j-1's periods overlap",
    ]
    with pytest.raises(FolderError, match=r"^items 1 and 2: j-1's periods overlap"):
        caseload_import(organisation=world.organisation, data=items[:2])


def test_dry_run_counts_and_writes_nothing(world) -> None:
    _rows, summary = caseload_import(organisation=world.organisation, data=CSV, dry_run=True)
    assert summary.created["cases"] == 1
    assert not Case.objects.filter(case_id="mos-77").exists()


def test_command(world, tmp_path) -> None:
    file = tmp_path / "caseload.json"
    file.write_text(
        json.dumps(
            [
                {
                    "case_id": "c-9",
                    "worker_id": "practitioner",
                    "case_type": "cp",
                    "risk": "high",
                    "from": "2026-01-05",
                }
            ]
        )
    )
    out = StringIO()
    call_command("import_caseload", str(file), "--organisation", "Riverside", stdout=out)
    assert "1 case periods read" in out.getvalue() and "case periods: 1 created" in out.getvalue()
    assert periods("c-9")
    bad = tmp_path / "bad.csv"
    bad.write_text("case_id,worker_id\nx,y\n")
    with pytest.raises(CommandError, match="column 'case_type' is missing"):
        call_command("import_caseload", str(bad), "--organisation", "Riverside")
