"""Drift signals' rows as a page shows them (`reports.selectors.drift_of`
builds the report): the rows a viewer may open per `privacy.rules`, with
links only to the sessions and cases they may open."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser

from supervisiondesk.compliance import formatting
from supervisiondesk.people.choices import CaseType, Risk
from supervisiondesk.people.models import Case
from supervisiondesk.privacy import rules
from supervisiondesk.reports import drift
from supervisiondesk.supervision.choices import SessionKind

NO_TEAM = 0  # the key of rows whose person has no team today


@dataclass(frozen=True)
class ActionSignal:
    action_pk: int
    description: str
    owner: str
    team: str
    due_on: date
    carried: int
    first_carried: date
    last_carried: date
    last_session_pk: int | None  # a link when the viewer may open the session
    case_pk: int | None
    case_id: str


@dataclass(frozen=True)
class CaseSignal:
    case_pk: int
    case_id: str
    case_type: str
    risk: str
    worker: str
    team: str
    days_overdue: int
    last: date | None


@dataclass(frozen=True)
class RecordSignal:
    discussion_pk: int
    session_pk: int | None  # a link when the viewer may open the session
    session_date: date
    kind: str
    supervisor: str
    team: str
    case_pk: int
    case_id: str


@dataclass(frozen=True)
class TeamCount:
    key: int  # the team's primary key; NO_TEAM
    name: str
    actions: int
    cases: int
    records: int


@dataclass
class DriftReport:
    today: date
    since: date  # records are looked at from this day
    totals: dict[str, int]  # every row of the scope, by signal
    by_team: list[TeamCount]
    cases_known: bool = True  # False: no policy, so no case intervals
    actions: list[ActionSignal] = field(default_factory=list)
    cases: list[CaseSignal] = field(default_factory=list)
    records: list[RecordSignal] = field(default_factory=list)

    @property
    def hidden(self) -> dict[str, int]:
        """Rows counted but not listed: the viewer may not open them."""
        shown = {"actions": self.actions, "cases": self.cases, "records": self.records}
        return {signal: self.totals[signal] - len(shown[signal]) for signal in drift.SIGNALS}


# Keys per query: `among` repeats them in each of the rule's sets, and
# SQLite takes 32,766 variables in a query by default.
AMONG_CHUNK = 4000


def _chunks(keys) -> list[list[int]]:
    keys = list(keys)
    return [keys[n : n + AMONG_CHUNK] for n in range(0, len(keys), AMONG_CHUNK)]


def listed(
    report: DriftReport,
    user: AbstractBaseUser,
    flagged: list[drift.Carried],
    overdue_cases: list,
    discussions: list[tuple[int, int, int]],
    teams: dict[int, tuple[int, str]],
) -> None:
    """The rows the viewer may open, with links only to what they may open."""
    actions = {
        row[0]: row
        for row in rules.visible_actions(user)
        .filter(pk__in=[c.action_id for c in flagged])
        .values_list(
            "pk", "description", "owner_id", "owner__name", "due_on", "case_id", "case__case_id"
        )
    }
    readable = {
        pk: row
        for chunk in _chunks([d[0] for d in discussions])
        for pk, *row in rules.visible_discussions(user, among=chunk).values_list(
            "pk",
            "session_id",
            "session__date",
            "session__kind",
            "session__supervisor_id",
            "session__supervisor__name",
            "case_id",
            "case__case_id",
        )
    }
    sessions = {c.last[0] for c in flagged if c.action_id in actions}
    sessions |= {row[0] for row in readable.values()}
    openable = set(
        rules.visible_sessions(user).filter(pk__in=sessions).values_list("pk", flat=True)
    )
    # The case pages the viewer may open: of the overdue cases, and of the
    # actions' cases (reading an action does not open its case).
    case_pks = {row[5] for row in actions.values() if row[5]}
    # Primary keys first: one list of keys lets the database look each case
    # up, where "case id in ... or key in ..." read every case against the
    # rules (9 s for a senior manager at national scale).
    case_pks.update(
        Case.objects.filter(
            organisation_id=rules.viewer_of(user).organisation_id,
            case_id__in={row.case_id for row in overdue_cases},
        ).values_list("pk", flat=True)
    )
    openable_cases = {
        row
        for chunk in _chunks(case_pks)
        for row in rules.visible_cases(user, among=chunk).values_list("case_id", "pk")
    }
    cases = dict(openable_cases)
    case_pks = {pk for _case_id, pk in openable_cases}
    for c in flagged:
        if c.action_id not in actions:
            continue
        pk, description, owner, owner_name, due_on, case_pk, case_id = actions[c.action_id]
        report.actions.append(
            ActionSignal(
                action_pk=pk,
                description=description,
                owner=owner_name,
                team=teams.get(owner, (NO_TEAM, ""))[1],
                due_on=due_on,
                carried=c.count,
                first_carried=c.first,
                last_carried=c.last[1],
                last_session_pk=c.last[0] if c.last[0] in openable else None,
                case_pk=case_pk if case_pk in case_pks else None,
                case_id=case_id or "",
            )
        )
    report.cases = [
        CaseSignal(
            case_pk=cases[row.case_id],
            case_id=row.case_id,
            case_type=formatting.choice_label(CaseType, row.case_type),
            risk=formatting.choice_label(Risk, row.risk) if row.risk else "",
            worker=row.staff_name,
            team=row.team_name,
            days_overdue=row.days_overdue,
            last=row.last,
        )
        for row in sorted(overdue_cases, key=lambda r: r.sort_key)
        if row.case_id in cases
    ]
    kinds = dict(SessionKind.choices)
    report.records = sorted(
        (
            RecordSignal(
                discussion_pk=pk,
                session_pk=session if session in openable else None,
                session_date=day,
                kind=str(kinds.get(kind, kind)),
                supervisor=supervisor_name,
                team=teams.get(supervisor, (NO_TEAM, ""))[1],
                case_pk=case_pk,
                case_id=case_id,
            )
            for pk, (session, day, kind, supervisor, supervisor_name, case_pk, case_id) in (
                readable.items()
            )
        ),
        key=lambda r: (-r.session_date.toordinal(), r.supervisor, r.case_id),
    )
