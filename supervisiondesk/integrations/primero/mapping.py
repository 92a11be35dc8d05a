"""From a Primero case record (a dict from the API) to what Supervision Desk
keeps: who holds the case, its type and risk by the deployment's own mapping
table, the day it started or closed, and Primero's own overdue tasks and
pending approvals. Pure Python: the sync (integrations.services.sync) feeds
it records and writes the result.

Each deployment names its forms and lookups its own way, so the case type
and risk come from rules (data in the database, `PrimeroValueMap`), never
from field names written here; only the fields the spec documents as
Primero's own (owned_by, status, the due dates, the approval statuses) are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

# Primero's overdue tasks: each field is a list of due dates (spec "Caseloads").
TASK_FIELDS = {
    "assessment": "assessment_due_dates",
    "case_plan": "case_plan_due_dates",
    "service": "service_due_dates",
    "followup": "followup_due_dates",
}
APPROVAL_FIELDS = {
    "assessment": "approval_status_assessment",
    "case_plan": "approval_status_case_plan",
    "closure": "approval_status_closure",
}
PENDING = "requested"
# What the sync asks for besides the mapped fields: `fields=` keeps answers
# small on a 1000-case page.
BASE_FIELDS = (
    "id",
    "case_id_display",
    "owned_by",
    "assigned_user_names",
    "status",
    "record_state",
    "last_updated_at",
    "created_at",
    "registration_date",
    "date_closure",
    *TASK_FIELDS.values(),
    *APPROVAL_FIELDS.values(),
)


class RecordError(ValueError):
    """A record the sync cannot take as it is: the message says what and where."""


@dataclass(frozen=True)
class Rule:
    """When the record's `field` holds `value` (or a list holding it), the
    `target` (case_type or risk) is `result`. First matching rule wins."""

    target: str
    field: str
    value: str
    result: str


@dataclass(frozen=True)
class ValueMapping:
    rules: tuple[Rule, ...]
    default_case_type: str = ""
    default_risk: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(rule.field for rule in self.rules))

    def value(self, record: Mapping[str, Any], target: str) -> str:
        for rule in self.rules:
            if rule.target == target and _holds(record.get(rule.field), rule.value):
                return rule.result
        default = self.default_case_type if target == "case_type" else self.default_risk
        if default:
            return default
        seen = {rule.field: record.get(rule.field) for rule in self.rules if rule.target == target}
        raise RecordError(
            f"no row of the {target.replace('_', ' ')} mapping matches this case "
            f"(its values: {seen or 'no field is mapped'}) and there is no default"
        )


def _holds(actual: Any, wanted: str) -> bool:
    wanted = wanted.strip().casefold()
    if isinstance(actual, list):
        return any(str(item).strip().casefold() == wanted for item in actual)
    return actual is not None and str(actual).strip().casefold() == wanted


@dataclass(frozen=True)
class Task:
    kind: str  # a key of TASK_FIELDS
    due_on: date


@dataclass(frozen=True)
class CaseState:
    record_id: str
    case_id: str
    workers: tuple[str, ...]  # user names: the owner first, then those assigned
    is_open: bool
    case_type: str
    risk: str
    updated_at: datetime
    started_on: date
    closed_on: date | None
    tasks: tuple[Task, ...]
    pending_approvals: tuple[str, ...]


def parse_moment(text: Any, where: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        raise RecordError(f"{where} is not a date and time: {text!r}") from None
    if moment.tzinfo is None:
        raise RecordError(f"{where} has no time zone: {text!r}")
    return moment


def _day(text: Any, where: str, zone: ZoneInfo) -> date | None:
    """A date field: "2026-08-01", or a moment taken as the day where the
    organisation works."""
    if text in (None, ""):
        return None
    value = str(text)
    if len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise RecordError(f"{where} is not a date: {text!r}") from None
    return parse_moment(value, where).astimezone(zone).date()


def case_state(record: Mapping[str, Any], mapping: ValueMapping, zone: ZoneInfo) -> CaseState:
    """What the sync keeps of one record, or RecordError naming the field."""
    record_id = str(record.get("id") or "").strip()
    if not record_id:
        raise RecordError("the record has no id")
    case_id = str(record.get("case_id_display") or record_id).strip()
    owner = record.get("owned_by") or ""
    assigned = record.get("assigned_user_names") or []
    if not isinstance(assigned, list):
        raise RecordError(f"assigned_user_names is not a list: {assigned!r}")
    workers = tuple(dict.fromkeys(str(n) for n in [owner, *assigned] if n))
    status = str(record.get("status") or "").strip().lower()
    if not status:
        raise RecordError("the record has no status")
    updated_at = parse_moment(record.get("last_updated_at"), "last_updated_at")
    started_on = _day(record.get("registration_date"), "registration_date", zone) or _day(
        record.get("created_at"), "created_at", zone
    )
    if started_on is None:
        started_on = updated_at.astimezone(zone).date()
    is_open = status == "open" and record.get("record_state", True) is not False
    return CaseState(
        record_id=record_id,
        case_id=case_id,
        workers=workers,
        is_open=is_open,
        # A closed case needs no type: its period only ends.
        case_type=mapping.value(record, "case_type") if is_open else "",
        risk=mapping.value(record, "risk") if is_open else "",
        updated_at=updated_at,
        started_on=started_on,
        closed_on=_day(record.get("date_closure"), "date_closure", zone),
        tasks=tuple(_tasks(record, zone)),
        pending_approvals=tuple(
            kind for kind, field in APPROVAL_FIELDS.items() if record.get(field) == PENDING
        ),
    )


def _tasks(record: Mapping[str, Any], zone: ZoneInfo) -> Iterable[Task]:
    for kind, field in TASK_FIELDS.items():
        dates = record.get(field) or []
        if not isinstance(dates, list):
            dates = [dates]
        days = {_day(d, field, zone) for d in dates}
        yield from (Task(kind, day) for day in sorted(d for d in days if d is not None))


def sync_fields(mapping: ValueMapping) -> Sequence[str]:
    return tuple(dict.fromkeys([*BASE_FIELDS, *mapping.fields]))
