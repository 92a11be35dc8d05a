"""The supervision indicators of each team on one day, from the compliance
report of that day: what the dashboards chart month by month and the
benchmarks compare. Pure Python over the engine's input and output (no ORM),
like the engine, so a month-end snapshot is the same on a data folder as on
the database.

Every figure is a `Share` (how many met the standard, of how many), never a
bare percentage, so teams add up to a service and services to the
organisation exactly (a mean of percentages would weigh a team of 3 like a
team of 80).

Who counts where (docs/reports.md): a person's supervision, agreement and
function balance count in the supervisee's team; a case in its worker's
team; a record and a supervisor's ratio in the supervisor's team (the one who
writes and signs it). A team is the one the data gives each person on the
day (the `Staff.team` of a dataset loaded on that day).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from supervisiondesk.compliance.dataset import Dataset

# A record check that is met. "not_assessed": the policy sets no such standard.
MET = frozenset({"on_time", "not_assessed"})
RECORD_CHECKS = ("recording", "supervisor_sign_off", "supervisee_sign_off")


@dataclass(frozen=True, slots=True)
class Share:
    met: int = 0
    of: int = 0

    def __add__(self, other: Share) -> Share:
        return Share(self.met + other.met, self.of + other.of)

    @property
    def percent(self) -> float | None:
        """None when there is nothing to count (shown as "no data", not 0 %)."""
        return None if not self.of else round(100 * self.met / self.of, 1)


# The shares, in the order the dashboards show them. Names are also the keys
# of the stored snapshots (reports.models): renaming one needs a migration of
# the stored figures.
SHARES = ("supervised", "cases", "records", "agreements", "balance")


@dataclass(frozen=True)
class Figures:
    """One team's (or several teams') indicators on one day."""

    # Individual supervision within its standard (status ok or due), of the
    # requirements on the day; people away (status absent) are not counted.
    supervised: Share = Share()
    # Case supervision within its standard, of the open cases with a rule.
    cases: Share = Share()
    # Records of the period's held sessions written and signed on time, of
    # those whose deadlines have passed (a record still within its deadline
    # is not counted yet).
    records: Share = Share()
    # Pairs with a current agreement, of the pairs that need one.
    agreements: Share = Share()
    # Pairs whose latest formal sessions covered every function, of the
    # pairs with enough sessions to tell (spec section 4).
    balance: Share = Share()
    # Staff in post on the day with a supervisor of a kind the policy counts,
    # of the staff in post (benchmarks: coverage). None: not known, as in a
    # figure stored before it was counted (never 0 of 0 read as "no data").
    covered: Share | None = Share()
    supervisors: int = 0
    # Relationships active on the day, of the kinds that count: each
    # supervisor's distinct supervisees, summed over supervisors (a person
    # with two supervisors counts for both).
    supervisees: int = 0
    over_ratio: int = 0
    # The period's held individual formal sessions, and how many covered
    # each function (the function balance chart).
    formal_sessions: int = 0
    functions_covered: Mapping[str, int] = field(default_factory=dict)

    def __add__(self, other: Figures) -> Figures:
        covered = Counter(self.functions_covered)
        covered.update(other.functions_covered)
        return Figures(
            **{name: getattr(self, name) + getattr(other, name) for name in SHARES},
            # Unknown in one part, unknown in the sum: a partial count would
            # pass for the whole.
            covered=None
            if self.covered is None or other.covered is None
            else self.covered + other.covered,
            supervisors=self.supervisors + other.supervisors,
            supervisees=self.supervisees + other.supervisees,
            over_ratio=self.over_ratio + other.over_ratio,
            formal_sessions=self.formal_sessions + other.formal_sessions,
            functions_covered=dict(sorted(covered.items())),
        )

    @property
    def ratio(self) -> float | None:
        """Supervisees per supervisor."""
        return None if not self.supervisors else round(self.supervisees / self.supervisors, 1)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            name: [getattr(self, name).met, getattr(self, name).of] for name in SHARES
        }
        data |= {
            "supervisors": self.supervisors,
            "supervisees": self.supervisees,
            "over_ratio": self.over_ratio,
            "formal_sessions": self.formal_sessions,
            "functions_covered": dict(self.functions_covered),
        }
        if self.covered is not None:
            data["covered"] = [self.covered.met, self.covered.of]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Figures:
        return cls(
            **{name: Share(*data.get(name, (0, 0))) for name in SHARES},
            covered=Share(*data["covered"]) if "covered" in data else None,
            supervisors=data.get("supervisors", 0),
            supervisees=data.get("supervisees", 0),
            over_ratio=data.get("over_ratio", 0),
            formal_sessions=data.get("formal_sessions", 0),
            functions_covered=dict(data.get("functions_covered", {})),
        )


def total(figures: Iterable[Figures]) -> Figures:
    result = Figures()
    for each in figures:
        result = result + each
    return result


class _Counts:
    """Mutable tallies while reading one report."""

    def __init__(self) -> None:
        self.shares: dict[str, list[int]] = {name: [0, 0] for name in SHARES}
        self.covered = [0, 0]
        self.supervisors = self.supervisees = self.over_ratio = self.formal_sessions = 0
        self.functions: Counter[str] = Counter()

    def count(self, name: str, met: bool) -> None:
        self.shares[name][0] += met
        self.shares[name][1] += 1

    def figures(self) -> Figures:
        return Figures(
            **{name: Share(*pair) for name, pair in self.shares.items()},
            covered=Share(*self.covered),
            supervisors=self.supervisors,
            supervisees=self.supervisees,
            over_ratio=self.over_ratio,
            formal_sessions=self.formal_sessions,
            functions_covered=dict(sorted(self.functions.items())),
        )


@dataclass(frozen=True, slots=True)
class Counted:
    """One entry of the report counted in one share: the rows behind a figure."""

    indicator: str  # one of SHARES
    team: str
    entry: Mapping[str, Any]  # the report's own entry (spec section 7)
    met: bool


def counted(
    dataset: Dataset, report: Mapping[str, Any], *, period: tuple[date, date]
) -> Iterator[Counted]:
    """Every entry of the report that counts in a share, in its team, met or
    not: `team_figures` tallies them and the drill-down page lists them, so a
    figure and the rows behind it have one definition."""
    start, end = period
    team_of = {person.staff_id: person.team for person in dataset.staff}
    sessions = {session.session_id: session for session in dataset.sessions}

    def rows(indicator: str, entries: Iterable[Mapping[str, Any]], whose: str, met):
        for entry in entries:
            # Not in the data (an external supervisor): no team.
            if (team := team_of.get(entry[whose] or "")) is not None:
                yield Counted(indicator, team, entry, met(entry))

    individual = (e for e in report["individual"] if e["status"] != "absent")
    yield from rows("supervised", individual, "staff_id", lambda e: e["status"] in ("ok", "due"))
    yield from rows("cases", report["cases"], "worker_id", lambda e: e["status"] in ("ok", "due"))
    records = []
    for entry in report["records"]:
        session = sessions.get(entry["session_id"])
        if session is None or not start <= session.date <= end:
            continue
        if "pending" in (entry[check] for check in RECORD_CHECKS):
            continue  # still within its deadline: not counted yet
        records.append({**entry, "supervisor_id": session.supervisor_id})
    yield from rows(
        "records",
        records,
        "supervisor_id",
        lambda e: all(e[check] in MET for check in RECORD_CHECKS),
    )
    yield from rows(
        "agreements", report["agreements"], "supervisee_id", lambda e: e["status"] == "current"
    )
    yield from rows(
        "balance", report["balance"], "supervisee_id", lambda e: not e["functions_missing"]
    )


def team_figures(
    dataset: Dataset,
    report: Mapping[str, Any],
    *,
    period: tuple[date, date],
    counting_kinds: frozenset[str] | None = None,
) -> dict[str, Figures]:
    """Each team's figures (by team code) from the report of `dataset` on the
    period's last day; records and sessions are those dated in `period`
    (first and last day included). `counting_kinds`: the relationship kinds
    the policy counts (`Policy.relationships_that_count`), for the ratios."""
    start, end = period
    team_of = {person.staff_id: person.team for person in dataset.staff}
    sessions = {session.session_id: session for session in dataset.sessions}
    counts: dict[str, _Counts] = {}

    def of(staff_id: str | None) -> _Counts | None:
        team = team_of.get(staff_id or "")
        if team is None:
            return None  # not in the data (an external supervisor): no team
        return counts.setdefault(team, _Counts())

    for row in counted(dataset, report, period=period):
        counts.setdefault(row.team, _Counts()).count(row.indicator, row.met)
    # Ratios from the relationships themselves: the report lists supervisors
    # only when the policy sets a maximum (spec section 4).
    supervisees: dict[str, set[str]] = {}
    for relationship in dataset.relationships:
        active = relationship.start <= end and (relationship.end is None or relationship.end >= end)
        if active and (counting_kinds is None or relationship.kind in counting_kinds):
            supervisees.setdefault(relationship.supervisor_id, set()).add(
                relationship.supervisee_id
            )
    # Coverage: everyone in post on the day, in their own team, counted once
    # however many supervisors they have.
    supervised_people = {person for people in supervisees.values() for person in people}
    for person in dataset.staff:
        in_post = person.start_date <= end and (person.end_date is None or person.end_date >= end)
        if in_post and (tally := of(person.staff_id)):
            tally.covered[0] += person.staff_id in supervised_people
            tally.covered[1] += 1
    for supervisor_id, people in supervisees.items():
        if tally := of(supervisor_id):
            tally.supervisors += 1
            tally.supervisees += len(people)
    for entry in report["supervisors"]:
        if entry["over_ratio"] and (tally := of(entry["staff_id"])):
            tally.over_ratio += 1
    for session in sessions.values():
        if (
            session.status == "held"
            and session.kind == "individual_formal"
            and start <= session.date <= end
            and (tally := of(session.supervisor_id))
        ):
            tally.formal_sessions += 1
            tally.functions.update(set(session.functions))
    return {team: tally.figures() for team, tally in sorted(counts.items())}
