"""The arithmetic of the benchmarks (pure: no database): quartiles, ranks,
the five-organisations rule, coverage stored and added up, the chart."""

from __future__ import annotations

import itertools
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supervisiondesk.reports import benchmarks as b
from supervisiondesk.reports.benchmark_chart import box_chart
from supervisiondesk.reports.indicators import Figures, Share, total
from supervisiondesk.reports.tests.test_indicators import figures_strategy, shares, two_teams

values = st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=40)


def five_or_more(count: int) -> bool:
    return count >= 5


# ---------------------------------------------------------------- quantiles


@given(values)
def test_the_five_numbers_are_in_order_and_within_the_values(data) -> None:
    spread = b.distribution(data, digits=6)
    assert spread is not None
    assert spread.count == len(data)
    assert spread.minimum == pytest.approx(min(data), abs=1e-6)
    assert spread.maximum == pytest.approx(max(data), abs=1e-6)
    five = spread.five
    assert all(a <= c + 1e-9 for a, c in itertools.pairwise(five))


@given(values)
def test_the_median_is_the_statistics_modules(data) -> None:
    assert b.quantile(sorted(data), 0.5) == pytest.approx(statistics.median(data))


@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=2, max_size=40))
def test_the_quartiles_are_the_inclusive_method(data) -> None:
    lower, _median, upper = statistics.quantiles(data, n=4, method="inclusive")
    ordered = sorted(data)
    assert b.quantile(ordered, 0.25) == pytest.approx(lower)
    assert b.quantile(ordered, 0.75) == pytest.approx(upper)


@given(values, st.floats(0, 100, allow_nan=False))
def test_raising_a_value_never_lowers_a_quantile(data, extra) -> None:
    before = b.distribution(data, digits=6)
    after = b.distribution([*data[:-1], max(data[-1], extra)], digits=6)
    assert all(x <= y + 1e-9 for x, y in zip(before.five, after.five, strict=True))


def test_ties_and_a_single_value() -> None:
    assert b.distribution([7, 7, 7, 7]).five == (7, 7, 7, 7, 7)
    assert b.distribution([42.0]).five == (42.0,) * 5
    assert b.distribution([None, None]) is None
    assert b.distribution([None, 10, 20, 30, 40, 50]).five == (10, 20, 30, 40, 50)


# ---------------------------------------------------------------- rank and quarter


@given(st.floats(0, 100, allow_nan=False), st.lists(st.floats(0, 100, allow_nan=False)))
def test_rank_is_within_bounds_and_better_values_rank_higher(value, others) -> None:
    position = b.rank(value, others)
    assert 1 <= position <= len(others) + 1
    assert b.rank(value + 1, others) <= position


def test_equal_values_share_the_better_rank() -> None:
    assert b.rank(50, [50, 50, 80]) == 2
    assert b.rank(80, [50, 50, 80]) == 1
    assert b.rank(10, [50, 50, 80]) == 4


def test_the_quarter_of_a_value() -> None:
    spread = b.distribution([10, 20, 30, 40, 50])  # quartiles 20, 30, 40
    assert [b.quartile_of(v, spread) for v in (5, 20, 25, 30, 39, 40, 99)] == [1, 2, 2, 3, 3, 4, 4]


@given(values, st.floats(0, 100, allow_nan=False), st.floats(0, 100, allow_nan=False))
def test_a_higher_value_is_never_in_a_lower_quarter(data, one, two) -> None:
    spread = b.distribution(data)
    low, high = sorted((one, two))
    assert 1 <= b.quartile_of(low, spread) <= b.quartile_of(high, spread) <= 4


# ---------------------------------------------------------------- five organisations


@pytest.mark.parametrize(("others", "compared"), [(0, False), (4, False), (5, True), (9, True)])
def test_others_are_compared_only_when_five_or_more_have_a_figure(others, compared) -> None:
    standing = b.standing("supervised", 61.0, [50.0 + n for n in range(others)] + [None, None])
    assert standing.too_few is not compared
    if compared:
        assert standing.spread.count == others
        assert standing.of == others + 1
    else:
        # Nothing about the others: no spread, no rank, no quarter.
        assert (standing.spread, standing.rank, standing.of, standing.quartile) == (None,) * 4


def test_others_values_are_rounded_to_whole_numbers_and_ranked_against_this_one() -> None:
    standing = b.standing("records", 70.0, [55.4, 60.6, 70.2, 80.0, 90.1])
    assert standing.spread.five == (55, 61, 70, 80, 90)
    assert (standing.rank, standing.of, standing.quartile) == (3, 6, 3)


def test_no_value_of_ones_own_still_shows_the_spread_but_no_rank() -> None:
    standing = b.standing("balance", None, [1, 2, 3, 4, 5])
    assert standing.spread is not None and standing.rank is None and not standing.too_few


# ---------------------------------------------------------------- values and teams


def test_satisfaction_shows_over_five_responses_only() -> None:
    measure = next(m for m in b.MEASURES if m.key == "satisfaction")
    four = b.Feedback(score_sum=80, ratings=20, responses=4)
    five = four + b.Feedback(score_sum=15, ratings=5, responses=1)
    assert b.value_of(measure, Figures(), four, allowed=five_or_more).value is None
    # Not even the count of responses below the threshold.
    assert b.value_of(measure, Figures(), four, allowed=five_or_more).of is None
    shown = b.value_of(measure, Figures(), five, allowed=five_or_more)
    assert (shown.value, shown.of) == (3.8, 5)  # 95 / 25, not a mean of means
    assert not b.value_of(measure, Figures(), None, allowed=five_or_more).known


def test_the_organisation_is_counted_and_teams_below_it_are_marked() -> None:
    big = Figures(supervised=Share(72, 80), supervisors=4, supervisees=20)
    small = Figures(supervised=Share(1, 3), supervisors=1, supervisees=8)
    table = b.teams_table(
        [("Big", big, None), ("Small", small, None)],
        (total([big, small]), None),
        allowed=five_or_more,
    )
    # 73 of 83, not the mean of 90 % and 33.3 %.
    assert table.organisation["supervised"].value == 88.0
    assert table.organisation["ratio"].value == 5.6
    small_row = table.rows[1]
    assert {"supervised", "ratio"} <= small_row.worse  # fewer supervised, more per supervisor
    assert "supervised" not in table.rows[0].worse and "ratio" not in table.rows[0].worse
    # The median of the teams' own values (90.0 and 33.3), each counting once.
    assert table.spread["supervised"].median == pytest.approx(61.65, abs=0.06)


# ---------------------------------------------------------------- coverage


def test_coverage_counts_everyone_in_post_in_their_team() -> None:
    from supervisiondesk.reports.indicators import team_figures
    from supervisiondesk.reports.tests.test_indicators import NOVEMBER

    world = two_teams()
    figures = team_figures(world.data, world.report("tameside-2015", "2026-11-30"), period=NOVEMBER)
    # Team a: m1 (no supervisor), w1, w2 (supervised); team b: m2, w3 (away
    # but in post, and supervised).
    assert figures["a"].covered == Share(2, 3)
    assert figures["b"].covered == Share(1, 2)


def test_a_figure_stored_before_coverage_reads_as_not_known() -> None:
    stored = Figures(supervised=Share(3, 4)).to_json()
    del stored["covered"]
    old = Figures.from_json(stored)
    assert old.covered is None
    measure = b.MEASURES[0]
    assert not b.value_of(measure, old, None, allowed=five_or_more).known
    # One team not known: the sum is not known either (never a partial count).
    assert total([old, Figures(covered=Share(5, 5))]).covered is None


maybe_covered = st.one_of(st.none(), shares)


@given(st.lists(st.tuples(figures_strategy, maybe_covered), max_size=6))
def test_coverage_adds_up_like_the_other_shares(teams) -> None:
    figures = [
        Figures(**{**{f: getattr(each, f) for f in each.__dataclass_fields__}, "covered": covered})
        for each, covered in teams
    ]
    summed = total(figures)
    assert summed == total(reversed(figures))
    if any(f.covered is None for f in figures):
        assert summed.covered is None
    else:
        assert summed.covered == Share(
            sum(f.covered.met for f in figures), sum(f.covered.of for f in figures)
        )
    for each in figures:
        assert Figures.from_json(each.to_json()) == each


# ---------------------------------------------------------------- chart


def test_the_chart_places_the_box_in_order_and_marks_this_organisation() -> None:
    spread = b.distribution([10, 20, 30, 40, 50])
    chart = box_chart(b.SHARE, spread, 35)
    assert chart.minimum < chart.lower < chart.median < chart.upper < chart.maximum
    assert chart.median < chart.own < chart.upper
    assert [label for _x, label in chart.ticks] == ["0 %", "50 %", "100 %"]
    ratio = box_chart(b.RATIO, b.distribution([3, 4, 5, 6, 9.5]), 12)
    assert ratio.ticks[-1][1] == "12" and ratio.own == ratio.ticks[-1][0]
    assert box_chart(b.SCORE, b.distribution([1, 5]), None).own is None


def test_scores_and_ratios_of_others_keep_their_decimal() -> None:
    standing = b.standing("satisfaction", 4.0, [3.6, 3.8, 4.1, 4.3, 4.4], kind=b.SCORE)
    assert standing.spread.five == (3.6, 3.8, 4.1, 4.3, 4.4)
    assert (standing.rank, standing.quartile) == (4, 2)
