"""The command line report and its three formats."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from supervisiondesk.compliance.cli import run
from supervisiondesk.compliance.tests.test_spec_examples import EXAMPLES, ROOT

DATA = EXAMPLES / "10-ratio-balance" / "data"
ARGS = ["--policy", "interagency-cm-2014", "--data", str(DATA), "--as-of", "2026-02-20"]


def call(*argv: str, tty: bool = False) -> tuple[int, str, str]:
    class Out(io.StringIO):
        def isatty(self) -> bool:
            return tty

    out, err = Out(), io.StringIO()
    status = run(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def expected() -> dict:
    return json.loads((DATA.parent / "expected" / "2026-02-20.json").read_text(encoding="utf-8"))


def test_json_by_default_off_a_terminal_and_table_on_one() -> None:
    status, out, err = call(*ARGS)
    assert (status, err) == (0, "")
    assert json.loads(out) == expected()
    status, out, _err = call(*ARGS, tty=True)
    assert status == 0 and out.startswith("Supervision compliance on 2026-02-20")


def test_the_leading_command_word_is_skipped() -> None:
    assert json.loads(call("compliance", *ARGS)[1]) == expected()


def test_csv_has_one_block_per_list_for_a_spreadsheet() -> None:
    status, out, _err = call(*ARGS, "--format", "csv")
    assert status == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[:2] == [["as_of", "2026-02-20"], ["policy", "interagency-cm-2014"]]
    start = rows.index(["supervisors"])
    assert rows[start + 1 : start + 3] == [
        ["staff_id", "supervisees", "over_ratio"],
        ["sv", "7", "true"],
    ]
    start = rows.index(["balance"])
    assert rows[start + 2] == ["cw1", "sv", "6", ""]
    start = rows.index(["individual"])
    assert rows[start + 4][:3] == ["cw3", "caseworker", ""]  # null is an empty cell
    assert rows[-8:] == [[key, str(value)] for key, value in expected()["summary"].items()]


def test_table_lists_every_section_and_the_summary() -> None:
    status, out, _err = call(*ARGS, "--format", "table")
    assert status == 0
    for title in ["Individual (7)", "Group (0)", "Supervisors (1)", "Balance (2)", "Summary (8)"]:
        assert title in out
    assert "  over_ratio            1\n" in out
    assert "  cw2       caseworker  2026-01-20  2026-01-27  2026-02-03     overdue  17\n" in out
    assert "  cw3       caseworker  -           2025-01-13" in out


def test_a_report_for_some_staff() -> None:
    status, out, _err = call(*ARGS, "--staff", "cw1,cw2")
    report = json.loads(out)
    assert status == 0 and [e["staff_id"] for e in report["individual"]] == ["cw1", "cw2"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--as-of", "2026-13-01"], "argument --as-of: '2026-13-01' is not a date (YYYY-MM-DD)"),
        (["--as-of", "20260101"], "argument --as-of: '20260101' is not a date (YYYY-MM-DD)"),
        (["--format", "xml"], "argument --format: invalid choice: 'xml'"),
    ],
)
def test_a_bad_command_line_exits_2(argv: list[str], message: str) -> None:
    status, out, err = call(*ARGS, *argv)
    assert (status, out) == (2, "")
    assert f"compliance: error: {message}" in err


def test_a_missing_option_exits_2() -> None:
    status, _out, err = call("--policy", "southwark-2021")
    assert status == 2 and "the following arguments are required: --data, --as-of" in err


def test_an_unknown_policy_exits_1() -> None:
    status, _out, err = call("--policy", "southwark-1999", *ARGS[2:])
    assert status == 1
    assert "unknown policy 'southwark-1999': not a preset" in err


def test_a_bad_folder_exits_1_naming_the_file_line_and_column(tmp_path: Path) -> None:
    for file in DATA.iterdir():
        (tmp_path / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    sessions = (tmp_path / "sessions.csv").read_text(encoding="utf-8")
    (tmp_path / "sessions.csv").write_text(
        sessions.replace("2026-01-12,60", "2026-13-01,60", 1), encoding="utf-8"
    )
    status, out, err = call(
        "--policy", "interagency-cm-2014", "--data", str(tmp_path), "--as-of", "2026-02-20"
    )
    assert (status, out) == (1, "")
    assert "  sessions.csv line 3: date '2026-13-01' is not a date\n" in err


def test_a_bad_policy_file_exits_1(tmp_path: Path) -> None:
    file = tmp_path / "ours.yaml"
    file.write_text("id: ours\n", encoding="utf-8")
    status, _out, err = call("--policy", str(file), *ARGS[2:])
    assert status == 1 and f"{file}: title: missing" in err


def test_help() -> None:
    status, out, _err = call("--help")
    assert status == 0 and "--policy" in out and "southwark-2021" in out


def test_runs_as_a_module_with_no_django_and_no_environment() -> None:
    process = subprocess.run(
        [sys.executable, "-m", "supervisiondesk.compliance.cli", "compliance", *ARGS],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert process.returncode == 0, process.stderr
    assert json.loads(process.stdout) == expected()


def test_the_engine_imports_no_django() -> None:
    code = (
        "import sys, io\n"
        "from supervisiondesk.compliance.cli import run\n"
        f"assert run({ARGS!r}, io.StringIO(), sys.stderr) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))\n"
    )
    process = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        check=True,
    )
    assert process.stdout.strip() == "[]"
