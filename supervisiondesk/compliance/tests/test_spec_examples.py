"""Every worked example of the spec, on every as-of date, exactly (parsed JSON).

The examples are read from ../shared/spec/examples beside the repository when
it is there (the source of truth), else from the vendored copy in spec/.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from supervisiondesk.compliance.cli import run

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared" / "spec" / "examples"
VENDORED = ROOT / "spec" / "examples"
EXAMPLES = SHARED if SHARED.is_dir() else VENDORED


def cases() -> list[tuple[str, str, str]]:
    found = []
    for folder in sorted(p for p in EXAMPLES.iterdir() if p.is_dir()):
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        found += [(folder.name, meta["policy"], as_of) for as_of in meta["as_of"]]
    return found


@pytest.mark.parametrize(("example", "policy", "as_of"), cases())
def test_the_report_is_the_expected_one(example: str, policy: str, as_of: str) -> None:
    folder = EXAMPLES / example
    argv = ["compliance", "--policy", policy, "--data", str(folder / "data"), "--as-of", as_of]
    out, err = io.StringIO(), io.StringIO()
    assert run([*argv, "--format", "json"], out, err) == 0, err.getvalue()
    expected = json.loads((folder / "expected" / f"{as_of}.json").read_text(encoding="utf-8"))
    assert json.loads(out.getvalue()) == expected


def test_there_are_examples_to_run() -> None:
    assert len(cases()) >= 21


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared/spec beside the repository")
def test_the_vendored_spec_is_the_shared_one() -> None:
    shared_spec, vendored_spec = SHARED.parent, VENDORED.parent
    stale = [
        str(path.relative_to(shared_spec))
        for path in shared_spec.rglob("*")
        if path.is_file()
        and (
            not (vendored_spec / path.relative_to(shared_spec)).is_file()
            or (vendored_spec / path.relative_to(shared_spec)).read_bytes() != path.read_bytes()
        )
    ]
    extra = [
        str(path.relative_to(vendored_spec))
        for path in vendored_spec.rglob("*")
        if path.is_file() and not (shared_spec / path.relative_to(vendored_spec)).exists()
    ]
    assert stale == [] and extra == [], "spec/ differs from ../shared/spec: copy it again"
