"""The rows behind a dashboard figure (issue 6 item 1: "each figure drilling
down to the rows behind it"): who or what was counted in one indicator for
one team (or all the viewer's teams, when few) on one day, met or not.

The rows come from `reports.indicators.counted`, the same function the
stored figures are tallied from, over the engine's report of the day for
the chosen teams' people only, so the page's "N of M" is the dashboard's for
that day (a test checks it on every demo team). Names, dates and statuses
only: no record content.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from supervisiondesk.compliance.engine import compliance_report
from supervisiondesk.compliance.formatting import STATUS_LABELS
from supervisiondesk.people.models import StaffMember, Team
from supervisiondesk.people.selectors import team_members
from supervisiondesk.policies.selectors import policy_timeline
from supervisiondesk.privacy import rules
from supervisiondesk.reports.indicators import SHARES, Share, counted
from supervisiondesk.reports.snapshots import period_of
from supervisiondesk.supervision.choices import Function
from supervisiondesk.supervision.loaders import dataset_from_database

# A record check in words (spec section 7: "on_time", "late", "missing"...).
CHECK_LABELS = {
    "on_time": gettext_lazy("On time"),
    "late": gettext_lazy("Late"),
    "missing": gettext_lazy("Missing"),
    "pending": gettext_lazy("Not due yet"),
    "not_assessed": gettext_lazy("No standard"),
}
AGREEMENT_LABELS = {
    "current": gettext_lazy("Current"),
    "review_overdue": gettext_lazy("Review overdue"),
    "missing": gettext_lazy("Missing"),
}


@dataclass(frozen=True)
class BehindRow:
    """One counted entry. `who` is the person it counts for (the supervisee,
    the case's worker, the record's supervisor); `with_whom` the other party;
    `about` a case id or a session's date; `status` and `detail` in words."""

    met: bool
    team: str
    who: str
    with_whom: str = ""
    about: str = ""
    status: str = ""
    detail: str = ""
    last: date | None = None
    next_due: date | None = None
    sessions: int | None = None  # balance: the formal sessions looked at
    session_pk: int | None = None
    staff_pk: int | None = None


@dataclass
class Behind:
    indicator: str
    on: date
    teams: list[Team]
    rows: list[BehindRow] = field(default_factory=list)

    @property
    def share(self) -> Share:
        return Share(sum(row.met for row in self.rows), len(self.rows))


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _checks(entry: dict[str, Any]) -> str:
    parts = [
        (_("recorded"), entry["recording"]),
        (_("signed by the supervisor"), entry["supervisor_sign_off"]),
        (_("signed by the supervisee"), entry["supervisee_sign_off"]),
    ]
    return "; ".join(f"{what}: {CHECK_LABELS.get(value, value)}" for what, value in parts)


def _functions(names: Iterable[str]) -> str:
    return ", ".join(str(Function(n).label) if n in Function.values else n for n in names)


def rows_behind(
    *, viewer: Any, organisation: Any, indicator: str, teams: list[Team], on: date
) -> Behind:
    """The entries counted in `indicator` for `teams` on `on`, worst first."""
    if indicator not in SHARES:
        raise ValueError(f"unknown indicator: {indicator!r}")
    members = set().union(*team_members(teams=teams, on=on).values()) if teams else set()
    behind = Behind(indicator=indicator, on=on, teams=teams)
    if not members:
        return behind
    dataset = dataset_from_database(organisation, on, staff=members)
    timeline = policy_timeline(organisation=organisation)
    keys = dict(
        StaffMember.objects.filter(organisation=organisation, pk__in=members).values_list(
            "staff_id", "pk"
        )
    )
    report = compliance_report(dataset, timeline, on, staff_ids=set(keys))
    codes = {team.code for team in teams}
    names = {person.staff_id: person.name for person in dataset.staff}
    team_names = {team.code: team.name for team in teams}
    sessions = {session.session_id: session for session in dataset.sessions}
    found = [
        c
        for c in counted(dataset, report, period=period_of(on))
        if c.indicator == indicator and c.team in codes
    ]
    session_keys: dict[str, int] = {}
    if indicator == "records":
        wanted = {c.entry["session_id"] for c in found}
        session_keys = dict(
            rules.visible_sessions(viewer)
            .filter(session_id__in=wanted)
            .values_list("session_id", "pk")
        )

    def name(staff_id: str | None) -> str:
        return names.get(staff_id or "", staff_id or "")

    for c in found:
        e = c.entry
        common = {"met": c.met, "team": team_names.get(c.team, c.team)}
        if indicator == "supervised":
            row = BehindRow(
                **common,
                who=name(e["staff_id"]),
                status=str(STATUS_LABELS.get(e["status"], e["status"])),
                last=_day(e["last"]),
                next_due=_day(e["next_due"]),
                staff_pk=keys.get(e["staff_id"]),
            )
        elif indicator == "cases":
            row = BehindRow(
                **common,
                who=name(e["worker_id"]),
                about=e["case_id"],
                status=str(STATUS_LABELS.get(e["status"], e["status"])),
                last=_day(e["last"]),
                next_due=_day(e["next_due"]),
                staff_pk=keys.get(e["worker_id"]),
            )
        elif indicator == "records":
            session = sessions[e["session_id"]]
            row = BehindRow(
                **common,
                who=name(session.supervisor_id),
                with_whom=", ".join(name(a) for a in session.supervisee_ids),
                about=session.date.isoformat(),
                detail=_checks(e),
                last=session.date,
                session_pk=session_keys.get(e["session_id"]),
            )
        elif indicator == "agreements":
            row = BehindRow(
                **common,
                who=name(e["supervisee_id"]),
                with_whom=name(e["supervisor_id"]),
                status=str(AGREEMENT_LABELS.get(e["status"], e["status"])),
                next_due=_day(e.get("review_due")),
                staff_pk=keys.get(e["supervisee_id"]),
            )
        else:  # balance
            row = BehindRow(
                **common,
                who=name(e["supervisee_id"]),
                with_whom=name(e["supervisor_id"]),
                detail=_functions(e["functions_missing"]) or _("Every function covered"),
                sessions=e["sessions"],
                staff_pk=keys.get(e["supervisee_id"]),
            )
        behind.rows.append(row)
    behind.rows.sort(key=lambda r: (r.met, r.team, r.who, r.about))
    return behind
