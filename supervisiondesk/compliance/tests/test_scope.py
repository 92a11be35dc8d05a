"""A report for some staff: the entries that involve them, read without scanning everyone."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from supervisiondesk.compliance.engine import Index, compliance_report
from supervisiondesk.compliance.engine.report import empty_report
from supervisiondesk.compliance.folder import read_folder
from supervisiondesk.compliance.tests.test_spec_examples import EXAMPLES
from supervisiondesk.policies.policy import load_policy


def examples() -> list[tuple[str, str, str]]:
    found = []
    for folder in sorted(p for p in EXAMPLES.iterdir() if p.is_dir()):
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        found.append((folder.name, meta["policy"], meta["as_of"][-1]))
    return found


def involving(report: dict[str, Any], index: Index, staff: set[str]) -> dict[str, Any]:
    """The full report cut down by hand to what involves `staff`."""

    def session_involves(session_id: str) -> bool:
        session = index.sessions[session_id]
        return session.supervisor_id in staff or bool(staff & set(session.supervisee_ids))

    cut = {
        "individual": [e for e in report["individual"] if e["staff_id"] in staff],
        "group": [e for e in report["group"] if e["staff_id"] in staff],
        "cases": [e for e in report["cases"] if e["worker_id"] in staff],
        "records": [e for e in report["records"] if session_involves(e["session_id"])],
        "case_records": [e for e in report["case_records"] if session_involves(e["session_id"])],
        "rearranging": [e for e in report["rearranging"] if session_involves(e["session_id"])],
    }
    for section in ("agreements", "balance"):
        cut[section] = [
            e for e in report[section] if {e["supervisee_id"], e["supervisor_id"]} & staff
        ]
    return cut


@pytest.mark.parametrize(("example", "policy", "as_of"), examples())
def test_a_report_for_each_staff_member_is_the_full_report_cut_down(
    example: str, policy: str, as_of: str
) -> None:
    index = Index(read_folder(EXAMPLES / example / "data"))
    chosen, day = load_policy(policy), date.fromisoformat(as_of)
    full = compliance_report(index, chosen, day)
    for staff_id in index.staff:
        scoped = compliance_report(index, chosen, day, staff_ids={staff_id})
        expected = involving(full, index, {staff_id})
        assert {k: scoped[k] for k in expected} == expected, staff_id
        assert all(e in full["supervisors"] for e in scoped["supervisors"])
        # A supervisor is listed in their own report.
        mine = [e for e in full["supervisors"] if e["staff_id"] == staff_id]
        assert all(e in scoped["supervisors"] for e in mine)


class NoScan(dict):
    """A dictionary that answers look-ups but refuses to be read whole."""

    def _refuse(self, *args: object) -> None:
        raise AssertionError("a scoped report scanned a whole table")

    __iter__ = keys = values = items = __len__ = _refuse  # type: ignore[assignment]


def test_a_scoped_report_reads_only_the_rows_of_its_staff() -> None:
    folder = EXAMPLES / "r01-random" / "data"
    index = Index(read_folder(folder))
    expected = compliance_report(
        index, load_policy("southwark-2021"), date(2026, 5, 24), staff_ids={"w01", "m2"}
    )
    for name, value in vars(index).items():
        if isinstance(value, dict):
            setattr(index, name, NoScan(value))
    index.dataset = None  # type: ignore[assignment]
    scoped = compliance_report(
        index, load_policy("southwark-2021"), date(2026, 5, 24), staff_ids={"w01", "m2"}
    )
    assert scoped == expected
    assert scoped["individual"] and scoped["records"]


def test_unknown_staff_ids_give_an_empty_report() -> None:
    index = Index(read_folder(EXAMPLES / "01-month-end" / "data"))
    report = compliance_report(
        index, load_policy("southwark-2021"), date(2026, 3, 1), staff_ids={"nobody"}
    )
    assert all(report[k] == [] for k in report if isinstance(report[k], list))
    # `empty_report` (the API's answer to a caller who oversees no one) is
    # exactly this: the same keys in the same order, nothing counted.
    assert empty_report(date(2026, 3, 1), report["policy"]) == report
    assert list(empty_report(date(2026, 3, 1), "x")) == list(report)
