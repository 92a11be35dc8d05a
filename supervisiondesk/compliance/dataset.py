"""The compliance engine's input: plain, immutable data with no ORM in sight.

Two loaders build a `Dataset`: `compliance.folder` from a data folder
(../shared/spec/compliance.md section 6) and, later, a database loader. The
engine reads nothing else, so it runs in milliseconds in tests and on CSV
files as well as on the database.

Field names follow the spec's columns, except `from`/`to`, which are Python
keywords: they are `start`/`end` here (`end` inclusive, `None` = open).
If a column is added to the spec, change this module, `compliance.folder`
(reader and writer) and `people.folder_import` together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Team:
    team: str
    service: str  # a service type: feh, yos, cin... decides the group rule
    # Line in the source file (0 when not from a file); not part of equality.
    line: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Staff:
    staff_id: str
    name: str
    team: str
    country: str  # ISO 3166 code, with subdivision where it matters (GB-ENG)
    start_date: date
    end_date: date | None = None
    # Line in the source file (0 when not from a file); not part of equality.
    line: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class CategoryPeriod:
    staff_id: str
    category: str
    start: date
    end: date | None = None
    # Line in the source file (0 when not from a file); not part of equality.
    line: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Relationship:
    supervisee_id: str
    supervisor_id: str
    kind: str  # line, professional, external
    start: date
    end: date | None = None
    # Line in the source file (0 when not from a file); not part of equality.
    line: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Session:
    session_id: str
    kind: str  # individual_formal, individual_informal, group, peer
    status: str  # planned, held, cancelled, postponed
    date: date
    duration_minutes: int | None
    supervisor_id: str
    supervisee_ids: tuple[str, ...]
    recorded_on: date | None = None
    supervisor_signed_on: date | None = None
    supervisee_signed_on: date | None = None
    shared_on: date | None = None
    functions: tuple[str, ...] = ()
    # Line in the source file (0 when not from a file); not part of equality.
    line: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class CasePeriod:
    case_id: str
    worker_id: str
    case_type: str
    risk: str  # high, standard
    start: date
    end: date | None = None
    # Line in the source file (0 when not from a file); not part of equality.
    line: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class CaseDiscussion:
    session_id: str
    case_id: str
    recorded_on: date | None = None
    # Line in the source file (0 when not from a file); not part of equality.
    line: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Agreement:
    supervisee_id: str
    supervisor_id: str
    signed_on: date
    reviewed_on: date | None = None
    # Line in the source file (0 when not from a file); not part of equality.
    line: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Absence:
    staff_id: str
    start: date
    end: date
    # Line in the source file (0 when not from a file); not part of equality.
    line: int = field(default=0, compare=False, repr=False)


@dataclass(slots=True)
class Dataset:
    """Everything the engine reads, as loaded; order is the source's order."""

    staff: list[Staff] = field(default_factory=list)
    categories: list[CategoryPeriod] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    case_periods: list[CasePeriod] = field(default_factory=list)
    case_discussions: list[CaseDiscussion] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    absences: list[Absence] = field(default_factory=list)
