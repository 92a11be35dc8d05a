"""The trend chart's geometry (pure)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from supervisiondesk.reports.charts import HEIGHT, WIDTH, trend_chart


def test_a_month_without_data_breaks_the_line() -> None:
    chart = trend_chart([("Jan", 50.0), ("Feb", None), ("Mar", 100.0), ("Apr", 0.0)])
    assert len(chart.lines) == 2
    assert chart.lines[0].count(",") == 1  # January alone
    assert chart.lines[1].count(",") == 2  # March and April
    # 100 % is at the top of the plot, 0 % on its baseline.
    march, april = chart.points[2], chart.points[3]
    assert march.y < april.y == chart.baseline


@given(st.lists(st.one_of(st.none(), st.floats(0, 100)), min_size=1, max_size=13))
def test_every_point_is_inside_the_drawing(values) -> None:
    chart = trend_chart([(str(n), v) for n, v in enumerate(values)])
    for point in chart.points:
        assert 0 <= point.x <= WIDTH and 0 <= point.y <= HEIGHT
    xs = [point.x for point in chart.points]
    assert xs == sorted(xs)
