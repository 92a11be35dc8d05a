"""Capacity planning's results (`reports.capacity` computes them): each
supervisee's minutes a month by part, each supervisor's hours needed and
available, and the totals, in exact fractions so they add up exactly.
Pure: no Django."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from math import ceil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from supervisiondesk.reports.capacity import Assumptions


@dataclass(frozen=True)
class SuperviseeNeed:
    """One supervisee's supervision minutes a month, by part."""

    staff_id: str
    name: str
    category: str | None
    cases: int
    individual: Fraction
    group: Fraction
    case_discussions: Fraction  # all of it, before what fits in the sessions
    case_extra: Fraction  # what is added: beyond the sessions, or all when they do not count
    ruled: bool = True  # the policy sets individual supervision for their category

    @property
    def minutes(self) -> Fraction:
        return self.individual + self.group + self.case_extra


@dataclass(frozen=True)
class SupervisorNeed:
    staff_id: str
    name: str
    team: str
    fte: Fraction
    supervisees: tuple[SuperviseeNeed, ...]
    hours_per_fte: Fraction

    @property
    def cases(self) -> int:
        return sum(s.cases for s in self.supervisees)

    @property
    def minutes(self) -> Fraction:
        return sum((s.minutes for s in self.supervisees), Fraction(0))

    @property
    def hours_needed(self) -> Fraction:
        return self.minutes / 60

    @property
    def hours_available(self) -> Fraction:
        return self.fte * self.hours_per_fte

    @property
    def difference(self) -> Fraction:
        """Available less needed: below zero, more supervision than time."""
        return self.hours_available - self.hours_needed

    def part_hours(self, part: str) -> Fraction:
        """ "individual", "group" or "case_extra" hours a month."""
        return sum((getattr(s, part) for s in self.supervisees), Fraction(0)) / 60


@dataclass(frozen=True)
class CapacityPlan:
    policy_id: str
    policy_title: str
    on: date
    assumptions: Assumptions
    session_minutes: int
    cases_in_sessions: bool  # the policy counts individual sessions for case supervision
    supervisors: tuple[SupervisorNeed, ...] = field(default=())

    @property
    def supervisees(self) -> int:
        return sum(len(s.supervisees) for s in self.supervisors)

    @property
    def cases(self) -> int:
        return sum(s.cases for s in self.supervisors)

    @property
    def unruled(self) -> int:
        """Supervisees for whose category the policy sets no individual supervision."""
        return sum(1 for s in self.supervisors for p in s.supervisees if not p.ruled)

    @property
    def hours_needed(self) -> Fraction:
        return sum((s.hours_needed for s in self.supervisors), Fraction(0))

    @property
    def hours_available(self) -> Fraction:
        return sum((s.hours_available for s in self.supervisors), Fraction(0))

    @property
    def difference(self) -> Fraction:
        return self.hours_available - self.hours_needed

    @property
    def supervisor_fte(self) -> Fraction:
        return sum((s.fte for s in self.supervisors), Fraction(0))

    @property
    def fte_needed(self) -> Fraction | None:
        """Full-time supervisors whose share of time for supervision covers
        the hours needed; None when a post has no time for supervision."""
        per_fte = self.assumptions.hours_per_fte
        return self.hours_needed / per_fte if per_fte else None

    @property
    def ratio(self) -> Fraction | None:
        """Supervisees per supervisor now."""
        return Fraction(self.supervisees, len(self.supervisors)) if self.supervisors else None

    def supervisors_at_ratio(self, max_supervisees: int) -> int:
        """How many supervisors `supervisees` need at no more than
        `max_supervisees` each (1:6 -> 6)."""
        if max_supervisees < 1:
            raise ValueError("a ratio needs at least one supervisee per supervisor")
        return ceil(Fraction(self.supervisees, max_supervisees))

    def over_ratio(self, max_supervisees: int) -> int:
        """Supervisors now over `max_supervisees`."""
        return sum(1 for s in self.supervisors if len(s.supervisees) > max_supervisees)
