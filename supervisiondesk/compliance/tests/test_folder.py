"""The data folder reader: every kind of bad input named by file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from supervisiondesk.compliance.folder import FolderError, read_folder, write_folder

EXAMPLES = Path(__file__).resolve().parents[3] / "spec" / "examples"

GOOD = {
    "staff.csv": "staff_id,name,team,country,start_date,end_date\n"
    "m1,Mina,t1,UG,2025-01-06,\nw1,Wale,t1,UG,2025-01-06,\n",
    "categories.csv": "staff_id,category,from,to\n"
    "m1,manager,2025-01-06,\nw1,caseworker,2025-01-06,\n",
    "relationships.csv": "supervisee_id,supervisor_id,kind,from,to\nw1,m1,line,2025-01-06,\n",
    "sessions.csv": "session_id,kind,status,date,duration_minutes,supervisor_id,supervisee_ids,"
    "recorded_on,supervisor_signed_on,supervisee_signed_on,shared_on,functions\n"
    "s1,individual_formal,held,2026-03-02,60,m1,w1,2026-03-02,,,,administrative;supportive\n",
    "case_periods.csv": "case_id,worker_id,case_type,risk,from,to\n"
    "c1,w1,general,high,2025-02-01,\n",
    "case_discussions.csv": "session_id,case_id,recorded_on\ns1,c1,\n",
    "agreements.csv": "supervisee_id,supervisor_id,signed_on,reviewed_on\nw1,m1,2025-01-10,\n",
}


def folder(tmp_path: Path, **changes: str) -> Path:
    for name, text in {
        **GOOD,
        **{k.replace("_csv", ".csv"): v for k, v in changes.items()},
    }.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def problems(tmp_path: Path, **changes: str) -> list[str]:
    with pytest.raises(FolderError) as error:
        read_folder(folder(tmp_path, **changes))
    return [p.message for p in error.value.problems]


def test_a_good_folder_reads_with_lines_and_lists(tmp_path) -> None:
    data = read_folder(folder(tmp_path))
    assert [s.staff_id for s in data.staff] == ["m1", "w1"]
    session = data.sessions[0]
    assert session.functions == ("administrative", "supportive")
    assert session.supervisee_ids == ("w1",) and session.duration_minutes == 60
    assert session.line == 2 and data.case_discussions[0].recorded_on is None
    assert data.absences == [] and data.teams == []  # optional files left out


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"staff_csv": GOOD["staff.csv"].replace("end_date", "end_date,nick")},
            "staff.csv line 1: unknown column 'nick'",
        ),
        (
            {"staff_csv": GOOD["staff.csv"].replace(",team", "")},
            "staff.csv line 1: column 'team' is missing",
        ),
        (
            {"sessions_csv": GOOD["sessions.csv"].replace("2026-03-02,60", "2026-13-01,60")},
            "sessions.csv line 2: date '2026-13-01' is not a date",
        ),
        (
            {"sessions_csv": GOOD["sessions.csv"].replace(",60,", ",an hour,")},
            "sessions.csv line 2: duration_minutes 'an hour' is not a whole number of minutes",
        ),
        (
            {"sessions_csv": GOOD["sessions.csv"].replace("held", "done")},
            "sessions.csv line 2: status 'done' is not one of planned, held, cancelled, postponed",
        ),
        (
            {"sessions_csv": GOOD["sessions.csv"].replace("supportive", "fun")},
            "sessions.csv line 2: functions 'administrative;fun' is not one of",
        ),
        (
            {"staff_csv": GOOD["staff.csv"].replace("m1,Mina,t1,UG", "m1,Mina,t1,XX")},
            "staff.csv line 2: country 'XX' is not a country code",
        ),
        (
            {"staff_csv": GOOD["staff.csv"].replace("m1,Mina,t1", "m1,,t1")},
            "staff.csv line 2: name is empty",
        ),
        (
            {"categories_csv": GOOD["categories.csv"] + "w1,qualified,2026-01-01,2025-12-31\n"},
            "categories.csv line 4: to '2025-12-31' is before from '2026-01-01'",
        ),
        (
            {"categories_csv": GOOD["categories.csv"] + "w1,qualified,2026-01-01,\n"},
            "categories.csv lines 3 and 4: w1's categories overlap",
        ),
        (
            {"case_periods_csv": GOOD["case_periods.csv"] + "c1,m1,general,high,2025-12-01,\n"},
            "case_periods.csv lines 2 and 3: c1's periods overlap",
        ),
        (
            {"case_discussions_csv": "session_id,case_id,recorded_on\ns9,c1,\n"},
            "case_discussions.csv line 2: session_id 's9' is not in sessions.csv",
        ),
        (
            {"case_discussions_csv": "session_id,case_id,recorded_on\ns1,c1,\ns1,c1,\n"},
            "case_discussions.csv line 3: case_id 's1;c1' is already on line 2",
        ),
        (
            {"sessions_csv": GOOD["sessions.csv"].replace(",m1,w1,", ",m1,w1;zz,")},
            "sessions.csv line 2: supervisee_ids 'zz' is not in staff.csv",
        ),
        (
            {"staff_csv": GOOD["staff.csv"] + "w1,Again,t1,UG,2025-01-06,\n"},
            "staff.csv line 4: staff_id 'w1' is already on line 3",
        ),
        (
            {"agreements_csv": GOOD["agreements.csv"].replace(",m1,", ",m2,")},
            "agreements.csv line 2: supervisor_id 'm2' is not in staff.csv",
        ),
        (
            {"staff_csv": GOOD["staff.csv"] + "w2,Short,t1\n"},
            "staff.csv line 4: 3 values for 6 columns",
        ),
    ],
)
def test_each_kind_of_bad_input_is_named(tmp_path, changes: dict, expected: str) -> None:
    found = problems(tmp_path, **changes)
    assert any(message.startswith(expected) for message in found), found


def test_every_problem_is_reported_not_just_the_first(tmp_path) -> None:
    bad = GOOD["sessions.csv"] + "s2,peer,held,2026-02-30,x,m1,w1,,,,,\n"
    found = problems(tmp_path, sessions_csv=bad)
    assert found == [
        "sessions.csv line 3: date '2026-02-30' is not a date",
        "sessions.csv line 3: duration_minutes 'x' is not a whole number of minutes",
    ]


def test_missing_folder_and_missing_staff_file(tmp_path) -> None:
    with pytest.raises(FolderError, match="no such folder"):
        read_folder(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FolderError, match=r"staff\.csv: the file is missing"):
        read_folder(tmp_path / "empty")


def test_bom_crlf_quoted_values_and_blank_lines_are_read_as_an_editor_would(tmp_path) -> None:
    text = (
        "\ufeffstaff_id,name,team,country,start_date\r\n"
        '"m1","Mina, ""the boss""",t1,UG,2025-01-06\r\n'
        "\r\n"
        "w1,Wale,t1,UG,2025-99-01\r\n"
    )
    found = problems(tmp_path, staff_csv=text)
    assert found == ["staff.csv line 4: start_date '2025-99-01' is not a date"]


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
def test_write_then_read_gives_the_same_data_and_the_same_bytes(tmp_path, example: str) -> None:
    data = read_folder(EXAMPLES / example / "data")
    write_folder(data, tmp_path / "a")
    again = read_folder(tmp_path / "a")
    for part in [
        "staff",
        "categories",
        "relationships",
        "teams",
        "sessions",
        "case_periods",
        "case_discussions",
        "agreements",
        "absences",
    ]:
        assert sorted(map(repr, getattr(again, part))) == sorted(map(repr, getattr(data, part)))
    write_folder(again, tmp_path / "b")
    for file in (tmp_path / "a").iterdir():
        assert file.read_bytes() == (tmp_path / "b" / file.name).read_bytes()
