"""Charts drawn on the server as SVG: the geometry of a trend line of
percentages over months, computed here (pure, tested) and drawn by
`reports/templates/reports/_trend_chart.html`, which also prints the numbers
as a table for screen readers. No charting library, nothing from a CDN, and
the page works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 320, 120  # the viewBox; the SVG scales to its container
LEFT, RIGHT, TOP, BOTTOM = 34, 8, 8, 22  # room for the axis labels


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str  # the month, on the x axis
    value: float | None  # the percentage; None: no data that month


@dataclass(frozen=True)
class TrendChart:
    points: tuple[Point, ...]
    # One polyline per run of months with data (a month without data breaks
    # the line rather than drawing it through zero).
    lines: tuple[str, ...]
    gridlines: tuple[tuple[float, str], ...]  # (y, "50 %")
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def plot_left(self) -> int:
        return LEFT

    @property
    def plot_right(self) -> int:
        return self.width - RIGHT

    @property
    def baseline(self) -> int:
        return self.height - BOTTOM


def trend_chart(values: Sequence[tuple[str, float | None]]) -> TrendChart:
    """(month label, percentage or None) oldest first, on a scale of 0 to 100."""
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    step = plot_width / max(len(values) - 1, 1)

    def y_of(percent: float) -> float:
        return round(TOP + plot_height * (1 - percent / 100), 1)

    points = tuple(
        Point(
            x=round(LEFT + index * step, 1),
            y=y_of(value) if value is not None else y_of(0),
            label=label,
            value=value,
        )
        for index, (label, value) in enumerate(values)
    )
    lines: list[str] = []
    run: list[str] = []
    for point in points:
        if point.value is None:
            if run:
                lines.append(" ".join(run))
            run = []
        else:
            run.append(f"{point.x},{point.y}")
    if run:
        lines.append(" ".join(run))
    gridlines = tuple((y_of(percent), f"{percent} %") for percent in (0, 50, 100))
    return TrendChart(points=points, lines=tuple(lines), gridlines=gridlines)
