"""Properties of the report on random small organisations (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supervisiondesk.compliance import vocabulary
from supervisiondesk.compliance.dataset import (
    Absence,
    CaseDiscussion,
    CasePeriod,
    CategoryPeriod,
    Dataset,
    Relationship,
    Session,
    Staff,
    Team,
)
from supervisiondesk.compliance.engine import compliance_report
from supervisiondesk.policies.policy import list_presets, load_policy

FIRST_DAY = date(2025, 6, 1)
LAST_DAY = date(2026, 9, 30)
WORKERS = ("w1", "w2", "w3")
MANAGERS = ("m1", "m2")
CASES = ("c1", "c2", "c3")
STATUS_RANK = {"ok": 0, "due": 1, "overdue": 2, "absent": 3}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

days = st.integers(min_value=0, max_value=(LAST_DAY - FIRST_DAY).days).map(
    lambda n: FIRST_DAY + timedelta(days=n)
)


@st.composite
def date_range(draw: st.DrawFn, open_end: bool = True) -> tuple[date, date | None]:
    first = draw(days)
    if open_end and draw(st.booleans()):
        return first, None
    return first, first + timedelta(days=draw(st.integers(min_value=0, max_value=300)))


@st.composite
def categories_of(draw: st.DrawFn, staff_id: str) -> list[CategoryPeriod]:
    """One to three category rows that never overlap, sometimes with gaps."""
    rows, start = [], FIRST_DAY - timedelta(days=draw(st.integers(0, 200)))
    for _ in range(draw(st.integers(1, 3))):
        length = draw(st.integers(min_value=10, max_value=250))
        category = draw(st.sampled_from(vocabulary.CATEGORIES))
        rows.append(CategoryPeriod(staff_id, category, start, start + timedelta(days=length)))
        start += timedelta(days=length + 1 + draw(st.sampled_from([0, 0, 20])))
    rows[-1] = replace(rows[-1], end=None) if draw(st.booleans()) else rows[-1]
    return rows


@st.composite
def organisations(draw: st.DrawFn, with_absences: bool = True) -> Dataset:
    data = Dataset()
    data.teams = [Team("t1", draw(st.sampled_from(vocabulary.SERVICE_TYPES)))]
    for staff_id in (*MANAGERS, *WORKERS):
        start = FIRST_DAY - timedelta(days=draw(st.integers(0, 400)))
        end = draw(st.one_of(st.none(), days))
        team = draw(st.sampled_from(["t1", "t2"]))
        data.staff.append(Staff(staff_id, staff_id, team, "GB-ENG", start, end))
        data.categories += draw(categories_of(staff_id))
    for worker in WORKERS:
        for _ in range(draw(st.integers(0, 2))):
            first, last = draw(date_range())
            kind = draw(st.sampled_from(vocabulary.RELATIONSHIP_KINDS))
            data.relationships.append(
                Relationship(worker, draw(st.sampled_from(MANAGERS)), kind, first, last)
            )
        if with_absences and draw(st.booleans()):
            first, last = draw(date_range(open_end=False))
            data.absences.append(Absence(worker, first, last or first))
    for n in range(draw(st.integers(0, 12))):
        data.sessions.append(draw(sessions(f"s{n:02d}")))
    for case_id in CASES:
        start = FIRST_DAY - timedelta(days=draw(st.integers(0, 100)))
        for _ in range(draw(st.integers(1, 3))):
            length = draw(st.integers(5, 200))
            data.case_periods.append(
                CasePeriod(
                    case_id,
                    draw(st.sampled_from(WORKERS)),
                    draw(st.sampled_from(vocabulary.CASE_TYPES)),
                    draw(st.sampled_from(vocabulary.RISKS)),
                    start,
                    start + timedelta(days=length),
                )
            )
            start += timedelta(days=length + 1 + draw(st.sampled_from([0, 0, 30])))
    for session in data.sessions:
        for case_id in draw(st.sets(st.sampled_from(CASES), max_size=2)):
            data.case_discussions.append(CaseDiscussion(session.session_id, case_id))
    return data


@st.composite
def sessions(draw: st.DrawFn, session_id: str) -> Session:
    return Session(
        session_id,
        draw(st.sampled_from(vocabulary.SESSION_KINDS)),
        draw(st.sampled_from(["held", "held", "cancelled", "planned"])),
        draw(days),
        draw(st.sampled_from([None, 30, 90])),
        draw(st.sampled_from(MANAGERS)),
        tuple(draw(st.sets(st.sampled_from(WORKERS), min_size=1, max_size=2))),
    )


def requirements(report: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    found = {("individual", e["staff_id"]): e for e in report["individual"]}
    found |= {("group", e["staff_id"]): e for e in report["group"]}
    found |= {("case", e["case_id"]): e for e in report["cases"]}
    return found


def qualifying_session(data: Dataset, day: date, kind: str, attendees: tuple[str, ...]) -> Session:
    """A held session whose supervisor supervises every attendee on `day`, where
    one does: the best chance of counting."""
    supervisor = next(
        (r.supervisor_id for r in data.relationships if r.supervisee_id in attendees),
        MANAGERS[0],
    )
    return Session("zz-added", kind, "held", day, 90, supervisor, attendees)


@SETTINGS
@given(
    organisations(with_absences=False),
    days,
    days,
    st.sampled_from(list_presets()),
    st.sampled_from(["individual_formal", "group"]),
    st.sets(st.sampled_from(WORKERS), min_size=1),
    st.sets(st.sampled_from(CASES)),
)
def test_a_held_session_never_makes_anything_more_overdue(
    data, as_of, day, preset, kind, attendees, cases
) -> None:
    policy = load_policy(preset)
    before = requirements(compliance_report(data, policy, as_of))
    added = qualifying_session(data, day, kind, tuple(sorted(attendees)))
    data.sessions.append(added)
    data.case_discussions += [CaseDiscussion(added.session_id, case_id) for case_id in cases]
    after = requirements(compliance_report(data, policy, as_of))
    assert after.keys() == before.keys()  # sessions never decide whether a requirement exists
    for key, old in before.items():
        new = after[key]
        assert new["days_overdue"] <= old["days_overdue"], key
        assert STATUS_RANK[new["status"]] <= STATUS_RANK[old["status"]], key
        assert new["overdue_after"] >= old["overdue_after"], key


@SETTINGS
@given(organisations(), days, st.sampled_from(list_presets()))
def test_status_agrees_with_the_dates(data, as_of, preset) -> None:
    report = compliance_report(data, load_policy(preset), as_of)
    absent = {a.staff_id for a in data.absences if a.start <= as_of <= a.end}
    for (section, owner), entry in requirements(report).items():
        last = entry["last"] and date.fromisoformat(entry["last"])
        next_due = date.fromisoformat(entry["next_due"])
        overdue_after = date.fromisoformat(entry["overdue_after"])
        assert last is None or last <= as_of
        assert next_due <= overdue_after
        if section != "case" and owner in absent:
            expected = "absent"
        elif as_of > overdue_after:
            expected = "overdue"
        elif as_of >= next_due:
            expected = "due"
        else:
            expected = "ok"
        assert entry["status"] == expected
        overdue_days = (as_of - overdue_after).days if expected == "overdue" else 0
        assert entry["days_overdue"] == overdue_days
    summary = report["summary"]
    assert summary["individual_overdue"] == sum(
        e["status"] == "overdue" for e in report["individual"]
    )
    assert summary["cases_overdue"] == sum(e["status"] == "overdue" for e in report["cases"])


@SETTINGS
@given(organisations(), days, st.sampled_from(list_presets()))
def test_lists_are_sorted_by_their_ids(data, as_of, preset) -> None:
    report = compliance_report(data, load_policy(preset), as_of)
    ids = {
        "individual": ("staff_id",),
        "group": ("staff_id",),
        "cases": ("case_id",),
        "records": ("session_id",),
        "case_records": ("session_id", "case_id"),
        "rearranging": ("session_id",),
        "agreements": ("supervisee_id", "supervisor_id"),
        "supervisors": ("staff_id",),
        "balance": ("supervisee_id", "supervisor_id"),
    }
    for section, keys in ids.items():
        found = [tuple(e[k] for k in keys) for e in report[section]]
        assert found == sorted(set(found)), section


def in_post(data: Dataset, staff_id: str, day: date) -> bool:
    staff = next(s for s in data.staff if s.staff_id == staff_id)
    return staff.start_date <= day and (staff.end_date is None or day <= staff.end_date)


@SETTINGS
@given(organisations(), days, st.sampled_from(list_presets()))
def test_supervision_on_as_of_puts_everyone_supervised_in_time(data, as_of, preset) -> None:
    policy = load_policy(preset)
    active = [
        r
        for r in data.relationships
        if r.kind in policy.relationships_that_count
        and r.start <= as_of
        and (r.end is None or as_of <= r.end)
        and in_post(data, r.supervisee_id, as_of)
        and in_post(data, r.supervisor_id, as_of)
    ]
    for n, relationship in enumerate(active):
        data.sessions.append(
            Session(
                f"zz{n}",
                "individual_formal",
                "held",
                as_of,
                90,
                relationship.supervisor_id,
                (relationship.supervisee_id,),
            )
        )
    report = compliance_report(data, policy, as_of)
    supervised = {r.supervisee_id for r in active}
    assert {e["staff_id"] for e in report["individual"]} <= supervised
    for entry in report["individual"]:
        assert entry["last"] == as_of.isoformat()
        assert entry["status"] in ("ok", "absent")
