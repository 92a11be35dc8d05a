"""Worked examples, one rule at a time: when is supervision due? (compliance.md section 3)

Each expectation is worked out by hand from the spec, in the comment above it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from supervisiondesk.compliance.tests.builders import (
    World,
    dates,
    entry,
    policy_with,
    team_of_two,
)
from supervisiondesk.policies.policy import PolicyTimeline, load_policy

SOUTHWARK, TAMESIDE, INTERAGENCY = "southwark-2021", "tameside-2015", "interagency-cm-2014"


def asye_world(*sessions: str) -> World:
    world = (
        World()
        .person("m1", "2020-01-06", category="manager")
        .person("a1", "2026-01-05", category="asye")
        .supervise("a1", "m1", "2026-01-05")
    )
    for n, day in enumerate(sessions):
        world.session(f"s{n}", day, supervisees="a1")
    return world


@pytest.mark.parametrize(
    ("sessions", "as_of", "expected"),
    [
        # No session yet: weekly from the anchor (the category's and relationship's start).
        ((), "2026-01-05", (None, "2026-01-12", "2026-01-12", "ok")),
        # Week 6 is still weekly (phase 1 lasts until 2026-01-05 + 6w = 2026-02-16).
        (("2026-02-09",), "2026-02-12", ("2026-02-09", "2026-02-16", "2026-02-16", "ok")),
        # The fortnightly phase starting on 02-16 does not push 02-16 back.
        (("2026-02-09",), "2026-02-20", ("2026-02-09", "2026-02-16", "2026-02-16", "overdue")),
        # A session on 02-16 falls in the fortnightly phase.
        (("2026-02-16",), "2026-02-20", ("2026-02-16", "2026-03-02", "2026-03-02", "ok")),
        # Monthly from 2026-07-05 (6m); a session on 07-01 is still under fortnightly.
        (("2026-07-01",), "2026-07-10", ("2026-07-01", "2026-07-15", "2026-07-15", "ok")),
        (("2026-07-06",), "2026-07-10", ("2026-07-06", "2026-08-06", "2026-08-06", "ok")),
    ],
)
def test_asye_phases_count_from_the_categorys_start(sessions, as_of, expected) -> None:
    report = asye_world(*sessions).report(SOUTHWARK, as_of)
    assert dates(entry(report, "individual", staff_id="a1")) == expected


def test_asye_phases_count_from_the_first_of_rows_that_follow_each_other() -> None:
    world = asye_world("2026-02-16")
    # The category is split in two rows with no gap: still one range from 01-05.
    world.data.categories[-1] = replace(
        world.data.categories[-1], end=date.fromisoformat("2026-01-31")
    )
    world.category("a1", "asye", "2026-02-01")
    report = world.report(SOUTHWARK, "2026-02-20")
    assert dates(entry(report, "individual", staff_id="a1"))[1] == "2026-03-02"


def test_tameside_newly_qualified_phases() -> None:
    world = (
        World()
        .person("m1", "2020-01-06", category="manager")
        .person("n1", "2026-01-05", category="newly_qualified")
        .supervise("n1", "m1", "2026-01-05")
        .session("s1", "2026-04-01", supervisees="n1")
        .session("s2", "2027-01-10", supervisees="n1")
    )
    # 04-01 is within the first 3 months (until 04-05): weekly.
    first = world.report(TAMESIDE, "2026-04-03")
    assert dates(entry(first, "individual", staff_id="n1"))[1] == "2026-04-08"
    # 2027-01-10 is after 12 months (2027-01-05): monthly.
    later = world.report(TAMESIDE, "2027-01-12")
    assert dates(entry(later, "individual", staff_id="n1"))[1] == "2027-02-10"


def induction_world() -> World:
    return (
        World()
        .person("m1", "2020-01-06", category="manager")
        .person("n1", "2026-03-02", category="induction")
        .person("n2", "2026-03-02", category="induction")
        .supervise("n1", "m1", "2026-03-02")
        .supervise("n2", "m1", "2026-04-10")
        .session("s1", "2026-03-06", supervisees="n1")
    )


def test_induction_first_session_is_due_within_the_first_week() -> None:
    report = induction_world().report(SOUTHWARK, "2026-03-05")
    # First 7d from the anchor 03-02: due 03-09.
    assert dates(entry(report, "individual", staff_id="n1")) == (
        None,
        "2026-03-09",
        "2026-03-09",
        "ok",
    )
    # After the first session, fortnightly in the first month.
    report = induction_world().report(SOUTHWARK, "2026-03-10")
    assert dates(entry(report, "individual", staff_id="n1"))[:3] == (
        "2026-03-06",
        "2026-03-20",
        "2026-03-20",
    )


def test_induction_first_belongs_to_its_phase() -> None:
    # n2's supervision began 04-10, after the first month (04-02): monthly, no `first`.
    report = induction_world().report(SOUTHWARK, "2026-04-10")
    assert dates(entry(report, "individual", staff_id="n2")) == (
        None,
        "2026-05-10",
        "2026-05-10",
        "ok",
    )


def stricter_world() -> World:
    return (
        World()
        .person("m1", "2020-01-06", category="manager")
        .person("p1", "2025-06-02", category=None)
        .category("p1", "qualified", "2025-06-02", "2026-03-09")
        .category("p1", "performance_plan", "2026-03-10")
        .person("p2", "2025-06-02", category=None)
        .category("p2", "performance_plan", "2025-06-02", "2026-03-04")
        .category("p2", "qualified", "2026-03-05")
        .supervise("p1", "m1", "2025-06-02")
        .supervise("p2", "m1", "2025-06-02")
        .session("s1", "2026-03-01", supervisees="p1")
        .session("s2", "2026-03-01", supervisees="p2")
    )


def test_a_stricter_rule_brings_the_due_dates_forward_from_its_first_day() -> None:
    before = stricter_world().report(SOUTHWARK, "2026-03-09")
    assert dates(entry(before, "individual", staff_id="p1"))[1] == "2026-04-01"  # monthly
    after = stricter_world().report(SOUTHWARK, "2026-03-12")
    # min(03-01 + 1m, 03-10 + 14d) = 03-24
    p1 = entry(after, "individual", staff_id="p1")
    assert (p1["category"], p1["next_due"], p1["overdue_after"]) == (
        "performance_plan",
        "2026-03-24",
        "2026-03-24",
    )


def test_a_looser_rule_changes_nothing() -> None:
    report = stricter_world().report(SOUTHWARK, "2026-03-20")
    # The fortnightly rule in force on 03-01 decides: 03-15, although qualified from 03-05.
    p2 = entry(report, "individual", staff_id="p2")
    assert (p2["category"], p2["next_due"], p2["status"], p2["days_overdue"]) == (
        "qualified",
        "2026-03-15",
        "overdue",
        5,
    )


def test_a_category_with_no_rule_lists_no_requirement_but_keeps_the_run() -> None:
    # Tameside has no rule for `asye`: w1 is asye until 02-28, then qualified.
    world = team_of_two(category=None).category("w1", "asye", "2025-01-06", "2026-02-28")
    world.category("w1", "qualified", "2026-03-01").session("s1", "2026-02-10")
    assert world.report(TAMESIDE, "2026-02-20")["individual"] == []
    # The session on 02-10 still counts: the run of supervised days is unbroken.
    # No rule on 02-10; only the change on 03-01 counts: 03-01 + 1m.
    report = world.report(TAMESIDE, "2026-03-05")
    assert dates(entry(report, "individual", staff_id="w1")) == (
        "2026-02-10",
        "2026-04-01",
        "2026-04-01",
        "ok",
    )


def test_only_held_formal_sessions_on_or_before_as_of_count() -> None:
    world = team_of_two()
    world.session("s1", "2026-01-05")
    world.session("s2", "2026-02-02", status="planned")
    world.session("s3", "2026-02-03", status="cancelled")
    world.session("s4", "2026-02-04", kind="individual_informal")
    world.session("s5", "2026-02-05", kind="peer")
    world.session("s6", "2026-02-20")  # after as_of
    report = world.report(SOUTHWARK, "2026-02-10")
    assert dates(entry(report, "individual", staff_id="w1")) == (
        "2026-01-05",
        "2026-02-05",
        "2026-02-05",
        "overdue",
    )


def test_a_session_counts_only_with_a_supervisor_of_a_counting_relationship() -> None:
    # m2 is not w1's supervisor: its session does not count.
    world = team_of_two().person("m2", "2020-01-06", category="manager")
    world.session("s1", "2026-01-05").session("s2", "2026-02-02", supervisor_id="m2")
    report = world.report(SOUTHWARK, "2026-02-10")
    assert entry(report, "individual", staff_id="w1")["last"] == "2026-01-05"


def external_world() -> World:
    return (
        World()
        .person("sv", "2023-01-02", category="manager", country="UG")
        .person("ext", "2023-01-02", category="other", country="UG")
        .person("c1", category="caseworker", country="UG")
        .person("c2", category="caseworker", country="UG")
        .supervise("c1", "sv")
        .supervise("c1", "ext", kind="external")
        .supervise("c2", "ext", kind="external")
        .session("s1", "2026-03-02", supervisor_id="sv", supervisees="c1")
        .session("s2", "2026-03-10", supervisor_id="ext", supervisees="c1")
    )


def test_external_supervisors_count_only_under_interagency() -> None:
    southwark = external_world().report(SOUTHWARK, "2026-03-20")
    assert entry(southwark, "individual", staff_id="c1")["last"] == "2026-03-02"
    # c2 has only an external supervisor: nothing is due under Southwark.
    assert [e["staff_id"] for e in southwark["individual"]] == ["c1"]
    interagency = external_world().report(INTERAGENCY, "2026-03-20")
    assert dates(entry(interagency, "individual", staff_id="c1")) == (
        "2026-03-10",
        "2026-03-17",
        "2026-03-24",
        "due",
    )
    assert [e["staff_id"] for e in interagency["individual"]] == ["c1", "c2"]


def test_a_fresh_start_after_a_gap_in_supervision() -> None:
    world = (
        World()
        .person("m1", "2020-01-06", category="manager")
        .person("m2", "2020-01-06", category="manager")
        .person("w1")
        .person("w2")
        .supervise("w1", "m1", "2025-01-06", "2026-01-31")
        .supervise("w1", "m2", "2026-03-02")
        .supervise("w2", "m1", "2025-01-06", "2026-01-31")
        .supervise("w2", "m2", "2026-02-01")
        .session("s1", "2026-01-20", supervisees="w1")
        .session("s2", "2026-01-20", supervisees="w2")
    )
    assert world.report(SOUTHWARK, "2026-02-15")["individual"] == [
        entry(world.report(SOUTHWARK, "2026-02-15"), "individual", staff_id="w2")
    ]
    report = world.report(SOUTHWARK, "2026-03-02")
    # w1: a gap in February, a new start on 03-02: the January session is ignored.
    assert dates(entry(report, "individual", staff_id="w1")) == (
        None,
        "2026-04-02",
        "2026-04-02",
        "ok",
    )
    # w2: a new supervisor with no gap carries on.
    assert dates(entry(report, "individual", staff_id="w2"))[:2] == ("2026-01-20", "2026-02-20")


def test_a_supervisor_leaving_ends_the_relationship() -> None:
    world = team_of_two()
    world.data.staff[0] = replace(world.data.staff[0], end_date=date.fromisoformat("2026-03-13"))
    assert world.report(SOUTHWARK, "2026-03-13")["individual"] != []
    assert world.report(SOUTHWARK, "2026-03-14")["individual"] == []


# ------------------------------------------------------------------ absences


def absent_world(*absences: tuple[str, str]) -> World:
    world = team_of_two().session("s1", "2026-01-15")
    for start, end in absences:
        world.absence("w1", start, end)
    return world


def test_due_dates_inside_an_absence_move_to_the_return_plus_grace() -> None:
    world = absent_world(("2026-02-01", "2026-03-31"))
    # 02-15 falls inside: 04-01 + 7 days.
    report = world.report(SOUTHWARK, "2026-02-20")
    assert dates(entry(report, "individual", staff_id="w1")) == (
        "2026-01-15",
        "2026-04-08",
        "2026-04-08",
        "absent",
    )
    back = world.report(SOUTHWARK, "2026-04-09")
    assert entry(back, "individual", staff_id="w1")["status"] == "overdue"
    assert entry(back, "individual", staff_id="w1")["days_overdue"] == 1


def test_chained_absences_move_the_date_again() -> None:
    # 02-15 -> 02-28 (02-21 + 7) -> inside the second absence -> 03-11 + 7 = 03-18.
    world = absent_world(("2026-02-01", "2026-02-20"), ("2026-02-25", "2026-03-10"))
    report = world.report(SOUTHWARK, "2026-03-12")
    assert dates(entry(report, "individual", staff_id="w1")) == (
        "2026-01-15",
        "2026-03-18",
        "2026-03-18",
        "ok",
    )


def test_a_future_absence_moves_due_dates_too() -> None:
    report = absent_world(("2026-02-10", "2026-02-20")).report(SOUTHWARK, "2026-02-01")
    assert dates(entry(report, "individual", staff_id="w1"))[1:] == (
        "2026-02-28",
        "2026-02-28",
        "ok",
    )


def caseworker_world(*absences: tuple[str, str]) -> World:
    world = (
        World()
        .person("sv", "2023-01-02", category="manager", country="UG")
        .person("a1", category="caseworker", country="UG")
        .supervise("a1", "sv")
        .session("s1", "2026-03-02", supervisor_id="sv", supervisees="a1", minutes=60)
    )
    for start, end in absences:
        world.absence("a1", start, end)
    return world


def test_next_due_is_capped_at_overdue_after() -> None:
    # Weekly target, fortnightly maximum: 03-09 and 03-16. The absence moves
    # 03-09 to 03-18, past overdue_after, so next_due becomes 03-16.
    report = caseworker_world(("2026-03-08", "2026-03-10")).report(INTERAGENCY, "2026-03-12")
    assert dates(entry(report, "individual", staff_id="a1")) == (
        "2026-03-02",
        "2026-03-16",
        "2026-03-16",
        "ok",
    )


def test_overlapping_absences() -> None:
    world = caseworker_world(("2026-03-12", "2026-03-20"), ("2026-03-18", "2026-03-30"))
    report = world.report(INTERAGENCY, "2026-03-14")
    # 03-16 -> 03-28 -> inside the second -> 04-07; 03-09 stays.
    assert dates(entry(report, "individual", staff_id="a1")) == (
        "2026-03-02",
        "2026-03-09",
        "2026-04-07",
        "absent",
    )


# ------------------------------------------------------------------ group


def group_world() -> World:
    return (
        World()
        .team("eh", "feh")
        .team("cin", "cin")
        .person("m1", "2020-01-06", team="cin", category="manager")
        .person("e1", "2025-06-02", team="eh")
        .person("e2", "2025-06-02", team="eh", category="support_staff")
        .person("k1", "2025-06-02", team="cin")
        .person("x1", "2025-06-02", team="nowhere")
        .session("s1", "2026-03-02", kind="group", supervisees="e1;e2;k1;m1", minutes=60)
    )


def test_group_supervision_by_team_service_and_category() -> None:
    report = group_world().report(SOUTHWARK, "2026-03-12")
    # Early help weekly, CIN fortnightly, a team with no service fortnightly;
    # support staff and managers have no group rule. No relationship needed.
    assert [(e["staff_id"], e["last"], e["next_due"], e["status"]) for e in report["group"]] == [
        ("e1", "2026-03-02", "2026-03-09", "overdue"),
        ("k1", "2026-03-02", "2026-03-16", "ok"),
        ("x1", None, "2025-06-16", "overdue"),
    ]
    assert group_world().report(TAMESIDE, "2026-03-12")["group"] == []


def test_the_facilitator_of_a_group_is_not_an_attendee() -> None:
    world = group_world()
    world.session("s2", "2026-03-10", supervisor_id="k1", supervisees="e1", kind="group")
    report = world.report(SOUTHWARK, "2026-03-12")
    assert entry(report, "group", staff_id="k1")["last"] == "2026-03-02"
    assert entry(report, "group", staff_id="e1")["last"] == "2026-03-10"


# ------------------------------------------------------------------ cases


def case_world() -> World:
    return (
        team_of_two()
        .person("w2")
        .case("c1", "w1", "cin", "standard", "2025-09-01", "2026-03-04")
        .case("c1", "w1", "cin", "high", "2026-03-05")
        .case("c2", "w1", "cin", "standard", "2025-09-01", "2026-01-31")
        .case("c2", "w2", "cin", "standard", "2026-02-01")
        .case("c3", "w1", "general", "standard", "2026-01-01")
        .case("c4", "w1", "cp", "high", "2025-06-01", "2025-12-31")
        .case("c4", "w1", "cp", "high", "2026-02-02")
        .session("s1", "2026-02-10")
        .discuss("s1", "c1", "2026-02-11")
        .discuss("s1", "c2")
        .session("s0", "2025-12-01")
        .discuss("s0", "c4")
    )


def test_a_case_becoming_high_risk_is_due_sooner_from_that_day() -> None:
    report = case_world().report(SOUTHWARK, "2026-04-06")
    # min(02-10 + 2m, 03-05 + 1m) = 04-05
    c1 = entry(report, "cases", case_id="c1")
    assert (c1["risk"], c1["last"], c1["next_due"], c1["status"], c1["days_overdue"]) == (
        "high",
        "2026-02-10",
        "2026-04-05",
        "overdue",
        1,
    )


def test_a_new_worker_with_no_gap_carries_on_and_a_reopened_case_starts_afresh() -> None:
    report = case_world().report(SOUTHWARK, "2026-03-01")
    c2 = entry(report, "cases", case_id="c2")
    assert (c2["worker_id"], c2["last"], c2["next_due"]) == ("w2", "2026-02-10", "2026-04-10")
    # c4 was closed in January and reopened on 02-02: December's discussion is ignored.
    assert dates(entry(report, "cases", case_id="c4")) == (None, "2026-03-02", "2026-03-02", "ok")


def test_cases_with_no_rule_are_counted_apart() -> None:
    southwark = case_world().report(SOUTHWARK, "2026-03-01")
    assert [c["case_id"] for c in southwark["cases"]] == ["c1", "c2", "c4"]
    assert southwark["summary"]["unruled"] == 1  # c3, general
    tameside = case_world().report(TAMESIDE, "2026-03-01")
    assert [c["case_id"] for c in tameside["cases"]] == ["c1", "c2", "c3", "c4"]
    interagency = case_world().report(INTERAGENCY, "2026-03-01")
    assert interagency["cases"] == [] and interagency["summary"]["unruled"] == 4


def test_a_case_does_not_wait_for_its_worker() -> None:
    world = case_world().absence("w1", "2026-03-01", "2026-05-31")
    c1 = entry(world.report(SOUTHWARK, "2026-04-06"), "cases", case_id="c1")
    assert (c1["next_due"], c1["status"]) == ("2026-04-05", "overdue")


def test_a_case_discussed_in_a_group_session_counts() -> None:
    world = case_world().session("g1", "2026-03-16", kind="group", supervisees="w1;w2")
    world.discuss("g1", "c1")
    c1 = entry(world.report(SOUTHWARK, "2026-04-06"), "cases", case_id="c1")
    assert (c1["last"], c1["next_due"], c1["status"]) == ("2026-03-16", "2026-04-16", "ok")


# ------------------------------------------------------------------ policy over time


def test_a_new_policy_version_is_a_rule_change() -> None:
    southwark = load_policy(SOUTHWARK)
    weekly = policy_with(SOUTHWARK, id="southwark-weekly", qualified="7d")
    timeline = PolicyTimeline(((date(2021, 2, 1), southwark), (date(2026, 3, 10), weekly)))
    world = team_of_two().session("s1", "2026-03-01")
    before = world.report(timeline, "2026-03-09")
    assert before["policy"] == "southwark-2021"
    assert entry(before, "individual", staff_id="w1")["next_due"] == "2026-04-01"
    # Weekly from 03-10: min(03-01 + 1m, 03-10 + 7d) = 03-17.
    after = world.report(timeline, "2026-03-12")
    assert after["policy"] == "southwark-weekly"
    assert entry(after, "individual", staff_id="w1")["next_due"] == "2026-03-17"
    # (effective_from, policy) pairs are a timeline too.
    pairs = [(date(2026, 3, 10), weekly), (date(2021, 2, 1), southwark)]
    assert world.report(pairs, "2026-03-12") == after
    # A version that leaves the rule as it was changes nothing.
    same = policy_with(SOUTHWARK, id="southwark-same")
    timeline = PolicyTimeline(((date(2021, 2, 1), southwark), (date(2026, 3, 10), same)))
    assert (
        entry(world.report(timeline, "2026-03-12"), "individual", staff_id="w1")["next_due"]
        == "2026-04-01"
    )


def test_the_first_version_also_covers_the_days_before_it() -> None:
    later = policy_with(SOUTHWARK, id="later", qualified="7d")
    timeline = PolicyTimeline(((date(2027, 1, 1), later),))
    report = team_of_two().session("s1", "2026-03-01").report(timeline, "2026-03-05")
    assert entry(report, "individual", staff_id="w1")["next_due"] == "2026-03-08"
