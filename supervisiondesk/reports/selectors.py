"""Drift signals' reads (docs/reports.md, "Drift signals"): the rows of a
viewer's scope, judged by the pure rules of `reports.drift`.

A scope is people and leaders (staff records): a supervisor's are their
supervisees and themselves; a manager's, senior manager's or director's the
members today of their teams (`people.selectors.visible_teams`). An action
is in scope when its owner is one of the people or it comes from a session
a leader led; a case when a person holds it; a record when a leader led its
session. Each signal is counted in a team: an action in its owner's, a case
in its worker's, a record in its supervisor's (as the dashboard counts).

Counts take in every row of the scope (figures, like the dashboard); rows
are listed only where the viewer may open them (`privacy.rules`:
`visible_actions`, `visible_cases`, `visible_discussions`, and
`visible_sessions` for the links to sessions: `reports.drift_rows`). A
page costs the same number of queries whatever the number of rows (a test
checks it).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet

from supervisiondesk.compliance.intervals import add_months
from supervisiondesk.compliance.selectors import compliance_of
from supervisiondesk.people.loaders import rows_in
from supervisiondesk.people.models import (
    Organisation,
    StaffMember,
    SupervisoryRelationship,
    Team,
    TeamMembership,
)
from supervisiondesk.people.selectors import active_on
from supervisiondesk.policies.selectors import NoPolicyError
from supervisiondesk.privacy import rules
from supervisiondesk.reports import drift
from supervisiondesk.reports.drift_rows import NO_TEAM, DriftReport, TeamCount, listed
from supervisiondesk.supervision.choices import ActionStatus, SessionStatus
from supervisiondesk.supervision.models import Action, AgendaItem, CaseDiscussion

RECORD_WINDOW_MONTHS = 12  # records with no reflection: held in the last year


@dataclass(frozen=True)
class Scope:
    organisation: Organisation
    people: QuerySet  # of StaffMember primary keys (`values("pk")`)
    leaders: QuerySet


def scope_of(
    *, staff: StaffMember, today: date, supervisees: bool, teams: list[Team] | None
) -> Scope:
    """The scope of a supervisor (`supervisees`), of a manager (`teams`), or both."""
    people, leaders = Q(pk__in=[]), Q(pk__in=[])
    if supervisees:
        people |= Q(
            pk__in=SupervisoryRelationship.objects.filter(
                active_on(today), supervisor=staff
            ).values("supervisee")
        )
        leaders |= Q(pk=staff.pk)
    if teams is not None:
        members = Q(
            pk__in=TeamMembership.objects.filter(active_on(today), team__in=teams).values("staff")
        )
        people |= members
        leaders |= members
    ours = StaffMember.objects.filter(organisation=staff.organisation)
    return Scope(
        organisation=staff.organisation,
        people=ours.filter(people).values("pk"),
        leaders=ours.filter(leaders).values("pk"),
    )


# ---------------------------------------------------------------- the signals


def _carried_actions(scope: Scope, today: date) -> tuple[list[drift.Carried], dict[int, int]]:
    """The flagged actions, and each one's owner (a staff primary key)."""
    open_actions = Action.objects.filter(
        Q(owner__in=scope.people) | Q(session__supervisor__in=scope.leaders),
        organisation=scope.organisation,
        status=ActionStatus.OPEN,
    )
    carried: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for action, session, day in AgendaItem.objects.filter(
        action__in=open_actions.values("pk"),
        session__status=SessionStatus.HELD,
        session__date__lte=today,
    ).values_list("action_id", "session_id", "session__date"):
        carried[action].append((session, day))
    # Only actions carried often enough can be flagged: read just those.
    candidates = {a for a, sessions in carried.items() if len(sessions) >= drift.CARRIED_OVER}
    rows, owners = [], {}
    for pk, status, reason, changed_on, owner in rows_in(
        Action.objects.all(),
        "pk",
        candidates,
        "pk",
        "status",
        "delay_reason",
        "changed_on",
        "owner_id",
    ):
        owners[pk] = owner
        rows.append(drift.ActionRow(pk, status, reason, changed_on, tuple(carried[pk])))
    return drift.carried_over(rows, today=today), owners


def _bare(scope: Scope, today: date, since: date) -> QuerySet:
    """The case discussions in the written records of held sessions led in
    scope from `since` whose risk and analysis (`drift.REFLECTION_FIELDS`)
    are all empty. Exact in SQL: `case_discussion_save` stores a blank field
    as empty, so no field is whitespace alone."""
    return CaseDiscussion.objects.filter(
        session__organisation=scope.organisation,
        session__status=SessionStatus.HELD,
        session__recorded_on__isnull=False,
        session__date__gte=since,
        session__date__lte=today,
        session__supervisor__in=scope.leaders,
        **{name: "" for name in drift.REFLECTION_FIELDS},
    )


def _bare_discussions(scope: Scope, today: date, since: date) -> list[tuple[int, int, int]]:
    """(discussion, session, supervisor) of each bare record (`_bare`)."""
    return list(
        _bare(scope, today, since).values_list("pk", "session_id", "session__supervisor_id")
    )


def _bare_by_supervisor(scope: Scope, today: date, since: date) -> Counter[int]:
    """How many bare records (`_bare`) each supervisor led: counted by the
    database, so a director's dashboard reads one row per supervisor rather
    than every record of the year (millions at national scale)."""
    return Counter(
        dict(
            _bare(scope, today, since)
            .values_list("session__supervisor_id")
            .annotate(n=Count("pk"))
            .values_list("session__supervisor_id", "n")
            .order_by()
        )
    )


def _teams_of(staff: set[int], today: date) -> dict[int, tuple[int, str]]:
    """Each staff member's team today: (team key, name)."""
    return {
        pk: (team, name)
        for pk, team, name in rows_in(
            TeamMembership.objects.filter(active_on(today)),
            "staff_id",
            staff,
            "staff_id",
            "team_id",
            "team__name",
        )
    }


def drift_of(
    user: AbstractBaseUser, *, scope: Scope, today: date, rows: bool = True, cases: bool = True
) -> DriftReport:
    """The three signals of `scope` on `today`: counts of every row, and
    (with `rows`) the rows `user` may open. Without `cases`, the engine is
    not run and the cases are not known (the dashboard counts them from its
    stored figures instead)."""
    since = add_months(today, -RECORD_WINDOW_MONTHS)
    flagged_actions, owners = _carried_actions(scope, today)
    # Counts alone (the dashboard) are counted by the database.
    discussions = _bare_discussions(scope, today, since) if rows else []
    bare = (
        Counter(supervisor for _d, _s, supervisor in discussions)
        if rows
        else _bare_by_supervisor(scope, today, since)
    )
    cases_known, overdue_cases = cases, []
    if cases:
        try:
            page = compliance_of(
                organisation=scope.organisation,
                staff={pk for (pk,) in scope.people.values_list("pk")},
                on=today,
            )
        except NoPolicyError:
            cases_known = False
        else:
            overdue_cases = drift.overdue((row, row.status) for row in page.cases)

    teams = _teams_of({owners[c.action_id] for c in flagged_actions} | set(bare), today)
    team_keys = dict(
        Team.objects.filter(
            organisation=scope.organisation, code__in={row.team for row in overdue_cases}
        ).values_list("code", "pk")
    )
    names = {key: name for key, name in teams.values()}
    names |= {team_keys[row.team]: row.team_name for row in overdue_cases if row.team in team_keys}
    counts = {
        "actions": drift.count_by(
            flagged_actions, lambda c: teams.get(owners[c.action_id], (NO_TEAM,))[0]
        ),
        "cases": drift.count_by(overdue_cases, lambda row: team_keys.get(row.team, NO_TEAM)),
        "records": drift.count_by(bare, lambda s: teams.get(s, (NO_TEAM,))[0], weight=bare),
    }
    keys = sorted(
        {key for counter in counts.values() for key in counter},
        key=lambda key: (key == NO_TEAM, names.get(key, "")),
    )
    report = DriftReport(
        today=today,
        since=since,
        totals={signal: sum(counts[signal].values()) for signal in drift.SIGNALS},
        by_team=[
            TeamCount(key, names.get(key, ""), **drift.team_counts(counts, [key])[key])
            for key in keys
        ],
        cases_known=cases_known,
    )
    if rows:
        listed(report, user, flagged_actions, overdue_cases, discussions, teams)
    return report


def drift_counts(
    user: AbstractBaseUser, teams: list[Team], today: date, *, cases: bool = True
) -> dict:
    """{team primary key: {"actions": n, "cases": n, "records": n}} for
    `teams` (each listed, zeros included): the dashboards' figures. Counts
    only, so no row's visibility is asked; `user` must be allowed the teams
    (`people.selectors.visible_teams`)."""
    viewer = rules.viewer_of(user)
    if viewer.staff is None or not teams:
        return {team.pk: dict.fromkeys(drift.SIGNALS, 0) for team in teams}
    scope = scope_of(staff=viewer.staff, today=today, supervisees=False, teams=teams)
    report = drift_of(user, scope=scope, today=today, rows=False, cases=cases)
    found = {line.key: line for line in report.by_team}
    return {
        team.pk: {
            signal: getattr(found[team.pk], signal) if team.pk in found else 0
            for signal in drift.SIGNALS
        }
        for team in teams
    }


__all__ = [
    "DriftReport",
    "Scope",
    "TeamCount",
    "drift_counts",
    "drift_of",
    "scope_of",
]
