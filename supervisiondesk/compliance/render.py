"""The report as JSON, CSV or plain-text tables.

- `json`: the report of compliance.md section 7, as is.
- `csv`: one block per list, one after another, for a spreadsheet: a line
  naming the list, its header row, its rows and an empty line; first the
  report's as_of and policy, last the summary as `name,value` rows. Lists
  inside a cell are joined with `;`, null is an empty cell.
- `table`: the same blocks as aligned plain-text tables, for a terminal;
  null is shown as `-`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

FORMATS = ("json", "csv", "table")
# The report's lists, in its order, with each list's columns.
LISTS: dict[str, tuple[str, ...]] = {
    "individual": (
        "staff_id",
        "category",
        "last",
        "next_due",
        "overdue_after",
        "status",
        "days_overdue",
    ),
    "group": ("staff_id", "last", "next_due", "overdue_after", "status", "days_overdue"),
    "cases": (
        "case_id",
        "worker_id",
        "case_type",
        "risk",
        "last",
        "next_due",
        "overdue_after",
        "status",
        "days_overdue",
    ),
    "records": (
        "session_id",
        "recording",
        "supervisor_sign_off",
        "supervisee_sign_off",
        "shared",
        "short",
    ),
    "case_records": ("session_id", "case_id", "recording"),
    "rearranging": ("session_id", "status"),
    "agreements": ("supervisee_id", "supervisor_id", "status", "review_due"),
    "supervisors": ("staff_id", "supervisees", "over_ratio"),
    "balance": ("supervisee_id", "supervisor_id", "sessions", "functions_missing"),
}


def render(report: dict[str, Any], fmt: str) -> str:
    """The report as text in `fmt` (json, csv or table), ending with a newline."""
    if fmt == "json":
        return json.dumps(report, indent=1, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return render_csv(report)
    if fmt == "table":
        return render_table(report)
    raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return str(value)


def _blocks(
    report: dict[str, Any], null: str = ""
) -> Iterator[tuple[str, tuple[str, ...], list[list[str]]]]:
    for name, columns in LISTS.items():
        rows = [
            [null if entry[column] is None else cell(entry[column]) for column in columns]
            for entry in report[name]
        ]
        yield name, columns, rows
    summary = [[key, cell(value)] for key, value in report["summary"].items()]
    yield "summary", ("name", "value"), summary


def render_csv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["as_of", report["as_of"]])
    writer.writerow(["policy", report["policy"]])
    for name, columns, rows in _blocks(report):
        writer.writerow([])
        writer.writerow([name])
        writer.writerow(columns)
        writer.writerows(rows)
    return out.getvalue()


def render_table(report: dict[str, Any]) -> str:
    lines = [f"Supervision compliance on {report['as_of']} ({report['policy']})"]
    for name, columns, rows in _blocks(report, null="-"):
        lines += ["", f"{name.replace('_', ' ').capitalize()} ({len(rows)})"]
        if not rows:
            lines.append("  none")
            continue
        widths = [max(len(text) for text in column) for column in zip(columns, *rows, strict=False)]
        for row in [list(columns), ["-" * width for width in widths], *rows]:
            lines.append("  " + "  ".join(t.ljust(w) for t, w in zip(row, widths, strict=True)))
    return "\n".join(line.rstrip() for line in lines) + "\n"
