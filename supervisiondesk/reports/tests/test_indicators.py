"""The indicators of each team from a compliance report (pure: no database)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from supervisiondesk.compliance.tests.builders import World
from supervisiondesk.reports.indicators import Figures, Share, team_figures, total

NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


def two_teams() -> World:
    """Team a: m1 supervises w1 (on time) and w2 (overdue); team b: m2
    supervises w3 (away). Tameside: monthly; recorded and signed by both on
    the day; agreements reviewed yearly; no maximum ratio."""
    world = (
        World()
        .person("m1", "2020-01-06", category="manager", team="a")
        .person("w1", team="a")
        .person("w2", team="a")
        .person("m2", "2020-01-06", category="manager", team="b")
        .person("w3", team="b")
        .supervise("w1", "m1")
        .supervise("w2", "m1")
        .supervise("w3", "m2")
        .agreement("w1", "m1", "2026-06-01")
        .agreement("w3", "m2", "2024-01-10")  # review overdue (12 months)
        .absence("w3", "2026-11-20", "2026-12-15")
    )
    # w1: on time, recorded and signed on time, all functions.
    world.session(
        "s1",
        "2026-11-03",
        "m1",
        "w1",
        recorded="2026-11-03",
        supervisor_signed="2026-11-03",
        supervisee_signed="2026-11-03",
        functions="managerial;development;support;mediation",
    )
    # w2: last seen in August (overdue); its record is late.
    world.session("s2", "2026-08-03", "m1", "w2", recorded="2026-08-28")
    # In November, another of w2's sessions cancelled: not a held record.
    world.session("s3", "2026-11-10", "m1", "w2", status="cancelled")
    # m1 held one in November whose record is missing (deadline passed).
    world.session("s4", "2026-11-02", "m1", "w1", functions="support")
    # One still within its deadline on the 30th: not counted yet.
    world.session("s5", "2026-11-30", "m1", "w1")
    world.case("c1", "w1", "cp", "high", "2026-01-05")
    world.discuss("s1", "c1", recorded="2026-11-03")
    world.case("c2", "w2", "cp", "high", "2026-01-05")  # never discussed: overdue
    return world


def figures() -> dict[str, Figures]:
    world = two_teams()
    report = world.report("tameside-2015", "2026-11-30")
    return team_figures(world.data, report, period=NOVEMBER)


def test_each_figure_counts_in_its_team() -> None:
    a, b = figures()["a"], figures()["b"]
    # w1 within standard, w2 overdue; w3 is away (not counted); the managers
    # themselves have no supervisor here.
    assert a.supervised == Share(1, 2)
    assert b.supervised == Share(0, 0)
    assert a.cases == Share(1, 2)
    # November's held records of m1: s1 on time and signed, s4 missing; s5
    # is still within its deadline, s2 is August's, s3 was cancelled.
    assert a.records == Share(1, 2)
    assert a.agreements == Share(1, 2)  # w1 current, w2 none
    assert b.agreements == Share(0, 1)  # review overdue
    assert (a.supervisors, a.supervisees, b.supervisors, b.supervisees) == (1, 2, 1, 1)
    assert a.formal_sessions == 3  # s1, s4, s5
    assert a.functions_covered == {"development": 1, "managerial": 1, "mediation": 1, "support": 2}


def test_the_organisation_is_the_sum_of_its_teams_not_a_mean_of_percentages() -> None:
    every = total(figures().values())
    assert every.supervised == Share(1, 2)
    assert every.agreements == Share(1, 3)
    assert every.ratio == 1.5
    assert every.agreements.percent == 33.3


def test_no_data_is_not_zero_percent() -> None:
    assert Share().percent is None
    assert Figures().ratio is None


def test_figures_survive_storage() -> None:
    for each in figures().values():
        assert Figures.from_json(each.to_json()) == each


shares = st.builds(
    lambda met, extra: Share(met, met + extra),
    st.integers(0, 500),
    st.integers(0, 500),
)
figures_strategy = st.builds(
    Figures,
    supervised=shares,
    cases=shares,
    records=shares,
    agreements=shares,
    balance=shares,
    supervisors=st.integers(0, 50),
    supervisees=st.integers(0, 400),
    over_ratio=st.integers(0, 50),
    formal_sessions=st.integers(0, 100),
    functions_covered=st.dictionaries(
        st.sampled_from(["support", "managerial"]), st.integers(0, 9)
    ),
)


@given(st.lists(figures_strategy, max_size=6))
def test_adding_teams_is_order_free_and_percentages_stay_in_range(teams) -> None:
    forwards, backwards = total(teams), total(reversed(teams))
    assert forwards == backwards
    for name in ("supervised", "cases", "records", "agreements", "balance"):
        share = getattr(forwards, name)
        assert share.of == sum(getattr(t, name).of for t in teams)
        assert share.percent is None or 0 <= share.percent <= 100


def test_over_ratio_follows_the_policys_maximum() -> None:
    world = World().person("m1", "2020-01-06", category="manager", team="a")
    for n in range(7):
        world.person(f"w{n}", category="caseworker", team="b").supervise(f"w{n}", "m1")
    world.person("x1", category="caseworker", team="b").supervise("x1", "m1", end="2026-10-31")
    for preset, over in (("interagency-cm-2014", 1), ("tameside-2015", 0)):
        report = world.report(preset, "2026-11-30")
        a = team_figures(world.data, report, period=NOVEMBER)["a"]
        # The ratio is the supervisor's team's; x1's relationship has ended.
        assert (a.supervisors, a.supervisees, a.over_ratio) == (1, 7, over), preset
