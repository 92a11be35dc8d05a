"""Capacity planning's arithmetic (pure: no database): worked examples with
figures computed by hand, and properties over random staff."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supervisiondesk.compliance.dataset import CasePeriod, Dataset
from supervisiondesk.compliance.intervals import parse_interval
from supervisiondesk.compliance.tests.builders import World
from supervisiondesk.policies.policy import PRESETS_DIR, load_policy, policy_from_document
from supervisiondesk.reports.capacity import (
    Assumptions,
    CapacityPlan,
    capacity_plan,
    per_month,
    phase_rule,
)
from supervisiondesk.reports.capacity_chart import needs_chart

ON = date(2026, 11, 23)
SOUTHWARK = load_policy("southwark-2021")
TAMESIDE = load_policy("tameside-2015")
INTERAGENCY = load_policy("interagency-cm-2014")


def preset_changed(preset: str, **changes) -> object:
    document = yaml.safe_load((PRESETS_DIR / f"{preset}.yaml").read_text(encoding="utf-8"))
    document["id"] = f"{preset}-changed"
    document.update(changes)
    return policy_from_document(document)


def one(plan: CapacityPlan, staff_id: str):
    [found] = [s for s in plan.supervisors if s.staff_id == staff_id]
    return found


# ---------------------------------------------------------------- intervals


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1m", Fraction(1)),
        ("2m", Fraction(1, 2)),
        ("3m", Fraction(1, 3)),
        ("7d", Fraction(36525, 1200 * 7)),  # 4.348 a month
        ("14d", Fraction(36525, 1200 * 14)),
        ("2w", Fraction(36525, 1200 * 14)),  # the same as 14d
        ("4w", Fraction(36525, 1200 * 28)),
    ],
)
def test_how_often_an_interval_comes_round_in_a_month(text: str, expected: Fraction) -> None:
    assert per_month(parse_interval(text)) == expected


def test_the_phase_in_force_follows_the_time_since_the_category_began() -> None:
    asye = SOUTHWARK.individual["asye"]  # 7d until 6w, 14d until 6m, then 1m
    started = date(2026, 9, 1)
    assert str(phase_rule(asye, started, date(2026, 9, 20)).target) == "7d"
    assert str(phase_rule(asye, started, date(2026, 10, 13)).target) == "14d"  # 6w after
    assert str(phase_rule(asye, started, date(2027, 3, 1)).target) == "1m"  # 6m after


# ---------------------------------------------------------------- worked examples


def test_tameside_one_worker_with_twelve_cases() -> None:
    """Monthly 90-minute sessions (no minimum in Tameside: the default 90) =
    90 minutes; twelve cases every 3 months x 15 minutes = 60 minutes, of
    which 45 (half the session) fit inside it: 15 more. 105 minutes, 1.75 h.
    Available: 37 h x 4.348 weeks x 20 % = 32.18 h."""
    world = World().person("m1", "2020-01-06", category="manager").person("w1")
    world.supervise("w1", "m1")
    for n in range(12):
        world.case(f"c{n}", "w1", "cp", "high", "2026-01-01")
    plan = capacity_plan(world.data, TAMESIDE, ON)
    m1 = one(plan, "m1")
    [w1] = m1.supervisees
    assert (w1.individual, w1.group, w1.case_discussions, w1.case_extra) == (90, 0, 60, 15)
    assert m1.hours_needed == Fraction(7, 4)
    assert m1.cases == 12 and plan.cases == 12 and plan.supervisees == 1
    assert m1.hours_available == 37 * Fraction(36525, 1200 * 7) / 5
    assert round(float(m1.hours_available), 2) == 32.18
    assert m1.difference == m1.hours_available - Fraction(7, 4)


def test_southwark_group_share_and_cases_inside_the_session() -> None:
    """A qualified worker in a children-in-need team: monthly 90 minutes;
    group every 14 days (other teams) = 30.4375 / 14 sessions a month x 90
    minutes / 6 members = 32.61 minutes; a high-risk CP case monthly (15)
    and a standard CIN case every 2 months (7.5) = 22.5 minutes, inside the
    45 minutes the session leaves for cases: nothing added."""
    world = (
        World()
        .team("t1", "cin")
        .person("m1", "2020-01-06", category="manager")
        .person("w1")
        .supervise("w1", "m1")
        .case("c1", "w1", "cp", "high", "2026-01-01")
        .case("c2", "w1", "cin", "standard", "2026-01-01")
    )
    plan = capacity_plan(world.data, SOUTHWARK, ON)
    [w1] = one(plan, "m1").supervisees
    assert w1.individual == 90
    assert w1.group == Fraction(36525, 1200 * 14) * 90 / 6
    assert round(float(w1.group), 2) == 32.61
    assert w1.case_discussions == Fraction(45, 2) and w1.case_extra == 0
    assert plan.session_minutes == 90 and plan.cases_in_sessions


def test_weekly_group_in_early_help_and_the_asye_first_weeks() -> None:
    """An ASYE worker in week 3 of the year in an early help (feh) team:
    weekly 90-minute sessions (30.4375 / 7 a month = 391.34 minutes) and a
    weekly group (30.4375 / 7 x 90 / 6 = 65.22 minutes)."""
    world = (
        World()
        .team("t1", "feh")
        .person("m1", "2020-01-06", category="manager")
        .person("w1", "2026-11-02", category="asye")
        .supervise("w1", "m1", "2026-11-02")
    )
    [w1] = one(capacity_plan(world.data, SOUTHWARK, ON), "m1").supervisees
    weekly = Fraction(36525, 1200 * 7)
    assert w1.individual == weekly * 90
    assert w1.group == weekly * 15
    assert (round(float(w1.individual), 2), round(float(w1.group), 2)) == (391.34, 65.22)


def test_case_discussions_outside_the_sessions_all_count() -> None:
    """When the policy counts only group sessions for case supervision, every
    case minute is added: 12 cases x 1/3 x 15 = 60 minutes on top of 90."""
    policy = preset_changed(
        "tameside-2015",
        qualifying_sessions={
            "individual": ["individual_formal"],
            "group": ["group"],
            "case": ["group"],
        },
    )
    world = World().person("m1", "2020-01-06", category="manager").person("w1")
    world.supervise("w1", "m1")
    for n in range(12):
        world.case(f"c{n}", "w1", "cin", "standard", "2026-01-01")
    plan = capacity_plan(world.data, policy, ON)
    [w1] = one(plan, "m1").supervisees
    assert not plan.cases_in_sessions
    assert (w1.case_discussions, w1.case_extra) == (60, 60)
    assert one(plan, "m1").hours_needed == Fraction(150, 60)


def test_the_policys_minimum_duration_is_the_session_unless_given() -> None:
    world = (
        World().person("m1", "2020-01-06", category="manager").person("w1", category="caseworker")
    )
    world.supervise("w1", "m1")
    plan = capacity_plan(world.data, INTERAGENCY, ON)  # weekly, at least 60 minutes
    assert plan.session_minutes == 60
    assert one(plan, "m1").supervisees[0].individual == Fraction(36525, 1200 * 7) * 60
    longer = capacity_plan(world.data, INTERAGENCY, ON, assumptions=Assumptions(session_minutes=75))
    assert longer.session_minutes == 75


def test_fte_and_the_share_of_time_make_the_hours_available() -> None:
    world = World().person("m1", "2020-01-06", category="manager").person("w1")
    world.supervise("w1", "m1")
    assumptions = Assumptions(weekly_hours=Fraction(35), supervision_share=Fraction(1, 4))
    plan = capacity_plan(
        world.data, TAMESIDE, ON, fte={"m1": Fraction(1, 2)}, assumptions=assumptions
    )
    # 0.5 x 35 h x 4.348 weeks x 25 % = 19.02 h.
    assert one(plan, "m1").hours_available == Fraction(1, 2) * 35 * Fraction(36525, 8400) / 4
    assert plan.supervisor_fte == Fraction(1, 2)
    assert plan.fte_needed == plan.hours_needed / (35 * Fraction(36525, 8400) / 4)
    nothing = Assumptions(supervision_share=Fraction(0))
    assert capacity_plan(world.data, TAMESIDE, ON, assumptions=nothing).fte_needed is None


def test_a_supervisee_with_two_supervisors_counts_once_for_the_line_one() -> None:
    world = (
        World()
        .person("a1", "2020-01-06", category="manager")
        .person("m1", "2020-01-06", category="manager")
        .person("w1")
        .supervise("w1", "a1", kind="professional")
        .supervise("w1", "m1", kind="line")
    )
    plan = capacity_plan(world.data, TAMESIDE, ON)
    assert [s.staff_id for s in plan.supervisors] == ["m1"]
    assert plan.supervisees == 1 and plan.hours_needed == Fraction(90, 60)


def test_who_is_not_counted() -> None:
    """Relationships of a kind the policy does not count, ended ones, people
    gone, and categories without a rule (counted as `unruled`)."""
    world = (
        World()
        .person("m1", "2020-01-06", category="manager")
        .person("w1")
        .person("w2")
        .person("w3", end="2026-06-30")
        .person("w4", category="asye")  # no rule in Tameside
        .person("w5")
        .supervise("w1", "m1")
        .supervise("w2", "m1", end="2026-10-31")
        .supervise("w3", "m1")
        .supervise("w4", "m1")
        .supervise("w5", "m1", kind="external")  # Tameside counts line and professional
    )
    plan = capacity_plan(world.data, TAMESIDE, ON)
    assert [p.staff_id for p in one(plan, "m1").supervisees] == ["w1", "w4"]
    assert plan.unruled == 1
    assert one(plan, "m1").hours_needed == Fraction(90, 60)


def test_under_another_policy_and_at_another_ratio() -> None:
    world = World().person("m1", "2020-01-06", category="manager")
    for n in range(8):
        world.person(f"w{n}").supervise(f"w{n}", "m1")
    southwark = capacity_plan(world.data, SOUTHWARK, ON)
    tameside = capacity_plan(world.data, TAMESIDE, ON)
    assert southwark.ratio == 8 and southwark.supervisors_at_ratio(6) == 2
    assert southwark.over_ratio(6) == 1 and southwark.over_ratio(8) == 0
    # Southwark adds a fortnightly group for qualified workers; Tameside none.
    assert southwark.hours_needed > tameside.hours_needed
    assert tameside.hours_needed == 8 * Fraction(90, 60)
    with pytest.raises(ValueError):
        southwark.supervisors_at_ratio(0)


def test_only_the_supervisors_asked_for() -> None:
    world = (
        World()
        .person("m1", "2020-01-06", category="manager")
        .person("m2", "2020-01-06", category="manager")
        .person("w1")
        .person("w2")
        .supervise("w1", "m1")
        .supervise("w2", "m2")
    )
    plan = capacity_plan(world.data, TAMESIDE, ON, supervisors={"m2", "w1"})
    assert [s.staff_id for s in plan.supervisors] == ["m2"]  # w1 supervises nobody


@pytest.mark.parametrize(
    "bad",
    [
        {"session_minutes": 0},
        {"group_size": 0},
        {"case_share": Fraction(3, 2)},
        {"supervision_share": Fraction(-1, 10)},
        {"case_minutes": -1},
    ],
)
def test_impossible_assumptions_are_refused(bad: dict) -> None:
    with pytest.raises(ValueError):
        Assumptions(**bad)


# ---------------------------------------------------------------- properties

CATEGORIES = ["asye", "induction", "qualified", "newly_qualified", "manager", "caseworker"]
CASES = [
    (t, r)
    for t in ["cp", "cin", "cla", "feh", "assessment", "general"]
    for r in ["high", "standard"]
]
POLICIES = [SOUTHWARK, TAMESIDE, INTERAGENCY]


@st.composite
def staff(draw) -> tuple[Dataset, object]:
    supervisors = draw(st.integers(1, 4))
    world = World().team("t1", draw(st.sampled_from(["feh", "cin", "yos", "cp"])))
    for n in range(supervisors):
        world.person(f"m{n}", "2020-01-06", category="manager")
    for n in range(draw(st.integers(0, 10))):
        started = ON - timedelta(days=draw(st.integers(0, 800)))
        world.person(f"w{n}", started.isoformat(), category=draw(st.sampled_from(CATEGORIES)))
        world.supervise(
            f"w{n}",
            f"m{draw(st.integers(0, supervisors - 1))}",
            started.isoformat(),
            kind=draw(st.sampled_from(["line", "professional", "external"])),
        )
        for c in range(draw(st.integers(0, 6))):
            case_type, risk = draw(st.sampled_from(CASES))
            world.case(f"c{n}-{c}", f"w{n}", case_type, risk, "2026-01-01")
    assumptions = Assumptions(
        case_minutes=draw(st.integers(0, 60)),
        case_share=Fraction(draw(st.integers(0, 100)), 100),
        group_size=draw(st.integers(1, 12)),
    )
    return world.data, draw(st.sampled_from(POLICIES)), assumptions


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(staff())
def test_never_negative(case) -> None:
    data, policy, assumptions = case
    plan = capacity_plan(data, policy, ON, assumptions=assumptions)
    for supervisor in plan.supervisors:
        assert supervisor.hours_needed >= 0 and supervisor.hours_available >= 0
        for part in ("individual", "group", "case_extra"):
            assert supervisor.part_hours(part) >= 0
        for supervisee in supervisor.supervisees:
            assert 0 <= supervisee.case_extra <= supervisee.case_discussions
    assert plan.hours_needed >= 0


@PROPERTY
@given(staff(), st.data())
def test_more_cases_never_need_less(case, data) -> None:
    dataset, policy, assumptions = case
    before = capacity_plan(dataset, policy, ON, assumptions=assumptions)
    workers = [s.staff_id for s in dataset.staff if s.staff_id.startswith("w")]
    if not workers:
        return
    worker = data.draw(st.sampled_from(workers))
    case_type, risk = data.draw(st.sampled_from(CASES))
    more = Dataset(**{name: list(getattr(dataset, name)) for name in Dataset.__slots__})
    more.case_periods.append(CasePeriod("extra", worker, case_type, risk, date(2026, 1, 1)))
    after = capacity_plan(more, policy, ON, assumptions=assumptions)
    assert after.hours_needed >= before.hours_needed
    for old, new in zip(before.supervisors, after.supervisors, strict=True):
        assert new.hours_needed >= old.hours_needed
    assert after.cases >= before.cases


@PROPERTY
@given(staff(), st.data())
def test_supervisors_add_up(case, data) -> None:
    dataset, policy, assumptions = case
    whole = capacity_plan(dataset, policy, ON, assumptions=assumptions)
    ids = [s.staff_id for s in whole.supervisors]
    part = set(data.draw(st.lists(st.sampled_from(ids), unique=True))) if ids else set()
    left = capacity_plan(dataset, policy, ON, assumptions=assumptions, supervisors=part)
    right = capacity_plan(dataset, policy, ON, assumptions=assumptions, supervisors=set(ids) - part)
    assert left.hours_needed + right.hours_needed == whole.hours_needed
    assert left.hours_available + right.hours_available == whole.hours_available
    assert left.supervisees + right.supervisees == whole.supervisees
    assert left.cases + right.cases == whole.cases
    assert (
        whole.hours_needed
        == sum((p.minutes for s in whole.supervisors for p in s.supervisees), Fraction(0)) / 60
    )


@PROPERTY
@given(staff(), st.integers(1, 12))
def test_enough_supervisors_at_a_ratio(case, most) -> None:
    dataset, policy, assumptions = case
    plan = capacity_plan(dataset, policy, ON, assumptions=assumptions)
    needed = plan.supervisors_at_ratio(most)
    assert needed * most >= plan.supervisees
    assert (needed - 1) * most < plan.supervisees or needed == 0


# ---------------------------------------------------------------- the chart


def test_the_chart_shares_one_scale_and_marks_who_is_short() -> None:
    chart = needs_chart([("Ann", 29.2, 32.2), ("Bo", 40.0, 16.1), ("Cy", 0.0, 0.0)])
    ann, bo, cy = chart.bars
    assert [hours for _x, hours in chart.ticks] == [0, 10, 20, 30, 40]
    assert bo.needed_width == max(b.needed_width for b in chart.bars)  # 40 h: the whole plot
    assert ann.available_width == pytest.approx(bo.needed_width * 32.2 / 40, abs=0.1)
    assert bo.over and not ann.over and not cy.over
    assert cy.needed_width == 0
    assert [b.y for b in chart.bars] == sorted(b.y for b in chart.bars)
    assert chart.height > chart.bars[-1].available_y


def test_an_empty_chart_still_has_a_scale() -> None:
    chart = needs_chart([])
    assert chart.bars == () and chart.ticks[0] == (chart.plot_left, 0)
