"""import_folder / export_folder: all or nothing, idempotent, exact round trip."""

from __future__ import annotations

import filecmp
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from supervisiondesk.compliance.folder import read_folder
from supervisiondesk.people import models
from supervisiondesk.people.tests.factories import OrganisationFactory
from supervisiondesk.supervision.folder_sync import folder_import, folder_read

pytestmark = pytest.mark.django_db
SPEC_EXAMPLES = Path(__file__).resolve().parents[3] / "spec" / "examples"

BASE = {
    "staff.csv": """staff_id,name,team,country,start_date,end_date
m1,Mina Manager,north,GB-ENG,2024-01-01,
w1,Wale Worker,north,GB-ENG,2025-01-06,
w2,Wen Worker,south,GB-ENG,2025-03-03,2026-06-30
""",
    "categories.csv": """staff_id,category,from,to
m1,manager,2024-01-01,
w1,asye,2025-01-06,2025-12-31
w1,qualified,2026-01-01,
w2,induction,2025-03-03,
""",
    "relationships.csv": """supervisee_id,supervisor_id,kind,from,to
w1,m1,line,2025-01-06,
w2,m1,line,2025-03-03,2026-06-30
""",
    "teams.csv": """team,service
north,cp
south,feh
""",
    "case_periods.csv": """case_id,worker_id,case_type,risk,from,to
c1,w1,cp,high,2025-02-01,
c2,w1,cin,standard,2025-02-01,2025-08-31
c2,w2,cin,high,2025-09-01,
""",
    "absences.csv": """staff_id,from,to
w1,2026-03-01,2026-03-20
w1,2026-03-15,2026-04-01
""",
}


def make_folder(path: Path, changes: dict[str, str] | None = None) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, text in {**BASE, **(changes or {})}.items():
        (path / name).write_text(text, encoding="utf-8")
    return path


def snapshot() -> dict[str, list]:
    """Every people row with its id, to show that nothing changed."""
    return {
        model.__name__: sorted(map(tuple, model.objects.values_list()))
        for model in [
            models.Organisation,
            models.Service,
            models.Team,
            models.StaffMember,
            models.TeamMembership,
            models.CategoryPeriod,
            models.SupervisoryRelationship,
            models.Absence,
            models.Case,
            models.CasePeriod,
        ]
    }


def test_import_creates_everything_and_a_second_import_changes_nothing(tmp_path) -> None:
    folder = make_folder(tmp_path / "in")
    call_command("import_folder", folder, "--organisation", "Riverside", "--no-progress")
    org = models.Organisation.objects.get(name="Riverside")
    assert org.country == "GB-ENG"
    assert models.StaffMember.objects.filter(organisation=org).count() == 3
    assert models.CategoryPeriod.objects.count() == 4
    assert models.CasePeriod.objects.count() == 3
    assert models.Absence.objects.count() == 2
    north = models.Team.objects.get(code="north")
    assert north.service.service_type == "cp"
    w2 = models.StaffMember.objects.get(staff_id="w2")
    assert w2.end_date == date(2026, 6, 30)
    assert w2.memberships.get().end_date == date(2026, 6, 30)

    before = snapshot()
    summary = folder_import(dataset=folder_read(folder), organisation=org, today=date(2026, 11, 23))
    assert summary.changes == 0
    assert snapshot() == before


def test_changed_rows_are_updated_in_place_and_dropped_rows_deleted(tmp_path) -> None:
    call_command(
        "import_folder", make_folder(tmp_path / "a"), "--organisation", "R", "--no-progress"
    )
    org = models.Organisation.objects.get()
    qualified = models.CategoryPeriod.objects.get(staff__staff_id="w1", category="qualified")
    changed = make_folder(
        tmp_path / "b",
        {
            "categories.csv": BASE["categories.csv"].replace(
                "w1,qualified,2026-01-01,", "w1,qualified,2026-01-01,2026-12-31"
            ),
            "absences.csv": "staff_id,from,to\nw1,2026-03-01,2026-03-20\n",
        },
    )
    summary = folder_import(
        dataset=folder_read(changed), organisation=org, today=date(2026, 11, 23)
    )
    assert summary.updated["category periods"] == 1 and summary.deleted["absences"] == 1
    assert summary.changes == 2
    qualified_after = models.CategoryPeriod.objects.get(pk=qualified.pk)
    assert qualified_after.end_date == date(2026, 12, 31)
    assert models.Absence.objects.count() == 1


def test_a_team_move_keeps_the_team_history(tmp_path) -> None:
    call_command(
        "import_folder", make_folder(tmp_path / "a"), "--organisation", "R", "--no-progress"
    )
    org = models.Organisation.objects.get()
    moved = make_folder(
        tmp_path / "b",
        {"staff.csv": BASE["staff.csv"].replace("w1,Wale Worker,north", "w1,Wale Worker,south")},
    )
    folder_import(dataset=folder_read(moved), organisation=org, today=date(2026, 11, 23))
    history = list(
        models.TeamMembership.objects.filter(staff__staff_id="w1")
        .order_by("start_date")
        .values_list("team__code", "start_date", "end_date")
    )
    assert history == [
        ("north", date(2025, 1, 6), date(2026, 11, 22)),
        ("south", date(2026, 11, 23), None),
    ]
    # The same folder again is no change: the latest team is already south.
    again = folder_import(dataset=folder_read(moved), organisation=org, today=date(2026, 11, 24))
    assert again.changes == 0


def test_export_then_import_round_trips_exactly(tmp_path) -> None:
    call_command(
        "import_folder", make_folder(tmp_path / "in"), "--organisation", "R", "--no-progress"
    )
    first = tmp_path / "first"
    call_command("export_folder", first, "--on", "2026-11-23")
    assert read_folder(first).staff == read_folder(tmp_path / "in").staff

    call_command("import_folder", first, "--organisation", "Copy", "--no-progress")
    second = tmp_path / "second"
    call_command("export_folder", second, "--organisation", "Copy", "--on", "2026-11-23")
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    same, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert mismatch == [] and errors == [] and same == names


@pytest.mark.parametrize("example", sorted(p.name for p in SPEC_EXAMPLES.iterdir() if p.is_dir()))
def test_every_spec_example_imports_and_round_trips(tmp_path, example: str) -> None:
    source = SPEC_EXAMPLES / example / "data"
    org = OrganisationFactory(name=example)
    folder_import(dataset=folder_read(source), organisation=org, today=date(2026, 11, 23))
    out = tmp_path / "out"
    call_command("export_folder", out, "--organisation", example, "--on", "2026-11-23")
    original, exported = read_folder(source), read_folder(out)
    parts = ["staff", "categories", "relationships", "case_periods", "absences", "sessions"]
    for part in [*parts, "case_discussions", "agreements"]:
        assert sorted(map(repr, getattr(exported, part))) == sorted(
            map(repr, getattr(original, part))
        ), part
    assert folder_import(dataset=exported, organisation=org, today=date(2026, 11, 23)).changes == 0


# Each bad folder: the change, then what the message must name.
BAD = {
    "unknown column": (
        {"staff.csv": BASE["staff.csv"].replace("end_date\n", "end_date,nickname\n", 1)},
        ["staff.csv", "nickname"],
    ),
    "bad date": (
        {
            "categories.csv": BASE["categories.csv"].replace(
                "w2,induction,2025-03-03", "w2,induction,2025-13-03"
            )
        },
        ["categories.csv line 5", "from", "'2025-13-03'"],
    ),
    "end before start": (
        {
            "relationships.csv": BASE["relationships.csv"].replace(
                "2025-03-03,2026-06-30", "2025-03-03,2025-02-28"
            )
        },
        ["relationships.csv line 3", "to"],
    ),
    "unknown staff id": (
        {"relationships.csv": BASE["relationships.csv"].replace("w2,m1,line", "w2,nobody,line")},
        ["relationships.csv line 3", "supervisor_id", "'nobody'"],
    ),
    "overlapping category": (
        {"categories.csv": BASE["categories.csv"] + "w1,performance_plan,2026-05-01,2026-07-31\n"},
        ["categories.csv", "lines 4 and 6"],
    ),
    "duplicate id": (
        {"staff.csv": BASE["staff.csv"] + "w1,Another Wale,north,GB-ENG,2025-01-06,\n"},
        ["staff.csv line 5", "staff_id", "'w1'"],
    ),
    "self supervision": (
        {"relationships.csv": BASE["relationships.csv"] + "m1,m1,professional,2025-01-01,\n"},
        ["relationships.csv line 4", "supervisor_id", "themselves"],
    ),
    "two line supervisors at once": (
        {"relationships.csv": BASE["relationships.csv"] + "w1,w2,line,2025-06-01,2025-06-30\n"},
        ["relationships.csv lines 2 and 4"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_folders_are_refused_by_file_line_and_column_leaving_nothing(tmp_path, case) -> None:
    call_command(
        "import_folder", make_folder(tmp_path / "good"), "--organisation", "R", "--no-progress"
    )
    before = snapshot()
    changes, must_name = BAD[case]
    bad = make_folder(tmp_path / "bad", changes)
    # Something else in the same folder changes too, so a half-import would show.
    (bad / "absences.csv").write_text("staff_id,from,to\nm1,2026-01-05,2026-01-09\n")
    with pytest.raises(CommandError) as error:
        call_command("import_folder", bad, "--organisation", "R", "--no-progress")
    for piece in must_name:
        assert piece in str(error.value), (piece, str(error.value))
    assert snapshot() == before
    # A new organisation is not half-created either.
    with pytest.raises(CommandError):
        call_command("import_folder", bad, "--organisation", "Brand new", "--no-progress")
    assert snapshot() == before


def test_a_missing_folder_and_an_ambiguous_organisation_are_explained(tmp_path) -> None:
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("import_folder", tmp_path / "nowhere", "--no-progress")
    OrganisationFactory()
    OrganisationFactory()
    with pytest.raises(CommandError, match="--organisation"):
        call_command("import_folder", make_folder(tmp_path / "f"), "--no-progress")
    shutil.rmtree(tmp_path / "f")
