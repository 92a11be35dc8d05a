"""The report read from the database equals the report read from the folder:
every spec example, imported, gives its expected JSON through the database loader."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from supervisiondesk.people.tests.factories import OrganisationFactory
from supervisiondesk.supervision.folder_sync import folder_import, folder_read

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[3] / "spec" / "examples"


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
def test_database_report_matches_the_spec_example(example: str, capsys) -> None:
    meta = json.loads((EXAMPLES / example / "meta.json").read_text())
    dataset = folder_read(EXAMPLES / example / "data")
    country = dataset.staff[0].country
    org = OrganisationFactory(name=example, country=country, policy=meta["policy"])
    folder_import(dataset=dataset, organisation=org, today=date(2026, 11, 23))
    for as_of in meta["as_of"]:
        expected = json.loads((EXAMPLES / example / "expected" / f"{as_of}.json").read_text())
        call_command("compliance", "--organisation", example, "--as-of", as_of, "--format", "json")
        assert json.loads(capsys.readouterr().out) == expected, as_of


def test_compliance_command_explains_bad_input(tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "compliance",
            "--policy",
            "no-such-policy",
            "--data",
            str(EXAMPLES / "01-month-end" / "data"),
            "--as-of",
            "2026-02-27",
        )
    assert exit_.value.code == 1
    assert "no-such-policy" in capsys.readouterr().err
