"""The capacity page's bar chart: supervision hours needed against hours
available, one pair of horizontal bars per supervisor, drawn on the server
as SVG by `reports/templates/reports/capacity_chart.html` (which also
prints the numbers as a table for screen readers). Pure: the geometry only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil

WIDTH = 640
LABEL_WIDTH = 170  # room for a name on the left
RIGHT = 44  # room for the last bar's figure
TOP = 8
ROW = 30  # one supervisor: two bars and a gap
BAR = 11
AXIS = 20  # the scale's labels below


@dataclass(frozen=True)
class Bar:
    label: str
    y: float  # top of the "needed" bar; "available" is just below
    needed: float  # hours
    available: float
    needed_width: float
    available_width: float
    over: bool  # needs more than is available

    @property
    def available_y(self) -> float:
        return self.y + BAR + 1

    @property
    def text_y(self) -> float:
        return self.y + BAR

    @property
    def needed_end(self) -> float:
        return round(LABEL_WIDTH + self.needed_width + 3, 1)

    @property
    def available_end(self) -> float:
        return round(LABEL_WIDTH + self.available_width + 3, 1)


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, int], ...]  # (x, hours)
    height: int
    width: int = WIDTH
    bar_height: int = BAR

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def plot_left(self) -> int:
        return LABEL_WIDTH

    @property
    def plot_bottom(self) -> int:
        return self.height - AXIS

    @property
    def axis_text_y(self) -> int:
        return self.height - 6


def _step(top: float) -> int:
    """A round step giving four or five ticks up to `top`."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 5:
            return step
    return ceil(top / 5)


def needs_chart(rows: Sequence[tuple[str, float, float]]) -> BarChart:
    """(name, hours needed, hours available) per supervisor, in order.
    Both bars share one scale from 0 to a round number above the largest."""
    largest = max([max(needed, available) for _name, needed, available in rows] + [1])
    step = _step(largest)
    top = step * ceil(largest / step)
    plot = WIDTH - LABEL_WIDTH - RIGHT

    def width(hours: float) -> float:
        return round(plot * max(hours, 0) / top, 1)

    bars = tuple(
        Bar(
            label=name,
            y=TOP + index * ROW,
            needed=round(needed, 1),
            available=round(available, 1),
            needed_width=width(needed),
            available_width=width(available),
            over=needed > available,
        )
        for index, (name, needed, available) in enumerate(rows)
    )
    ticks = tuple(
        (round(LABEL_WIDTH + plot * value / top, 1), value) for value in range(0, top + 1, step)
    )
    return BarChart(bars=bars, ticks=ticks, height=TOP + len(rows) * ROW + AXIS)
