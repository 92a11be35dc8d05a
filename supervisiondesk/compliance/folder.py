"""The data folder (compliance.md section 6): read it, check it whole, write it.

Pure Python (no Django), so `compliance --data DIR` needs no database. Every
problem is named by file, line (the header is line 1) and column, in the
spec's form: `sessions.csv line 14: date '2026-13-01' is not a date`.
A folder is read whole and every problem reported, not just the first.

Only `staff.csv` must be there: any other file left out means none of its
rows (a folder of staff alone is readable); files the spec does not name are
ignored. `write_folder` writes rows in a fixed order, so the same rows give
the same bytes and `read_folder(write_folder(ds)) == canonical(ds)`.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from supervisiondesk.compliance import vocabulary
from supervisiondesk.compliance.collector import without_collector
from supervisiondesk.compliance.countries import is_known_country
from supervisiondesk.compliance.dataset import (
    Absence,
    Agreement,
    CaseDiscussion,
    CasePeriod,
    CategoryPeriod,
    Dataset,
    Relationship,
    Session,
    Staff,
    Team,
)

MAX_SHOWN = 20


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: str
    message: str  # the whole sentence, file and line included

    def __str__(self) -> str:
        return self.message


class FolderError(Exception):
    """A data folder that cannot be used, with every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))
        super().__init__(str(self))

    def __str__(self) -> str:
        shown = [p.message for p in self.problems[:MAX_SHOWN]]
        if len(self.problems) > MAX_SHOWN:
            shown.append(f"... and {len(self.problems) - MAX_SHOWN} more problems")
        return "\n".join(shown)


# ------------------------------------------------------------------ values


class _Bad(ValueError):
    """A value that does not parse; the message follows "column 'value' ".

    `part` names the bad item of a list cell (`functions 'fun' is not...`).
    """

    def __init__(self, message: str, part: str | None = None) -> None:
        super().__init__(message)
        self.part = part


def _date(text: str) -> date:
    # ISO YYYY-MM-DD only: fromisoformat alone would accept 20260101.
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise _Bad("is not a date")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _Bad("is not a date") from None


def _whole_number(text: str) -> int:
    if not (text.isascii() and text.isdigit()):
        raise _Bad("is not a whole number of minutes")
    return int(text)


def _word(words: tuple[str, ...]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in words:
            raise _Bad(f"is not one of {', '.join(words)}")
        return text

    return parse


def _words(words: tuple[str, ...]) -> Callable[[str], tuple[str, ...]]:
    def parse(text: str) -> tuple[str, ...]:
        for part in _split(text):
            if part not in words:
                raise _Bad(f"is not one of {', '.join(words)}", part)
        return tuple(_split(text))

    return parse


def _ids(text: str) -> tuple[str, ...]:
    return tuple(_split(text))


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _country(text: str) -> str:
    if not is_known_country(text):
        raise _Bad("is not a country code with public holidays (e.g. GB-ENG, CO, UG)")
    return text


def _text(text: str) -> str:
    return text


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[str], Any] = _text
    required: bool = True  # a value must be given
    optional_column: bool = False  # the header may leave it out


@dataclass(frozen=True)
class FileSpec:
    name: str
    columns: tuple[Column, ...]
    build: Callable[..., Any]
    required_file: bool = False


def _period(*first: Column) -> tuple[Column, ...]:
    return (*first, Column("from", _date), Column("to", _date, False, True))


FILES: tuple[FileSpec, ...] = (
    FileSpec(
        "staff.csv",
        (
            Column("staff_id"),
            Column("name"),
            Column("team"),
            Column("country", _country),
            Column("start_date", _date),
            Column("end_date", _date, False, True),
        ),
        lambda v, line: Staff(
            v["staff_id"],
            v["name"],
            v["team"],
            v["country"],
            v["start_date"],
            v["end_date"],
            line,
        ),
        required_file=True,
    ),
    FileSpec(
        "categories.csv",
        _period(Column("staff_id"), Column("category", _word(vocabulary.CATEGORIES))),
        lambda v, line: CategoryPeriod(v["staff_id"], v["category"], v["from"], v["to"], line),
    ),
    FileSpec(
        "relationships.csv",
        _period(
            Column("supervisee_id"),
            Column("supervisor_id"),
            Column("kind", _word(vocabulary.RELATIONSHIP_KINDS)),
        ),
        lambda v, line: Relationship(
            v["supervisee_id"], v["supervisor_id"], v["kind"], v["from"], v["to"], line
        ),
    ),
    FileSpec(
        "teams.csv",
        (Column("team"), Column("service", _word(vocabulary.SERVICE_TYPES))),
        lambda v, line: Team(v["team"], v["service"], line),
    ),
    FileSpec(
        "sessions.csv",
        (
            Column("session_id"),
            Column("kind", _word(vocabulary.SESSION_KINDS)),
            Column("status", _word(vocabulary.SESSION_STATUSES)),
            Column("date", _date),
            Column("duration_minutes", _whole_number, False),
            Column("supervisor_id"),
            Column("supervisee_ids", _ids),
            Column("recorded_on", _date, False),
            Column("supervisor_signed_on", _date, False),
            Column("supervisee_signed_on", _date, False),
            Column("shared_on", _date, False),
            Column("functions", _words(vocabulary.FUNCTIONS), False),
        ),
        lambda v, line: Session(
            v["session_id"],
            v["kind"],
            v["status"],
            v["date"],
            v["duration_minutes"],
            v["supervisor_id"],
            v["supervisee_ids"],
            v["recorded_on"],
            v["supervisor_signed_on"],
            v["supervisee_signed_on"],
            v["shared_on"],
            v["functions"] or (),
            line,
        ),
    ),
    FileSpec(
        "case_periods.csv",
        _period(
            Column("case_id"),
            Column("worker_id"),
            Column("case_type", _word(vocabulary.CASE_TYPES)),
            Column("risk", _word(vocabulary.RISKS)),
        ),
        lambda v, line: CasePeriod(
            v["case_id"], v["worker_id"], v["case_type"], v["risk"], v["from"], v["to"], line
        ),
    ),
    FileSpec(
        "case_discussions.csv",
        (Column("session_id"), Column("case_id"), Column("recorded_on", _date, False)),
        lambda v, line: CaseDiscussion(v["session_id"], v["case_id"], v["recorded_on"], line),
    ),
    FileSpec(
        "agreements.csv",
        (
            Column("supervisee_id"),
            Column("supervisor_id"),
            Column("signed_on", _date),
            Column("reviewed_on", _date, False, True),
        ),
        lambda v, line: Agreement(
            v["supervisee_id"], v["supervisor_id"], v["signed_on"], v["reviewed_on"], line
        ),
    ),
    FileSpec(
        "absences.csv",
        (Column("staff_id"), Column("from", _date), Column("to", _date)),
        lambda v, line: Absence(v["staff_id"], v["from"], v["to"], line),
    ),
)
_DATASET_FIELD = {
    "staff.csv": "staff",
    "categories.csv": "categories",
    "relationships.csv": "relationships",
    "teams.csv": "teams",
    "sessions.csv": "sessions",
    "case_periods.csv": "case_periods",
    "case_discussions.csv": "case_discussions",
    "agreements.csv": "agreements",
    "absences.csv": "absences",
}


# ------------------------------------------------------------------ reading


@without_collector
def read_folder(path: Path | str) -> Dataset:
    """Read and check a data folder; raise `FolderError` naming every problem."""
    folder = Path(path)
    if not folder.is_dir():
        raise FolderError([Problem("", 0, "", f"{folder}: no such folder")])
    problems: list[Problem] = []
    dataset = Dataset()
    clean: set[str] = set()  # files read without a problem: safe to check references to
    for spec in FILES:
        file = folder / spec.name
        if not file.exists():
            if spec.required_file:
                problems.append(Problem(spec.name, 0, "", f"{spec.name}: the file is missing"))
            else:
                clean.add(spec.name)
            continue
        before = len(problems)
        rows = list(_read_file(file, spec, problems))
        setattr(dataset, _DATASET_FIELD[spec.name], rows)
        if len(problems) == before:
            clean.add(spec.name)
    problems.extend(_cross_checks(dataset, clean))
    if problems:
        raise FolderError(problems)
    return dataset


def _read_file(file: Path, spec: FileSpec, problems: list[Problem]) -> Iterator[Any]:
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(Problem(spec.name, 0, "", f"{spec.name}: not UTF-8 text ({error.reason})"))
        return
    yield from _read_text(text, spec, problems)


def _read_text(text: str, spec: FileSpec, problems: list[Problem]) -> Iterator[Any]:
    name = spec.name
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        problems.append(Problem(name, 1, "", f"{name} line 1: the header row is missing"))
        return
    header = [h.strip() for h in header]
    known = {c.name: c for c in spec.columns}
    bad_header = False
    for column in header:
        if column not in known:
            problems.append(Problem(name, 1, column, f"{name} line 1: unknown column '{column}'"))
            bad_header = True
    for column in spec.columns:
        if column.name not in header and not column.optional_column:
            problems.append(
                Problem(name, 1, column.name, f"{name} line 1: column '{column.name}' is missing")
            )
            bad_header = True
    seen: set[str] = set()
    for column in header:
        if column in seen:
            problems.append(Problem(name, 1, column, f"{name} line 1: column '{column}' twice"))
            bad_header = True
        seen.add(column)
    if bad_header:
        return
    line = 1
    for cells in reader:
        line = reader.line_num  # counts the lines of quoted values, as an editor does
        if not cells or all(not c.strip() for c in cells):
            continue  # a blank line is not a row
        if len(cells) != len(header):
            problems.append(
                Problem(
                    name,
                    line,
                    "",
                    f"{name} line {line}: {len(cells)} values for {len(header)} columns",
                )
            )
            continue
        raw = dict(zip(header, (c.strip() for c in cells), strict=True))
        row = _parse_row(spec, raw, line, f"{name} line {line}", problems)
        if row is not None:
            yield row


def _parse_row(
    spec: FileSpec, raw: dict[str, str], line: int, where: str, problems: list[Problem]
) -> Any | None:
    """One row's values by the file's columns; None (and problems) when one is bad."""
    values, ok = {}, True
    for column in spec.columns:
        text = raw.get(column.name, "")
        if text == "":
            if column.required:
                problems.append(
                    Problem(spec.name, line, column.name, f"{where}: {column.name} is empty")
                )
                ok = False
            values[column.name] = None
            continue
        try:
            values[column.name] = column.parse(text)
        except _Bad as error:
            problems.append(
                Problem(
                    spec.name,
                    line,
                    column.name,
                    f"{where}: {column.name} '{error.part or text}' {error}",
                )
            )
            ok = False
    return spec.build(values, line) if ok else None


def read_case_periods(data: bytes | list[Any]) -> list[CasePeriod]:
    """A caseload from any case system: `case_periods.csv` of the data folder
    (bytes, UTF-8), or the same rows as JSON objects with the same keys.
    FolderError names every problem by line (CSV) or item (JSON, from 1),
    including the folder's own checks: `to` before `from`, a case's periods
    overlapping."""
    spec = next(s for s in FILES if s.name == "case_periods.csv")
    problems: list[Problem] = []
    if isinstance(data, list):
        rows = list(_json_rows(data, spec, problems))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise FolderError(
                [Problem(spec.name, 0, "", f"{spec.name}: not UTF-8 text ({error.reason})")]
            ) from None
        rows = list(_read_text(text, spec, problems))
    clean = set() if problems else {spec.name}
    checks = _cross_checks(Dataset(case_periods=rows), clean)
    if isinstance(data, list):
        # The checks speak of a file's lines; JSON has items.
        checks = [
            replace(
                p,
                message=p.message.replace(f"{spec.name} lines", "items", 1).replace(
                    f"{spec.name} line", "item", 1
                ),
            )
            for p in checks
        ]
    problems += checks
    if problems:
        raise FolderError(problems)
    return rows


def _json_rows(items: list[Any], spec: FileSpec, problems: list[Problem]) -> Iterator[Any]:
    known = {c.name for c in spec.columns}
    for index, item in enumerate(items, start=1):
        where = f"item {index}"
        if not isinstance(item, dict):
            problems.append(Problem(spec.name, index, "", f"{where}: not an object"))
            continue
        unknown = sorted(set(item) - known)
        if unknown:
            problems.append(
                Problem(spec.name, index, unknown[0], f"{where}: unknown key '{unknown[0]}'")
            )
            continue
        if any(not isinstance(v, str | None) for v in item.values()):
            bad = next(k for k, v in item.items() if not isinstance(v, str | None))
            problems.append(Problem(spec.name, index, bad, f"{where}: {bad} must be a string"))
            continue
        raw = {k: (v or "").strip() for k, v in item.items()}
        row = _parse_row(spec, raw, index, where, problems)
        if row is not None:
            yield row


# ------------------------------------------------------------------ checking


def _cross_checks(ds: Dataset, clean: set[str]) -> list[Problem]:
    """Checks across rows and files. References are checked only to a file
    read without problems: a row dropped for a bad date is not "nobody"."""
    problems: list[Problem] = []

    def add(file: str, line: int, column: str, text: str) -> None:
        problems.append(Problem(file, line, column, f"{file} line {line}: {column} {text}"))

    def unique(file: str, column: str, rows: Iterable[Any], key: Callable[[Any], str]) -> None:
        first: dict[str, int] = {}
        for row in rows:
            k = key(row)
            if k in first:
                add(file, row.line, column, f"'{k}' is already on line {first[k]}")
            else:
                first[k] = row.line

    unique("staff.csv", "staff_id", ds.staff, lambda r: r.staff_id)
    unique("teams.csv", "team", ds.teams, lambda r: r.team)
    unique("sessions.csv", "session_id", ds.sessions, lambda r: r.session_id)
    discussed: dict[tuple[str, str], int] = {}
    for row in ds.case_discussions:
        key = (row.session_id, row.case_id)
        if key in discussed:
            add(
                "case_discussions.csv",
                row.line,
                "case_id",
                f"'{row.case_id}' is already discussed in session '{row.session_id}' "
                f"on line {discussed[key]}",
            )
        else:
            discussed[key] = row.line

    pools = {
        "staff.csv": {s.staff_id for s in ds.staff},
        "sessions.csv": {s.session_id for s in ds.sessions},
        "case_periods.csv": {c.case_id for c in ds.case_periods},
    }

    def known(file: str, rows: Iterable[Any], column: str, where: str) -> None:
        if where not in clean:
            return
        for row in rows:
            value = getattr(row, column)
            for one in value if isinstance(value, tuple) else (value,):
                if one not in pools[where]:
                    add(file, row.line, column, f"'{one}' is not in {where}")

    known("categories.csv", ds.categories, "staff_id", "staff.csv")
    known("relationships.csv", ds.relationships, "supervisee_id", "staff.csv")
    known("relationships.csv", ds.relationships, "supervisor_id", "staff.csv")
    known("sessions.csv", ds.sessions, "supervisor_id", "staff.csv")
    known("sessions.csv", ds.sessions, "supervisee_ids", "staff.csv")
    known("case_periods.csv", ds.case_periods, "worker_id", "staff.csv")
    known("case_discussions.csv", ds.case_discussions, "session_id", "sessions.csv")
    known("case_discussions.csv", ds.case_discussions, "case_id", "case_periods.csv")
    known("agreements.csv", ds.agreements, "supervisee_id", "staff.csv")
    known("agreements.csv", ds.agreements, "supervisor_id", "staff.csv")
    known("absences.csv", ds.absences, "staff_id", "staff.csv")

    for s in ds.sessions:
        if not s.supervisee_ids:
            add("sessions.csv", s.line, "supervisee_ids", "is empty")

    def ordered(file: str, rows: Iterable[Any], start: str, end: str, names=("from", "to")) -> None:
        for row in rows:
            a, b = getattr(row, start), getattr(row, end)
            if a is not None and b is not None and b < a:
                add(file, row.line, names[1], f"'{b}' is before {names[0]} '{a}'")

    ordered("staff.csv", ds.staff, "start_date", "end_date", ("start_date", "end_date"))
    ordered("categories.csv", ds.categories, "start", "end")
    ordered("relationships.csv", ds.relationships, "start", "end")
    ordered("case_periods.csv", ds.case_periods, "start", "end")
    ordered("absences.csv", ds.absences, "start", "end")
    ordered(
        "agreements.csv", ds.agreements, "signed_on", "reviewed_on", ("signed_on", "reviewed_on")
    )

    def well_ordered(row: Any) -> bool:
        return row.end is None or row.end >= row.start

    categories = [r for r in ds.categories if well_ordered(r)]
    periods = [r for r in ds.case_periods if well_ordered(r)]
    problems += _overlaps("categories.csv", categories, lambda r: r.staff_id, "categories")
    problems += _overlaps("case_periods.csv", periods, lambda r: r.case_id, "periods")
    return problems


def _overlaps(file: str, rows: list[Any], owner: Callable[[Any], str], what: str) -> list[Problem]:
    """Every pair of one owner's rows that share a day, named by both lines."""
    by_owner: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_owner[owner(row)].append(row)
    problems = []
    for key, group in by_owner.items():
        group.sort(key=lambda r: (r.start, r.line))
        open_rows: list[Any] = []  # earlier rows still running on the current row's start
        for row in group:
            open_rows = [r for r in open_rows if r.end is None or r.end >= row.start]
            for earlier in open_rows:
                first, second = sorted([earlier.line, row.line])
                problems.append(
                    Problem(
                        file,
                        first,
                        "from",
                        f"{file} lines {first} and {second}: {key}'s {what} overlap",
                    )
                )
            open_rows.append(row)
    return problems


# ------------------------------------------------------------------ writing


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ";".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_ORDER: dict[str, Callable[[Any], tuple]] = {
    "staff.csv": lambda r: (r.staff_id,),
    "categories.csv": lambda r: (r.staff_id, r.start),
    "relationships.csv": lambda r: (r.supervisee_id, r.supervisor_id, r.kind, r.start),
    "teams.csv": lambda r: (r.team,),
    "sessions.csv": lambda r: (r.session_id,),
    "case_periods.csv": lambda r: (r.case_id, r.start),
    "case_discussions.csv": lambda r: (r.session_id, r.case_id),
    "agreements.csv": lambda r: (r.supervisee_id, r.supervisor_id, r.signed_on),
    "absences.csv": lambda r: (r.staff_id, r.start, r.end),
}


def _sorted_rows(spec: FileSpec, rows: Iterable[Any]) -> list[Any]:
    """In the file's order, then by every cell: whatever order the rows came
    in (a database query, a folder), the same rows give the same bytes."""
    order = _ORDER[spec.name]
    return sorted(rows, key=lambda row: (order(row), [_cell(v) for v in _row_values(row)]))


def canonical(dataset: Dataset) -> Dataset:
    """The dataset with its rows in the order `write_folder` writes them, so
    that `read_folder(write_folder(ds)) == canonical(ds)`."""
    return Dataset(
        **{
            field_name: _sorted_rows(spec, getattr(dataset, field_name))
            for spec in FILES
            for field_name in [_DATASET_FIELD[spec.name]]
        }
    )


def write_folder(dataset: Dataset, path: Path | str) -> None:
    """Write every file with its full header, rows in a fixed order, so that
    the same data always gives the same bytes."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    for spec in FILES:
        rows = _sorted_rows(spec, getattr(dataset, _DATASET_FIELD[spec.name]))
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c.name for c in spec.columns])
        for row in rows:
            writer.writerow(_cell(v) for v in _row_values(row))
        (folder / spec.name).write_text(out.getvalue(), encoding="utf-8", newline="")


def _row_values(row: Any) -> list[Any]:
    # Dataclass fields are in column order; `line` is last and is not written.
    return [getattr(row, f) for f in row.__dataclass_fields__ if f != "line"]
