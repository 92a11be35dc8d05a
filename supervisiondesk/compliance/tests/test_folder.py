"""The data folder reader: every kind of bad input named by file, line and column."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from supervisiondesk.compliance.folder import (
    FolderError,
    Problem,
    canonical,
    read_folder,
    write_folder,
)
from supervisiondesk.compliance.tests.test_spec_examples import EXAMPLES

SESSIONS_HEADER = (
    "session_id,kind,status,date,duration_minutes,supervisor_id,supervisee_ids,"
    "recorded_on,supervisor_signed_on,supervisee_signed_on,shared_on,functions\n"
)
GOOD = {
    "staff.csv": "staff_id,name,team,country,start_date,end_date\n"
    "m1,Mina,t1,UG,2025-01-06,\nw1,Wale,t1,UG,2025-01-06,\n",
    "categories.csv": "staff_id,category,from,to\n"
    "m1,manager,2025-01-06,\nw1,caseworker,2025-01-06,\n",
    "relationships.csv": "supervisee_id,supervisor_id,kind,from,to\nw1,m1,line,2025-01-06,\n",
    "teams.csv": "team,service\nt1,cin\n",
    "sessions.csv": SESSIONS_HEADER
    + "s1,individual_formal,held,2026-03-02,60,m1,w1,2026-03-02,,,,administrative;supportive\n",
    "case_periods.csv": "case_id,worker_id,case_type,risk,from,to\n"
    "c1,w1,general,high,2025-02-01,\n",
    "case_discussions.csv": "session_id,case_id,recorded_on\ns1,c1,\n",
    "agreements.csv": "supervisee_id,supervisor_id,signed_on,reviewed_on\nw1,m1,2025-01-10,\n",
    "absences.csv": "staff_id,from,to\nw1,2025-03-01,2025-03-10\n",
}


def folder(tmp_path: Path, **changes: str | None) -> Path:
    """The good folder with some files replaced (None: left out)."""
    files = {**GOOD, **{k.replace("_csv", ".csv"): v for k, v in changes.items()}}
    for name, text in files.items():
        if text is not None:
            (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def problems(tmp_path: Path, **changes: str | None) -> list[str]:
    with pytest.raises(FolderError) as error:
        read_folder(folder(tmp_path, **changes))
    return [p.message for p in error.value.problems]


def with_row(name: str, row: str) -> dict[str, str]:
    return {name.replace(".csv", "_csv"): GOOD[name] + row + "\n"}


def replaced(name: str, old: str, new: str) -> dict[str, str]:
    assert old in GOOD[name]
    return {name.replace(".csv", "_csv"): GOOD[name].replace(old, new, 1)}


def test_a_good_folder_reads_with_lines_and_lists(tmp_path) -> None:
    data = read_folder(folder(tmp_path))
    assert [s.staff_id for s in data.staff] == ["m1", "w1"]
    session = data.sessions[0]
    assert session.functions == ("administrative", "supportive")
    assert session.supervisee_ids == ("w1",) and session.duration_minutes == 60
    assert session.line == 2 and data.case_discussions[0].recorded_on is None
    assert data.teams[0].service == "cin" and data.absences[0].line == 2


BAD_INPUT = [
    # the header
    (
        replaced("staff.csv", "end_date", "end_date,nick"),
        "staff.csv line 1: unknown column 'nick'",
    ),
    (replaced("staff.csv", ",team", ""), "staff.csv line 1: column 'team' is missing"),
    (replaced("staff.csv", "name,team", "name,name,team"), "staff.csv line 1: column 'name' twice"),
    (with_row("staff.csv", "w2,Short,t1"), "staff.csv line 4: 3 values for 6 columns"),
    # values
    (
        replaced("sessions.csv", "2026-03-02,60", "2026-13-01,60"),
        "sessions.csv line 2: date '2026-13-01' is not a date",
    ),
    (
        replaced("sessions.csv", "2026-03-02,60", "20260302,60"),
        "sessions.csv line 2: date '20260302' is not a date",
    ),
    (
        replaced("sessions.csv", "2026-03-02,60", "02/03/2026,60"),
        "sessions.csv line 2: date '02/03/2026' is not a date",
    ),
    (
        replaced("sessions.csv", ",60,", ",an hour,"),
        "sessions.csv line 2: duration_minutes 'an hour' is not a whole number of minutes",
    ),
    (
        replaced("sessions.csv", ",60,", ",-5,"),
        "sessions.csv line 2: duration_minutes '-5' is not a whole number of minutes",
    ),
    (
        replaced("sessions.csv", "held", "done"),
        "sessions.csv line 2: status 'done' is not one of planned, held, cancelled, postponed",
    ),
    (
        replaced("sessions.csv", "individual_formal", "formal"),
        "sessions.csv line 2: kind 'formal' is not one of individual_formal, "
        "individual_informal, group, peer",
    ),
    (
        replaced("sessions.csv", "supportive", "fun"),
        "sessions.csv line 2: functions 'fun' is not one of managerial, development, support, "
        "mediation, administrative, educational, supportive",
    ),
    (
        replaced("relationships.csv", "line", "friend"),
        "relationships.csv line 2: kind 'friend' is not one of line, professional, external",
    ),
    (
        replaced("case_periods.csv", "high", "medium"),
        "case_periods.csv line 2: risk 'medium' is not one of high, standard",
    ),
    (
        replaced("case_periods.csv", "general", "adoption"),
        "case_periods.csv line 2: case_type 'adoption' is not one of feh, assessment, cin, cp, "
        "cla, care_leaver, foster_carer, yos, clinical, qa, general",
    ),
    (
        replaced("categories.csv", "caseworker", "intern"),
        "categories.csv line 3: category 'intern' is not one of asye, newly_qualified, "
        "induction, qualified, performance_plan, manager, support_staff, residential, "
        "caseworker, other",
    ),
    (
        replaced("teams.csv", "cin", "adoption"),
        "teams.csv line 2: service 'adoption' is not one of feh, assessment, cin, cp, cla, "
        "care_leaver, fostering, foster_carer, yos, clinical, qa, general",
    ),
    (
        replaced("staff.csv", "m1,Mina,t1,UG", "m1,Mina,t1,XX"),
        "staff.csv line 2: country 'XX' is not a country code with public holidays "
        "(e.g. GB-ENG, CO, UG)",
    ),
    (
        replaced("staff.csv", "m1,Mina,t1,UG", "m1,Mina,t1,GB-XXX"),
        "staff.csv line 2: country 'GB-XXX' is not a country code with public holidays "
        "(e.g. GB-ENG, CO, UG)",
    ),
    (replaced("staff.csv", "m1,Mina,t1", "m1,,t1"), "staff.csv line 2: name is empty"),
    (
        replaced("absences.csv", "2025-03-10", ""),
        "absences.csv line 2: to is empty",
    ),
    # an end before its start
    (
        with_row("categories.csv", "w1,qualified,2026-01-01,2025-12-31"),
        "categories.csv line 4: to '2025-12-31' is before from '2026-01-01'",
    ),
    (
        replaced("staff.csv", "w1,Wale,t1,UG,2025-01-06,", "w1,Wale,t1,UG,2025-01-06,2024-12-31"),
        "staff.csv line 3: end_date '2024-12-31' is before start_date '2025-01-06'",
    ),
    (
        replaced("absences.csv", "2025-03-10", "2025-02-10"),
        "absences.csv line 2: to '2025-02-10' is before from '2025-03-01'",
    ),
    (
        replaced("agreements.csv", "2025-01-10,", "2025-01-10,2025-01-09"),
        "agreements.csv line 2: reviewed_on '2025-01-09' is before signed_on '2025-01-10'",
    ),
    # ids that refer to nobody
    (
        with_row("categories.csv", "zz,qualified,2026-01-01,"),
        "categories.csv line 4: staff_id 'zz' is not in staff.csv",
    ),
    (
        replaced("relationships.csv", "w1,m1", "w1,m9"),
        "relationships.csv line 2: supervisor_id 'm9' is not in staff.csv",
    ),
    (
        replaced("relationships.csv", "w1,m1", "w9,m1"),
        "relationships.csv line 2: supervisee_id 'w9' is not in staff.csv",
    ),
    (
        replaced("sessions.csv", ",m1,w1,", ",m1,w1;zz,"),
        "sessions.csv line 2: supervisee_ids 'zz' is not in staff.csv",
    ),
    (
        replaced("sessions.csv", ",m1,w1,", ",m7,w1,"),
        "sessions.csv line 2: supervisor_id 'm7' is not in staff.csv",
    ),
    (
        replaced("case_periods.csv", "c1,w1", "c1,w5"),
        "case_periods.csv line 2: worker_id 'w5' is not in staff.csv",
    ),
    (
        replaced("case_discussions.csv", "s1,c1", "s9,c1"),
        "case_discussions.csv line 2: session_id 's9' is not in sessions.csv",
    ),
    (
        replaced("case_discussions.csv", "s1,c1", "s1,c9"),
        "case_discussions.csv line 2: case_id 'c9' is not in case_periods.csv",
    ),
    (
        replaced("agreements.csv", ",m1,", ",m2,"),
        "agreements.csv line 2: supervisor_id 'm2' is not in staff.csv",
    ),
    (
        replaced("absences.csv", "w1,", "w4,"),
        "absences.csv line 2: staff_id 'w4' is not in staff.csv",
    ),
    # duplicate ids
    (
        with_row("staff.csv", "w1,Again,t1,UG,2025-01-06,"),
        "staff.csv line 4: staff_id 'w1' is already on line 3",
    ),
    (
        with_row("sessions.csv", "s1,peer,held,2026-03-03,,m1,w1,,,,,"),
        "sessions.csv line 3: session_id 's1' is already on line 2",
    ),
    (with_row("teams.csv", "t1,feh"), "teams.csv line 3: team 't1' is already on line 2"),
    (
        with_row("case_discussions.csv", "s1,c1,"),
        "case_discussions.csv line 3: case_id 'c1' is already discussed in session 's1' on line 2",
    ),
    # overlaps, both lines in ascending order
    (
        with_row("categories.csv", "w1,qualified,2026-01-01,"),
        "categories.csv lines 3 and 4: w1's categories overlap",
    ),
    (
        {
            "categories_csv": "staff_id,category,from,to\nm1,manager,2025-01-06,\n"
            "w1,qualified,2026-01-01,2026-06-30\nw1,caseworker,2025-01-06,2026-01-01\n"
        },
        "categories.csv lines 3 and 4: w1's categories overlap",
    ),
    (
        with_row("case_periods.csv", "c1,m1,general,high,2025-12-01,"),
        "case_periods.csv lines 2 and 3: c1's periods overlap",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), BAD_INPUT)
def test_each_kind_of_bad_input_is_named_exactly(tmp_path, changes: dict, expected: str) -> None:
    assert problems(tmp_path, **changes) == [expected]


def test_every_pair_of_overlapping_rows_is_named(tmp_path) -> None:
    text = (
        "case_id,worker_id,case_type,risk,from,to\n"
        "c1,w1,cin,high,2025-01-01,2025-12-31\n"
        "c1,w1,cin,high,2025-03-01,2025-03-31\n"
        "c1,w1,cin,high,2025-06-01,2025-06-30\n"
    )
    assert problems(tmp_path, case_periods_csv=text) == [
        "case_periods.csv lines 2 and 3: c1's periods overlap",
        "case_periods.csv lines 2 and 4: c1's periods overlap",
    ]


def test_absences_and_relationships_may_overlap(tmp_path) -> None:
    data = read_folder(
        folder(
            tmp_path,
            absences_csv="staff_id,from,to\nw1,2026-03-12,2026-03-20\nw1,2026-03-18,2026-03-30\n",
            relationships_csv="supervisee_id,supervisor_id,kind,from,to\n"
            "w1,m1,line,2025-01-06,\nw1,m1,line,2025-06-01,2025-12-31\n",
        )
    )
    assert len(data.absences) == 2 and len(data.relationships) == 2


def test_rows_of_one_category_that_follow_each_other_are_not_an_overlap(tmp_path) -> None:
    text = (
        "staff_id,category,from,to\nm1,manager,2025-01-06,\n"
        "w1,asye,2026-01-05,2026-03-31\nw1,asye,2026-04-01,\n"
    )
    assert len(read_folder(folder(tmp_path, categories_csv=text)).categories) == 3


def test_every_problem_is_reported_not_just_the_first(tmp_path) -> None:
    bad_sessions = GOOD["sessions.csv"] + "s2,peer,held,2026-02-30,x,m1,w1,,,,,\n"
    bad_staff = GOOD["staff.csv"] + "w1,Again,t1,UG,2025-01-06,\n"
    found = problems(tmp_path, sessions_csv=bad_sessions, staff_csv=bad_staff)
    assert found == [
        "sessions.csv line 3: date '2026-02-30' is not a date",
        "sessions.csv line 3: duration_minutes 'x' is not a whole number of minutes",
        "staff.csv line 4: staff_id 'w1' is already on line 3",
    ]


def test_references_to_a_file_with_problems_are_not_checked(tmp_path) -> None:
    # The row of w1 is bad: the rows that name w1 are not also reported.
    found = problems(
        tmp_path, **replaced("staff.csv", "w1,Wale,t1,UG,2025-01-06", "w1,Wale,t1,UG,soon")
    )
    assert found == ["staff.csv line 3: start_date 'soon' is not a date"]


def test_missing_folder_and_missing_staff_file(tmp_path) -> None:
    with pytest.raises(FolderError, match="no such folder"):
        read_folder(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FolderError, match=r"staff\.csv: the file is missing"):
        read_folder(tmp_path / "empty")


def test_a_folder_with_only_staff_is_readable(tmp_path) -> None:
    (tmp_path / "staff.csv").write_text(GOOD["staff.csv"], encoding="utf-8")
    (tmp_path / "notes.txt").write_text("other files are ignored", encoding="utf-8")
    data = read_folder(tmp_path)
    assert len(data.staff) == 2 and data.sessions == [] and data.teams == []


def test_optional_columns_may_be_left_out_of_the_header(tmp_path) -> None:
    data = read_folder(
        folder(
            tmp_path,
            staff_csv="staff_id,name,team,country,start_date\nm1,M,t1,UG,2025-01-06\n"
            "w1,W,t1,UG,2025-01-06\n",
            categories_csv="staff_id,category,from\nm1,manager,2025-01-06\nw1,caseworker,2025-01-06\n",
            agreements_csv="supervisee_id,supervisor_id,signed_on\nw1,m1,2025-01-10\n",
        )
    )
    assert data.staff[0].end_date is None and data.agreements[0].reviewed_on is None


def test_bom_crlf_quoted_values_and_blank_lines_are_read_as_an_editor_would(tmp_path) -> None:
    text = (
        "\ufeffstaff_id,name,team,country,start_date\r\n"
        '"m1","Mina, ""the boss""",t1,UG,2025-01-06\r\n'
        "\r\n"
        "w1,Wale,t1,UG,2025-99-01\r\n"
    )
    assert problems(tmp_path, staff_csv=text) == [
        "staff.csv line 4: start_date '2025-99-01' is not a date"
    ]


def test_a_file_that_is_not_utf8(tmp_path) -> None:
    folder(tmp_path)
    text = GOOD["staff.csv"].replace("Mina", "Zoë")
    (tmp_path / "staff.csv").write_bytes(text.encode("latin-1"))
    with pytest.raises(FolderError, match=r"^staff\.csv: not UTF-8 text"):
        read_folder(tmp_path)


def test_the_message_lists_twenty_problems_then_counts_the_rest() -> None:
    many = [Problem("x.csv", n, "c", f"x.csv line {n}: bad") for n in range(2, 27)]
    lines = str(FolderError(many)).splitlines()
    assert len(lines) == 21
    assert lines[0] == "x.csv line 2: bad" and lines[-1] == "... and 5 more problems"


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
def test_write_then_read_gives_the_same_data_and_the_same_bytes(tmp_path, example: str) -> None:
    data = read_folder(EXAMPLES / example / "data")
    write_folder(data, tmp_path / "a")
    again = read_folder(tmp_path / "a")
    assert again == canonical(data)
    write_folder(again, tmp_path / "b")
    for file in (tmp_path / "a").iterdir():
        assert file.read_bytes() == (tmp_path / "b" / file.name).read_bytes()


def test_the_same_rows_in_any_order_give_the_same_bytes(tmp_path) -> None:
    data = read_folder(EXAMPLES / "r01-random" / "data")
    write_folder(data, tmp_path / "a")
    for name in data.__slots__:
        random.Random(1).shuffle(getattr(data, name))
    write_folder(data, tmp_path / "b")
    for file in (tmp_path / "a").iterdir():
        assert file.read_bytes() == (tmp_path / "b" / file.name).read_bytes()
