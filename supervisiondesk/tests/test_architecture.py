"""docs/architecture.md names every app, and every app keeps the same layout."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
NO_TABLES = {"accounts", "compliance"}  # roles are groups; the report is computed, not stored
# The engine and the policy loader run without Django (the command line on a
# data folder needs no settings, database or environment).
PURE = [
    "compliance/engine",
    "compliance/dataset.py",
    "compliance/folder.py",
    "compliance/cli.py",
    "compliance/render.py",
    "compliance/intervals.py",
    "compliance/workdays.py",
    "compliance/countries.py",
    "compliance/vocabulary.py",
    "policies/policy.py",
    "policies/validation.py",
    "quality/arithmetic.py",
    "integrations/primero",
    "reports/indicators.py",
    "reports/charts.py",
    "reports/capacity.py",
    "reports/capacity_figures.py",
    "reports/capacity_chart.py",
    "reports/drift.py",
    "reports/benchmarks.py",
    "reports/benchmark_chart.py",
    "notifications/reminders.py",
    "jobs/schedule.py",
]


def our_apps() -> list[str]:
    return [
        a.name.split(".")[-1]
        for a in apps.get_app_configs()
        if a.name.startswith("supervisiondesk.")
    ]


def test_the_architecture_map_names_every_app_and_pure_package() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text()
    table = set(re.findall(r"^\| `(\w+)` \|", text, flags=re.MULTILINE))
    assert set(our_apps()) <= table
    for name in table:
        assert (ROOT / "supervisiondesk" / name).is_dir(), (
            f"the map names {name}, which is not there"
        )


def has_module(folder: Path, name: str) -> bool:
    """`name.py`, or a package `name/` once the module has been split."""
    return (folder / f"{name}.py").exists() or (folder / name / "__init__.py").exists()


def test_every_app_has_the_standard_modules() -> None:
    for name in our_apps():
        folder = ROOT / "supervisiondesk" / name
        for module in ["models", "apps"]:
            if name in NO_TABLES and module == "models":
                continue
            assert has_module(folder, module), f"{name} has no {module}"
        # Pages come as a pair.
        assert has_module(folder, "views") == has_module(folder, "urls"), name
        assert (folder / "tests").is_dir(), f"{name} has no tests/"


def test_the_engine_and_the_policy_loader_import_no_django() -> None:
    for name in PURE:
        path = ROOT / "supervisiondesk" / name
        for module in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            tree = ast.parse(module.read_text())
            imported = [
                alias.name
                for node in ast.walk(tree)
                if isinstance(node, ast.Import)
                for alias in node.names
            ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
            bad = [
                m
                for m in imported
                if m.split(".")[0] in ("django", "rest_framework")
                or m.startswith(("supervisiondesk.people", "supervisiondesk.supervision"))
                or m.endswith((".models", ".views", ".selectors", ".services"))
            ]
            assert not bad, f"{module.relative_to(ROOT)} imports {bad}"
