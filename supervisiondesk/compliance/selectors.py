"""The compliance pages' reads: the engine's report on a supervisor's
supervisees or a manager's teams, as rows that say why.

Only the chosen staff's rows are read (`supervision.loaders` with `staff=`),
so a team's page costs what the team's data costs, at any organisation size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from supervisiondesk.compliance import formatting
from supervisiondesk.compliance.engine import compliance_report
from supervisiondesk.people.loaders import rows_in
from supervisiondesk.people.models import Organisation, Team
from supervisiondesk.policies.selectors import policy_timeline
from supervisiondesk.supervision.loaders import dataset_from_database

# Worst first: overdue (most days first), then due, then absent, then on track.
STATUS_ORDER = {"overdue": 0, "due": 1, "absent": 2, "ok": 3}
STATUSES = tuple(STATUS_ORDER)


@dataclass(frozen=True)
class Requirement:
    """One row: a person's individual or group supervision, or a case's."""

    requirement: str  # "individual", "group" or "case"
    status: str
    days_overdue: int
    last: date | None
    next_due: date
    overdue_after: date
    rule: dict[str, Any]  # the rule in force: for, since, target, maximum, first, policy
    rule_since: date
    staff_id: str  # the supervisee, or the case's worker
    staff_name: str
    team: str  # team code
    team_name: str
    category: str | None = None
    case_id: str | None = None
    case_type: str | None = None
    risk: str | None = None
    # In words, by `in_words` for the rows a page shows (a team may have a
    # thousand; per-cell template filters over them cost more than the engine).
    rule_text: str = ""
    since_text: str = ""
    status_text: str = ""
    days_text: str = ""

    @property
    def sort_key(self) -> tuple:
        return (
            STATUS_ORDER[self.status],
            -self.days_overdue,
            self.next_due,
            self.staff_name,
            self.case_id or "",
            self.requirement,
        )


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    team: str | None = None  # team code
    case_type: str | None = None


@dataclass
class CompliancePage:
    as_of: date
    policy_id: str
    people: list[Requirement] = field(default_factory=list)
    cases: list[Requirement] = field(default_factory=list)
    # (status, count) worst first, before the status filter: the summary stays whole.
    people_counts: list[tuple[str, int]] = field(default_factory=list)
    case_counts: list[tuple[str, int]] = field(default_factory=list)


def compliance_of(
    *,
    organisation: Organisation,
    staff: set[int],
    on: date,
    filters: Filters = Filters(),
) -> CompliancePage:
    """Individual and group supervision of `staff` (primary keys) and the
    cases allocated to them on `on`, worst first, filtered."""
    policies = policy_timeline(organisation=organisation)
    dataset = dataset_from_database(organisation, on, staff=staff)
    # The dataset also holds their supervisors and colleagues: report on `staff` only.
    ids = {staff_id for (staff_id,) in rows_in(organisation.staff.all(), "pk", staff, "staff_id")}
    report = compliance_report(dataset, policies, on, staff_ids=ids, explain=True)
    people = {s.staff_id: s for s in dataset.staff}
    team_names = dict(
        Team.objects.filter(
            organisation=organisation, code__in={person.team for person in dataset.staff}
        ).values_list("code", "name")
    )

    def row(kind: str, entry: dict[str, Any], staff_id: str, **extra: Any) -> Requirement:
        person = people[staff_id]
        return Requirement(
            requirement=kind,
            status=entry["status"],
            days_overdue=entry["days_overdue"],
            last=date.fromisoformat(entry["last"]) if entry["last"] else None,
            next_due=date.fromisoformat(entry["next_due"]),
            overdue_after=date.fromisoformat(entry["overdue_after"]),
            rule=entry["rule"],
            rule_since=date.fromisoformat(entry["rule"]["since"]),
            staff_id=staff_id,
            staff_name=person.name,
            team=person.team,
            team_name=team_names.get(person.team, person.team),
            **extra,
        )

    page = CompliancePage(as_of=on, policy_id=report["policy"])
    people_rows = [
        row("individual", e, e["staff_id"], category=e["category"]) for e in report["individual"]
    ] + [row("group", e, e["staff_id"]) for e in report["group"]]
    case_rows = [
        row(
            "case",
            e,
            e["worker_id"],
            case_id=e["case_id"],
            case_type=e["case_type"],
            risk=e["risk"],
        )
        for e in report["cases"]
    ]
    if filters.team:
        people_rows = [r for r in people_rows if r.team == filters.team]
        case_rows = [r for r in case_rows if r.team == filters.team]
    if filters.case_type:
        case_rows = [r for r in case_rows if r.case_type == filters.case_type]
    page.people_counts = _counts(people_rows)
    page.case_counts = _counts(case_rows)
    if filters.status:
        people_rows = [r for r in people_rows if r.status == filters.status]
        case_rows = [r for r in case_rows if r.status == filters.status]
    page.people = sorted(people_rows, key=lambda r: r.sort_key)
    page.cases = sorted(case_rows, key=lambda r: r.sort_key)
    return page


def _counts(rows: list[Requirement]) -> list[tuple[str, int]]:
    counted = Counter(row.status for row in rows)
    return [(status, counted[status]) for status in STATUSES]


def in_words(rows: Iterable[Requirement]) -> list[Requirement]:
    """The rows with their rule, status and dates said in words, for a page."""
    rules: dict[tuple, str] = {}

    def rule_text(row: Requirement) -> str:
        rule = row.rule
        key = (row.requirement, *rule["for"], rule["target"], rule["maximum"], rule["first"])
        if key not in rules:
            rules[key] = formatting.rule_label(rule, row.requirement)
        return rules[key]

    return [
        replace(
            row,
            rule_text=rule_text(row),
            since_text=_("since %(date)s") % {"date": date_format(row.rule_since, "j M Y")},
            status_text=str(formatting.STATUS_LABELS[row.status]),
            days_text=ngettext("%(n)d day", "%(n)d days", row.days_overdue)
            % {"n": row.days_overdue},
        )
        for row in rows
    ]
