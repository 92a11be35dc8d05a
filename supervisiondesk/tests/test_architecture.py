"""docs/architecture.md names every app, and every app keeps the same layout."""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
PURE = {"compliance", "policies"}  # plain Python packages, no Django app


def our_apps() -> list[str]:
    return [
        a.name.split(".")[-1]
        for a in apps.get_app_configs()
        if a.name.startswith("supervisiondesk.")
    ]


def test_the_architecture_map_names_every_app_and_pure_package() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text()
    table = set(re.findall(r"^\| `(\w+)` \|", text, flags=re.MULTILINE))
    assert set(our_apps()) | PURE <= table
    for name in table:
        assert (ROOT / "supervisiondesk" / name).is_dir(), (
            f"the map names {name}, which is not there"
        )


def test_every_app_has_the_standard_modules() -> None:
    for name in our_apps():
        folder = ROOT / "supervisiondesk" / name
        for module in ["models.py", "apps.py"]:
            if name == "accounts" and module == "models.py":
                continue  # roles are Django's groups; accounts has no tables of its own
            assert (folder / module).exists(), f"{name} has no {module}"
        # Pages come as a pair (supervision gets its pages with issue 4).
        assert (folder / "views.py").exists() == (folder / "urls.py").exists(), name
        assert (folder / "tests").is_dir(), f"{name} has no tests/"
