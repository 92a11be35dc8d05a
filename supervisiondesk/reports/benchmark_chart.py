"""A box-and-whisker chart of a spread of values with one organisation's
value marked on it, drawn on the server as SVG (the geometry here, pure and
tested; the drawing in `reports/_benchmark_chart.html`, which also prints the
numbers as a table for screen readers). Like `reports.charts`: no library,
nothing from a CDN, no JavaScript."""

from __future__ import annotations

import math
from dataclasses import dataclass

from supervisiondesk.reports.benchmarks import RATIO, SCORE, Distribution

WIDTH, HEIGHT = 320, 64
LEFT, RIGHT = 12, 12
MID = 26  # the box's centre line
BOX_HALF = 10
AXIS = 50  # the axis labels' baseline


@dataclass(frozen=True)
class BoxChart:
    minimum: float  # x of each, in the viewBox
    lower: float
    median: float
    upper: float
    maximum: float
    own: float | None  # x of this organisation's value
    ticks: tuple[tuple[float, str], ...]  # (x, label)
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def box_top(self) -> int:
        return MID - BOX_HALF

    @property
    def box_bottom(self) -> int:
        return MID + BOX_HALF

    @property
    def box_width(self) -> float:
        return round(self.upper - self.lower, 1)

    @property
    def mid(self) -> int:
        return MID

    @property
    def axis(self) -> int:
        return AXIS

    @property
    def box_height(self) -> int:
        return 2 * BOX_HALF


def scale_of(kind: str, spread: Distribution, own: float | None) -> tuple[float, float]:
    """The axis's range: 0-100 % for shares, 1-5 for scores, from 0 to a
    round number above the highest value for ratios."""
    if kind == SCORE:
        return 1.0, 5.0
    if kind == RATIO:
        top = max(spread.maximum, own or 0, 1)
        return 0.0, float(math.ceil(top / 2) * 2)
    return 0.0, 100.0


def box_chart(kind: str, spread: Distribution, own: float | None) -> BoxChart:
    low, high = scale_of(kind, spread, own)
    span = high - low

    def x(value: float) -> float:
        clamped = min(max(value, low), high)
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (clamped - low) / span, 1)

    middle = low + span / 2
    suffix = " %" if kind not in (SCORE, RATIO) else ""
    ticks = tuple((x(v), f"{v:g}{suffix}") for v in (low, middle, high))
    return BoxChart(
        minimum=x(spread.minimum),
        lower=x(spread.lower),
        median=x(spread.median),
        upper=x(spread.upper),
        maximum=x(spread.maximum),
        own=None if own is None else x(own),
        ticks=ticks,
    )
