"""The arithmetic of the benchmarks page (docs/reports.md, "Benchmarks"),
pure Python (no Django): each indicator's value from counted figures, the
median and quartiles across teams or organisations, where one value stands
among others, and the rule that keeps other organisations anonymous.

Every value is read from counts (`indicators.Share`, a sum of scores over a
number of ratings): the organisation's figure is its teams' counts added up,
never a mean of their percentages. Quartiles and medians, on the other hand,
describe the spread of the teams' (or organisations') own values, each
counting once: that is what "how do teams compare" asks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from supervisiondesk.reports.indicators import Figures, Share

# Another organisation's figures are shown only as a distribution over at
# least this many OTHER organisations (re-identification: docs/reports.md).
MIN_ORGANISATIONS = 5

SHARE, SCORE, RATIO = "share", "score", "ratio"


@dataclass(frozen=True)
class Measure:
    """One indicator of the benchmarks, and how to read its value."""

    key: str
    kind: str  # SHARE (percent), SCORE (mean of 1 to 5), RATIO (per supervisor)
    # Which way is better: the page marks a team on the worse side of the
    # organisation's figure. Fewer supervisees per supervisor is better.
    higher_is_better: bool = True


MEASURES: tuple[Measure, ...] = (
    Measure("covered", SHARE),
    Measure("supervised", SHARE),
    Measure("cases", SHARE),
    Measure("records", SHARE),
    Measure("agreements", SHARE),
    Measure("balance", SHARE),
    Measure("satisfaction", SCORE),
    Measure("ratio", RATIO, higher_is_better=False),
)
MEASURE_KEYS = tuple(measure.key for measure in MEASURES)


@dataclass(frozen=True, slots=True)
class Feedback:
    """Supervisee feedback over one quarter: scores summed over ratings, and
    the responses they came in. Added up like a `Share`."""

    score_sum: int = 0
    ratings: int = 0
    responses: int = 0

    def __add__(self, other: Feedback) -> Feedback:
        return Feedback(
            self.score_sum + other.score_sum,
            self.ratings + other.ratings,
            self.responses + other.responses,
        )

    def mean(self, allowed: Callable[[int], bool]) -> float | None:
        """The mean rating (one decimal) where `allowed(responses)`, else None
        (privacy.rules.feedback_aggregate_allowed: five responses or more)."""
        if not self.ratings or not allowed(self.responses):
            return None
        return round(self.score_sum / self.ratings, 1)


def add_feedback(parts: Iterable[Feedback]) -> Feedback:
    result = Feedback()
    for part in parts:
        result = result + part
    return result


@dataclass(frozen=True)
class Value:
    """One indicator's value for a team or an organisation, with what it was
    counted from: `met` of `of` (a share), `ratings` over `of` responses (a
    score), `met` supervisees of `of` supervisors (a ratio). `value` is None
    when there is nothing to count, too few responses, or it is not known."""

    key: str
    value: float | None
    met: int | None = None
    of: int | None = None
    known: bool = True  # False: not counted when these figures were stored
    kind: str = SHARE


def value_of(
    measure: Measure,
    figures: Figures,
    feedback: Feedback | None,
    *,
    allowed: Callable[[int], bool],
) -> Value:
    if measure.kind == SHARE:
        share: Share | None = getattr(figures, measure.key)
        if share is None:
            return Value(measure.key, None, known=False)
        return Value(measure.key, share.percent, share.met, share.of)
    if measure.kind == SCORE:
        if feedback is None:
            return Value(measure.key, None, known=False, kind=SCORE)
        mean = feedback.mean(allowed)
        # Below the threshold, not even the count of responses is shown.
        responses = feedback.responses if mean is not None else None
        return Value(measure.key, mean, None, responses, kind=SCORE)
    return Value(measure.key, figures.ratio, figures.supervisees, figures.supervisors, kind=RATIO)


def values_of(
    figures: Figures, feedback: Feedback | None, *, allowed: Callable[[int], bool]
) -> dict[str, Value]:
    return {m.key: value_of(m, figures, feedback, allowed=allowed) for m in MEASURES}


# ---------------------------------------------------------------- distributions


def quantile(ordered: Sequence[float], fraction: float) -> float:
    """The `fraction` quantile of values sorted ascending, interpolating
    between the two nearest (the "inclusive" method, as spreadsheets'
    QUARTILE.INC): always between the minimum and the maximum."""
    if not ordered:
        raise ValueError("no values")
    position = (len(ordered) - 1) * fraction
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    weight = position - below
    return ordered[below] + (ordered[above] - ordered[below]) * weight


@dataclass(frozen=True)
class Distribution:
    minimum: float
    lower: float  # lower quartile
    median: float
    upper: float  # upper quartile
    maximum: float
    count: int

    @property
    def five(self) -> tuple[float, float, float, float, float]:
        return (self.minimum, self.lower, self.median, self.upper, self.maximum)


def distribution(values: Iterable[float | None], *, digits: int = 1) -> Distribution | None:
    """The five-number summary of the known values (None left out); None
    when there is none."""
    ordered = sorted(v for v in values if v is not None)
    if not ordered:
        return None
    return Distribution(
        *(round(quantile(ordered, f), digits) for f in (0, 0.25, 0.5, 0.75, 1)),
        count=len(ordered),
    )


def rank(value: float, others: Iterable[float]) -> int:
    """1 for the highest; equal values share the better rank (1 + how many
    others are strictly higher)."""
    return 1 + sum(1 for other in others if other > value)


def quartile_of(value: float, spread: Distribution) -> int:
    """Which quarter of the distribution a value falls in, 1 (lowest) to 4
    (highest); a value on a boundary counts in the quarter above it."""
    boundaries = (spread.lower, spread.median, spread.upper)
    return 1 + sum(1 for boundary in boundaries if value >= boundary)


def worse_than(measure: Measure, value: float | None, reference: float | None) -> bool:
    """A team on the worse side of the organisation's figure."""
    if value is None or reference is None:
        return False
    return value < reference if measure.higher_is_better else value > reference


# ---------------------------------------------------------------- between teams


@dataclass(frozen=True)
class TeamRow:
    name: str
    values: dict[str, Value]
    worse: frozenset[str]  # the measures where the team is below the organisation

    @property
    def cells(self) -> list[tuple[Value, bool]]:
        return [(self.values[key], key in self.worse) for key in MEASURE_KEYS]


@dataclass(frozen=True)
class TeamsTable:
    rows: list[TeamRow]
    organisation: dict[str, Value]
    spread: dict[str, Distribution | None]  # across the rows' teams

    @property
    def organisation_cells(self) -> list[Value]:
        return [self.organisation[key] for key in MEASURE_KEYS]

    @property
    def spread_cells(self) -> list[tuple[str, Distribution | None]]:
        """(kind of measure, spread across teams), in the measures' order."""
        return [(m.kind, self.spread[m.key]) for m in MEASURES]


def teams_table(
    teams: Sequence[tuple[str, Figures, Feedback | None]],
    organisation: tuple[Figures, Feedback | None],
    *,
    allowed: Callable[[int], bool],
) -> TeamsTable:
    """One row per team (name, its figures, its feedback); the organisation's
    figures are those of ALL its teams, counted (not the rows' mean)."""
    whole = values_of(*organisation, allowed=allowed)
    rows = []
    for name, figures, feedback in teams:
        values = values_of(figures, feedback, allowed=allowed)
        worse = frozenset(
            m.key for m in MEASURES if worse_than(m, values[m.key].value, whole[m.key].value)
        )
        rows.append(TeamRow(name, values, worse))
    spread = {key: distribution(row.values[key].value for row in rows) for key in MEASURE_KEYS}
    return TeamsTable(rows=rows, organisation=whole, spread=spread)


# ---------------------------------------------------------------- between organisations


def comparison_allowed(others: int) -> bool:
    """Other organisations' figures show only over five or more of them."""
    return others >= MIN_ORGANISATIONS


@dataclass(frozen=True)
class Standing:
    """This organisation's value against the other organisations' spread;
    `spread` is None (and nothing else about others is shown) when fewer than
    MIN_ORGANISATIONS others have a value."""

    key: str
    value: float | None
    spread: Distribution | None
    rank: int | None  # among all, this one included; 1 = highest
    of: int | None  # organisations ranked, this one included
    quartile: int | None
    too_few: bool


def standing(
    key: str, own: float | None, others: Iterable[float | None], *, kind: str = SHARE
) -> Standing:
    # Percentages of others in whole numbers: their exact figures to the
    # decimal would match more easily against anything they publish. Scores
    # and ratios keep their one decimal (a whole number would say nothing).
    digits = 0 if kind == SHARE else 1
    known = [round(v, digits) for v in others if v is not None]
    if not comparison_allowed(len(known)):
        return Standing(key, own, None, None, None, None, too_few=True)
    spread = distribution(known, digits=1)
    if own is None:
        return Standing(key, None, spread, None, None, None, too_few=False)
    return Standing(
        key,
        own,
        spread,
        rank=rank(own, known),
        of=len(known) + 1,
        quartile=quartile_of(own, spread),
        too_few=False,
    )


def standings(own: Mapping[str, Value], others: Iterable[Mapping[str, Value]]) -> list[Standing]:
    others = list(others)
    return [
        standing(m.key, own[m.key].value, [each[m.key].value for each in others], kind=m.kind)
        for m in MEASURES
    ]
