"""Every list page downloads as CSV and as Excel (issue 6, item 3).

A list is a table: `Column`s (a label, how to read the cell from a row,
and the kind of cell) and the page's own rows. The export is answered by
the page's own view, from the rows its own selector read, so who may
download a list is exactly who may see it (404 or the sign-in alike), and
it costs the page's queries plus the access log entry.

Adopting it takes one call in the view, before it renders, and one tag in
the template:

    from supervisiondesk.reports import exports

    def action_columns(today):
        return [
            exports.Column(_("Action"), lambda a: a.description),
            exports.Column(_("By when"), lambda a: a.due_on, exports.DATE),
            exports.Column(_("Days late"), lambda a: (today - a.due_on).days, exports.NUMBER),
        ]

    @login_required
    def actions(request):
        rows = selectors.actions_of(staff=..., status=status)
        response = exports.answer(
            request,
            list_name="supervision:actions",   # logged as object_type "list:<list_name>"
            title=_("Actions"),                # the sheet's title and the file's name
            columns=action_columns(today),
            rows=rows,
            filters={"status": status},        # logged with the export
            subjects=lambda a: [a.owner_id],   # staff whose rows these are (optional)
        )
        if response:                           # ?format=csv or ?format=xlsx
            return response
        return render(request, "...", {"rows": rows})

    {% load export_links %}{% export_links %}  (or {% export_links "cases" %} when a
                                               page holds several lists: ?list=cases)

What the files hold:

- CSV: UTF-8 with a byte order mark (so Excel reads accents right), one
  header row, dates as ISO 8601 (2026-11-23), times of day as
  "2026-11-23 14:05".
- XLSX (openpyxl): the sheet named after the list, a bold header row that
  stays in view (`freeze_panes = "A2"`), an autofilter over the table,
  columns as wide as their contents; dates and times are real Excel dates
  ("yyyy-mm-dd", "yyyy-mm-dd hh:mm"), numbers real numbers.
- Times of day: Excel has no time zones, so both formats hold the
  organisation's local time (the zone `people.middleware` activated) with
  no offset, and the column's header names the zone: "When (Europe/London)".
  One rule for both files, no note row to break the filter or the frozen row.
- Formula injection: a text cell starting with "=", "+", "-", "@" (or a tab
  or carriage return) is written with a "'" in front, so a spreadsheet shows
  it as text instead of running it (OWASP, "CSV injection"). Numbers and
  dates are never text, so a negative number stays a number.
- Every export writes one access log entry: event EXPORTED, channel
  DOWNLOAD, object_type "list:<list_name>", detail (JSON) with the format,
  the filters, the number of rows and the title; its subjects are the staff
  whose rows are in it (leaving out the one who downloads, as reads do),
  when they fit in the entry (400 characters); otherwise none, and the detail
  says how many were left out.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from supervisiondesk.privacy import rules
from supervisiondesk.privacy.models import AccessEvent, Channel
from supervisiondesk.privacy.services import access_log_add

TEXT = "text"
NUMBER = "number"
DATE = "date"
DATETIME = "datetime"
KINDS = (TEXT, NUMBER, DATE, DATETIME)

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What a spreadsheet would read as a formula (or a DDE call) at a cell's start.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel's limits: a cell holds 32,767 characters, a sheet's name 31 of these.
CELL_LIMIT = 32_767
SHEET_TITLE_LIMIT = 31
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Column widths, in characters: wide enough to read, never a whole screen.
MIN_WIDTH, MAX_WIDTH = 8, 60
# AccessLogEntry.subjects and .object_type are this long.
SUBJECTS_LIMIT = 400
OBJECT_TYPE_LIMIT = 40


@dataclass(frozen=True)
class Column:
    """One column of an exported list: its header, how to read its cell
    from a row, and what kind of cell it is (TEXT, NUMBER, DATE, DATETIME)."""

    label: Any  # a str or a lazy translation
    value: Callable[[Any], object]
    kind: str = TEXT

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of column: {self.kind!r}")


# ---------------------------------------------------------------- cells (pure)


def neutralise(text: str) -> str:
    """A text cell a spreadsheet shows as text, never runs as a formula."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def local_naive(value: datetime) -> datetime:
    """An aware time as the organisation's wall-clock time, without its zone
    (Excel has none; the header names it)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, microsecond=0)


def cell(column: Column, row: Any) -> object:
    """The cell's value, typed for its kind: None when empty."""
    value = column.value(row)
    if value is None or value == "":
        return None
    if column.kind == DATETIME:
        if not isinstance(value, datetime):
            raise TypeError(f"{column.label}: a datetime column read {value!r}")
        return local_naive(value)
    if column.kind == DATE:
        if isinstance(value, datetime):
            return local_naive(value).date()
        if not isinstance(value, date):
            raise TypeError(f"{column.label}: a date column read {value!r}")
        return value
    if column.kind == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise TypeError(f"{column.label}: a number column read {value!r}")
        return value
    return neutralise(str(value))


def header(column: Column) -> str:
    """The column's header; a time of day says its time zone."""
    label = str(column.label)
    if column.kind == DATETIME:
        return f"{label} ({timezone.get_current_timezone_name()})"
    return label


def table(columns: Sequence[Column], rows: Iterable[Any]) -> tuple[list[str], list[list[object]]]:
    """The headers and the typed cells of every row."""
    return [header(c) for c in columns], [[cell(c, row) for c in columns] for row in rows]


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------- files


def file_name(list_name: str, extension: str, *, on: date | None = None, about: str = "") -> str:
    """The page (and what it is about) and the day:
    "supervision-actions-2026-11-23.csv", "supervision-case-decisions-c-104-2026-11-23.xlsx"."""
    day = on or timezone.localdate()
    stem = slugify(f"{list_name.replace(':', '-')} {about}".strip())
    return f"{stem}-{day.isoformat()}.{extension}"


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # A list of people's records: not for shared caches or the back button.
    response["Cache-Control"] = "private, no-store"
    return response


def csv_bytes(columns: Sequence[Column], rows: Iterable[Any]) -> bytes:
    headers, cells = table(columns, rows)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows([_as_text(v) for v in line] for line in cells)
    # The byte order mark tells Excel the file is UTF-8 (Bâtiment, Peña...).
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_response(columns: Sequence[Column], rows: Iterable[Any], *, filename: str) -> HttpResponse:
    return _attachment(csv_bytes(columns, rows), "text/csv; charset=utf-8", filename)


def sheet_title(title: str) -> str:
    """A title Excel accepts for a sheet: 31 characters, none of []:*?/\\."""
    cleaned = SHEET_TITLE_FORBIDDEN.sub(" ", str(title)).strip().strip("'")
    return cleaned[:SHEET_TITLE_LIMIT] or "Sheet"


def xlsx_bytes(columns: Sequence[Column], rows: Iterable[Any], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    headers, cells = table(columns, rows)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    workbook.properties.title = str(title)
    workbook.properties.creator = "Supervision Desk"
    sheet.append(headers)
    for heading in sheet[1]:
        heading.font = Font(bold=True)
    widths = [len(h) for h in headers]
    for line in cells:
        values = []
        for index, value in enumerate(line):
            if isinstance(value, str):
                # Control characters are not allowed in the file's XML.
                value = ILLEGAL_CHARACTERS_RE.sub("", value)[:CELL_LIMIT]
            values.append(value)
            shown = _as_text(value)
            longest = max((len(part) for part in shown.splitlines()), default=0)
            widths[index] = max(widths[index], longest)
        sheet.append(values)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        if column.kind in (DATE, DATETIME):
            number_format = DATE_FORMAT if column.kind == DATE else DATETIME_FORMAT
            for (target,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                target.number_format = number_format
        sheet.column_dimensions[letter].width = min(
            max(widths[index - 1] + 2, MIN_WIDTH), MAX_WIDTH
        )
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(len(columns), 1))
    sheet.auto_filter.ref = f"A1:{last}{len(cells) + 1}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(
    columns: Sequence[Column], rows: Iterable[Any], *, title: str, filename: str
) -> HttpResponse:
    return _attachment(xlsx_bytes(columns, rows, title=title), XLSX_TYPE, filename)


# ---------------------------------------------------------------- from a page's view


def requested(request: HttpRequest) -> str | None:
    """The format a list page is asked for (`?format=csv|xlsx`), on GET only
    (a HEAD or a POST is the page's own business, and is not logged)."""
    if request.method != "GET":
        return None
    wanted = request.GET.get("format", "")
    return wanted if wanted in FORMATS else None


def requested_list(request: HttpRequest, names: Sequence[str]) -> str | None:
    """Which of a page's lists is asked for (`?list=`); the first by default.
    None when the page is not asked for a file; an unknown list is None too,
    so the page answers as itself."""
    if requested(request) is None:
        return None
    wanted = request.GET.get("list") or names[0]
    return wanted if wanted in names else None


def _subject_ids(subjects: Iterable[int], reader: int | None) -> tuple[list[int], int]:
    """The staff ids to log, and how many were left out because they do not fit."""
    ids = sorted({int(s) for s in subjects if s} - {reader})
    if len(f" {' '.join(map(str, ids))} ") <= SUBJECTS_LIMIT:
        return ids, 0
    return [], len(ids)


def export_logged(
    request: HttpRequest,
    *,
    list_name: str,
    title: str,
    export_format: str,
    rows: int,
    filters: dict[str, Any],
    subjects: Iterable[int] = (),
) -> None:
    """One access log entry for one downloaded list."""
    object_type = f"list:{list_name}"
    if len(object_type) > OBJECT_TYPE_LIMIT:
        raise ValueError(f"list name too long for the access log: {list_name!r}")
    viewer = rules.viewer_of(request.user)
    ids, left_out = _subject_ids(subjects, viewer.staff.pk if viewer.staff else None)
    detail: dict[str, Any] = {
        "format": export_format,
        "filters": {key: _as_text(value) for key, value in filters.items()},
        "rows": rows,
        "title": str(title),
    }
    if left_out:
        detail["subjects_not_listed"] = left_out
    access_log_add(
        user=request.user,
        event=AccessEvent.EXPORTED,
        channel=Channel.DOWNLOAD,
        organisation_id=viewer.organisation_id,
        object_type=object_type,
        subjects=ids,
        detail=json.dumps(detail, sort_keys=True, ensure_ascii=False),
    )


def answer(
    request: HttpRequest,
    *,
    list_name: str,
    title: Any,
    columns: Sequence[Column],
    rows: Iterable[Any],
    filters: dict[str, Any] | None = None,
    subjects: Callable[[Any], Iterable[int]] | None = None,
    about: str = "",
) -> HttpResponse | None:
    """The list as a file when the page is asked for one (`?format=`), with
    its access log entry; None otherwise, and the page renders as usual.
    `about` adds to the file's name what the page is about (a case's id)."""
    export_format = requested(request)
    if export_format is None:
        return None
    rows = list(rows)
    title = str(title)
    filename = file_name(list_name, export_format, about=about)
    if export_format == CSV:
        response = csv_response(columns, rows, filename=filename)
    else:
        response = xlsx_response(columns, rows, title=title, filename=filename)
    staff_ids = [pk for row in rows for pk in subjects(row)] if subjects else []
    export_logged(
        request,
        list_name=list_name,
        title=title,
        export_format=export_format,
        rows=len(rows),
        filters=filters or {},
        subjects=staff_ids,
    )
    return response


__all__ = [
    "CSV",
    "DATE",
    "DATETIME",
    "FORMATS",
    "NUMBER",
    "TEXT",
    "XLSX",
    "Column",
    "answer",
    "csv_response",
    "export_logged",
    "neutralise",
    "requested",
    "requested_list",
    "xlsx_response",
]
