"""The export layer's files, without the database: typed cells, the CSV read
back with `csv`, the XLSX read back with openpyxl, the formula guard."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.utils import timezone

from supervisiondesk.reports import exports
from supervisiondesk.reports.exports import DATE, DATETIME, NUMBER, Column

ROWS = [
    {
        "name": "Zoë Peña",
        "due": date(2026, 3, 1),
        "at": datetime(2026, 7, 1, 8, 30, tzinfo=UTC),  # 09:30 in London (summer time)
        "count": 12,
        "note": '=HYPERLINK("http://evil.example","click")',
    },
    {"name": "Bo", "due": None, "at": None, "count": -3, "note": "-2+3"},
    {"name": "@Sam", "due": date(2026, 12, 31), "at": None, "count": 0, "note": "plain"},
]
COLUMNS = [
    Column("Name", lambda r: r["name"]),
    Column("Due", lambda r: r["due"], DATE),
    Column("When", lambda r: r["at"], DATETIME),
    Column("Open cases", lambda r: r["count"], NUMBER),
    Column("Note", lambda r: r["note"]),
]


@pytest.fixture(autouse=True)
def london():
    with timezone.override(ZoneInfo("Europe/London")):
        yield


@pytest.mark.parametrize(
    "text,written",
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-5 days", "'-5 days"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("Safe = text", "Safe = text"),
        ("a=1", "a=1"),
        ("", ""),
        ("'quoted", "'quoted"),
    ],
)
def test_a_cell_that_a_spreadsheet_would_run_is_written_as_text(text: str, written: str) -> None:
    assert exports.neutralise(text) == written


def test_cells_are_typed_by_their_column() -> None:
    headers, cells = exports.table(COLUMNS, ROWS)
    assert headers == ["Name", "Due", "When (Europe/London)", "Open cases", "Note"]
    first = cells[0]
    assert first[1] == date(2026, 3, 1)
    # The organisation's wall-clock time, with no zone: Excel has none.
    assert first[2] == datetime(2026, 7, 1, 9, 30)
    assert first[2].tzinfo is None
    assert first[3] == 12
    assert first[4].startswith("'=HYPERLINK")
    # Numbers stay numbers, negative ones too; empty cells are empty.
    assert cells[1][1:4] == [None, None, -3]
    assert cells[1][4] == "'-2+3"
    assert cells[2][0] == "'@Sam"


def test_a_column_refuses_a_value_of_another_kind() -> None:
    with pytest.raises(TypeError):
        exports.table([Column("Due", lambda r: "2026-01-01", DATE)], [{}])
    with pytest.raises(TypeError):
        exports.table([Column("N", lambda r: "12", NUMBER)], [{}])
    with pytest.raises(ValueError):
        Column("N", lambda r: 1, "money")


def test_the_csv_reads_back_with_its_headers_dates_and_guard() -> None:
    content = exports.csv_bytes(COLUMNS, ROWS)
    assert content.startswith(b"\xef\xbb\xbf")  # the byte order mark, for Excel
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Due", "When (Europe/London)", "Open cases", "Note"]
    assert rows[1] == [
        "Zoë Peña",
        "2026-03-01",
        "2026-07-01 09:30",
        "12",
        '\'=HYPERLINK("http://evil.example","click")',
    ]
    assert rows[2] == ["Bo", "", "", "-3", "'-2+3"]
    assert rows[3][0] == "'@Sam"
    assert len(rows) == 1 + len(ROWS)


def test_the_xlsx_reads_back_with_dates_numbers_a_frozen_bold_header_and_a_filter() -> None:
    content = exports.xlsx_bytes(COLUMNS, ROWS, title="Due: and [overdue]? a very long list name")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    # Excel refuses []:*?/\ and more than 31 characters in a sheet's name.
    assert sheet.title == "Due  and  overdue   a very long"
    assert len(sheet.title) <= 31
    assert [c.value for c in sheet[1]] == [
        "Name",
        "Due",
        "When (Europe/London)",
        "Open cases",
        "Note",
    ]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E4"
    name, due, when, count, note = (c.value for c in sheet[2])
    assert name == "Zoë Peña"
    assert isinstance(due, datetime) and due.date() == date(2026, 3, 1)  # a real Excel date
    assert sheet["B2"].is_date and sheet["B2"].number_format == "yyyy-mm-dd"
    assert when == datetime(2026, 7, 1, 9, 30)
    assert sheet["C2"].is_date and sheet["C2"].number_format == "yyyy-mm-dd hh:mm"
    assert count == 12 and sheet["D2"].data_type == "n"
    assert sheet["D3"].value == -3
    # Text, never a formula.
    assert note.startswith("'=") and sheet["E2"].data_type == "s"
    assert sheet["B3"].value is None
    # Columns as wide as their contents, within bounds.
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDE"}
    assert widths["E"] > widths["D"] >= exports.MIN_WIDTH
    assert all(w <= exports.MAX_WIDTH for w in widths.values())


def test_control_characters_do_not_break_the_xlsx() -> None:
    rows = [{"text": "a\x00b\x1fc"}]
    content = exports.xlsx_bytes([Column("Text", lambda r: r["text"])], rows, title="T")
    assert openpyxl.load_workbook(io.BytesIO(content)).active["A2"].value == "abc"


def test_an_empty_list_is_a_header_row() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(COLUMNS, [], title="x"))).active
    assert sheet.max_row == 1 and sheet.auto_filter.ref == "A1:E1"
    assert exports.csv_bytes(COLUMNS, []).decode("utf-8-sig").count("\n") == 1


def test_the_file_is_named_after_the_page_and_the_day() -> None:
    day = date(2026, 11, 23)
    assert exports.file_name("supervision:actions", "csv", on=day) == (
        "supervision-actions-2026-11-23.csv"
    )
    assert exports.file_name("supervision:case:decisions", "xlsx", on=day, about="C-104") == (
        "supervision-case-decisions-c-104-2026-11-23.xlsx"
    )


def test_subjects_are_left_out_of_the_log_entry_when_they_do_not_fit() -> None:
    assert exports._subject_ids([3, 1, 2, 2, None], reader=2) == ([1, 3], 0)
    many = range(100_000, 100_100)
    assert exports._subject_ids(many, reader=None) == ([], 100)
