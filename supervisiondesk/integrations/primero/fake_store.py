"""The data and the rules of the fake Primero (fake_server.py serves them
over HTTP): users, teams, roles and cases, the case list's filters, scope
and paging, and the PATCH of a case with its subform merge and validation.

Follows ../shared/spec/primero-api.md; where the spec is silent, the fake
does the simplest thing and says so. Pure Python, standard library only.
"""

from __future__ import annotations

import copy
import re
import threading
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

SHORT_FIELDS = (
    "id",
    "case_id_display",
    "owned_by",
    "assigned_user_names",
    "status",
    "workflow",
    "risk_level",
    "last_updated_at",
)
APPROVALS = ("assessment", "case_plan", "closure", "action_plan", "gbv_closure")
APPROVAL_STATUSES = ("requested", "approved", "rejected")
SCOPES = ("self", "group", "agency", "all")
DEFAULT_PER, MAX_PER = 20, 1000
PAGING = {"page", "per", "order_by", "order"}
CASE_FILTERS = PAGING | {
    "fields",
    "owned_by",
    "assigned_user_names",
    "or[owned_by]",
    "or[assigned_user_names]",
    "status",
    "record_state",
    "last_updated_at",
}
USER_FILTERS = PAGING | {"user_group_ids[]"}
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

Query = dict[str, list[str]]
Event = tuple[str, dict[str, Any]]


class Answer(NamedTuple):
    status: int
    body: dict[str, Any]


def stamp(moment: datetime) -> str:
    """Primero's timestamps: UTC, milliseconds, Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def refusal(status: int, resource: str, message: Any, detail: str | None = None) -> Answer:
    """Primero's error envelope."""
    error: dict[str, Any] = {"status": status, "resource": resource, "message": message}
    if detail is not None:
        error["detail"] = detail
    return Answer(status, {"errors": [error]})


def one(query: Query, name: str, default: str = "") -> str:
    values = query.get(name)
    return values[-1] if values else default


def names(query: Query, name: str) -> set[str]:
    return {n.strip() for v in query.get(name, []) for n in v.split(",") if n.strip()}


def paged(items: list[dict[str, Any]], query: Query) -> Answer:
    """One page and the metadata; `per` above 1000 is served as 1000."""
    try:
        per = min(max(int(one(query, "per", str(DEFAULT_PER))), 1), MAX_PER)
    except ValueError:
        per = DEFAULT_PER
    try:
        page = max(int(one(query, "page", "1")), 1)
    except ValueError:
        page = 1
    order_by = one(query, "order_by")
    if order_by:
        items = sorted(
            items,
            key=lambda i: (i.get(order_by) is None, str(i.get(order_by))),
            reverse=one(query, "order") == "desc",
        )
    chunk = items[(page - 1) * per : page * per]
    return Answer(200, {"data": chunk, "metadata": {"total": len(items), "per": per, "page": page}})


def unknown_filter(query: Query) -> Answer:
    """What Primero answers to a filter it does not know: nothing, and no error."""
    return paged([], {k: v for k, v in query.items() if k in ("page", "per")})


class FakeStore:
    """Primero's records in memory, behind one lock (the server is threaded).

    `readonly_fields`: fields a PATCH may not write (422). `subforms`: the
    fields merged by `unique_id` (any list of dicts in a PATCH is too).
    `disabled_filters`: known filters to treat as unknown, as a deployment
    or role that does not permit them does (for the client's `probe`).
    """

    def __init__(self, *, now: datetime | None = None) -> None:
        self._lock = threading.RLock()
        self._now = now or datetime.now(UTC).replace(microsecond=0)
        self.users: dict[str, dict[str, Any]] = {}
        self.user_groups: dict[str, dict[str, Any]] = {}
        self.roles: dict[str, dict[str, Any]] = {}
        self.cases: dict[str, dict[str, Any]] = {}
        self.readonly_fields: set[str] = {"id"}
        self.subforms: set[str] = {"notes_section"}
        self.disabled_filters: set[str] = set()

    # -- the clock ---------------------------------------------------------

    @property
    def now(self) -> datetime:
        """The fake's clock: it stands still until set or advanced."""
        return self._now

    @now.setter
    def now(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("the fake's clock takes aware datetimes")
        self._now = moment

    def advance(self, **delta: float) -> datetime:
        """Move the clock on, e.g. `advance(minutes=61)`."""
        self._now += timedelta(**delta)
        return self._now

    # -- set-up from Python ------------------------------------------------

    def add_user_group(self, unique_id: str, name: str) -> dict[str, Any]:
        with self._lock:
            group = {"id": len(self.user_groups) + 1, "unique_id": unique_id, "name": name}
            self.user_groups[unique_id] = group
            return group

    def add_role(self, unique_id: str, name: str, is_manager: bool = False) -> dict[str, Any]:
        with self._lock:
            role = {"id": len(self.roles) + 1, "unique_id": unique_id, "name": name}
            self.roles[unique_id] = role | {"is_manager": is_manager}
            return self.roles[unique_id]

    def add_user(
        self,
        user_name: str,
        *,
        password: str = "primero-test",
        full_name: str = "",
        email: str = "",
        role_unique_id: str = "role-case-worker",
        user_group_unique_ids: Iterable[str] = (),
        agency_id: str = "agency-1",
        scope: str = "all",
    ) -> dict[str, Any]:
        """A user; `scope` is what their role lets them see (self, group, agency, all)."""
        if scope not in SCOPES:
            raise ValueError(f"scope must be one of {SCOPES}, not {scope!r}")
        with self._lock:
            self.users[user_name] = {
                "id": len(self.users) + 1,
                "user_name": user_name,
                "full_name": full_name or user_name,
                "email": email or f"{user_name}@example.org",
                "role_unique_id": role_unique_id,
                "user_group_unique_ids": list(user_group_unique_ids),
                "agency_id": agency_id,
                "disabled": False,
                "scope": scope,
                "password": password,
            }
            return self.users[user_name]

    def add_case(self, **fields: Any) -> str:
        """A case (event `case.create`); returns its generated UUID `id`."""
        with self._lock:
            record_id = str(fields.pop("id", None) or uuid.uuid4())
            case = {
                "id": record_id,
                "case_id_display": record_id.replace("-", "")[-7:],
                "status": "open",
                "record_state": True,
                "owned_by": None,
                "assigned_user_names": [],
                "created_at": stamp(self.now),
                "last_updated_at": stamp(self.now),
            }
            case.update(fields)
            self.cases[record_id] = case
            events = [self._event("case.create", case)]
        self._deliver(events)
        return record_id

    def update_case(self, record_id: str, **fields: Any) -> dict[str, Any]:
        """Change top-level fields as a Primero user would (event `case.update`)."""
        with self._lock:
            case = self.cases[record_id]
            case.update(fields)
            case["last_updated_at"] = stamp(self.now)
            events = [self._event("case.update", case)]
        self._deliver(events)
        return case

    def _event(self, name: str, case: dict[str, Any]) -> Event:
        short = {k: copy.deepcopy(case[k]) for k in SHORT_FIELDS if k in case}
        return name, {"record_id": case["id"], "record_type": "case"} | short

    def _deliver(self, events: list[Event]) -> None:
        """Send the webhooks (fake_server.py); called outside the lock, so a
        receiver may call the fake back."""

    # -- what the HTTP endpoints do ----------------------------------------

    def visible(self, user: dict[str, Any], case: dict[str, Any]) -> bool:
        """The user's scope: own (owned or assigned), their groups', their agency's, or all."""
        scope = user["scope"]
        if scope == "all":
            return True
        associated = {case.get("owned_by"), *(case.get("assigned_user_names") or [])}
        if scope == "self":
            return user["user_name"] in associated
        others = [self.users[n] for n in associated if n in self.users]
        if scope == "group":
            mine = set(user["user_group_unique_ids"])
            return any(mine & set(o["user_group_unique_ids"]) for o in others)
        return any(o["agency_id"] == user["agency_id"] for o in others)

    def list_cases(self, user: dict[str, Any], query: Query) -> Answer:
        if set(query) - (CASE_FILTERS - self.disabled_filters):
            return unknown_filter(query)
        with self._lock:
            found = [c for c in self.cases.values() if self.visible(user, c)]
            try:
                found = [c for c in found if self._matches(c, query)]
            except ValueError:  # a date range that does not parse: nothing, as Primero
                return unknown_filter(query)
            answer = paged(found, {"order_by": ["created_at"]} | query)
            chosen = one(query, "fields")
            if chosen:
                keep = SHORT_FIELDS if chosen == "short" else ("id", *chosen.split(","))
                data = [{k: c[k] for k in keep if k in c} for c in answer.body["data"]]
            else:
                data = answer.body["data"]
            return Answer(200, {**answer.body, "data": copy.deepcopy(data)})

    def _matches(self, case: dict[str, Any], query: Query) -> bool:
        owner = case.get("owned_by")
        assigned = set(case.get("assigned_user_names") or [])
        if "owned_by" in query and owner not in names(query, "owned_by"):
            return False
        if "assigned_user_names" in query and not assigned & names(query, "assigned_user_names"):
            return False
        either = [
            owner in names(query, "or[owned_by]") if "or[owned_by]" in query else None,
            bool(assigned & names(query, "or[assigned_user_names]"))
            if "or[assigned_user_names]" in query
            else None,
        ]
        if any(e is not None for e in either) and not any(either):
            return False
        if "status" in query and case.get("status") not in names(query, "status"):
            return False
        if "record_state" in query:
            wanted = one(query, "record_state").lower() == "true"
            if bool(case.get("record_state", True)) != wanted:
                return False
        if "last_updated_at" in query:
            start, _, end = one(query, "last_updated_at").partition("..")
            updated = parse_time(case["last_updated_at"])
            if not parse_time(start) <= updated <= parse_time(end):
                return False
        return True

    def get_case(self, user: dict[str, Any], record_id: str) -> Answer:
        with self._lock:
            case = self.cases.get(record_id)
            if case is None or not self.visible(user, case):
                return refusal(404, f"/api/v2/cases/{record_id}", "Not Found")
            return Answer(200, {"data": copy.deepcopy(case)})

    def patch_case(self, user: dict[str, Any], record_id: str, body: Any) -> Answer:
        """Top-level fields replace; subform entries merge by `unique_id`
        (a new or missing one is appended, a missing one generated); all or
        nothing: a 422 leaves the case as it was."""
        resource = f"/api/v2/cases/{record_id}"
        with self._lock:
            case = self.cases.get(record_id)
            if case is None or not self.visible(user, case):
                return refusal(404, resource, "Not Found")
            data = body.get("data") if isinstance(body, dict) else None
            if not isinstance(data, dict):
                return refusal(422, resource, ['expected a body {"data": {...}}'], "data")
            errors = [
                {"status": 422, "resource": resource, "detail": k, "message": [f"{k} is read-only"]}
                for k in data
                if k in self.readonly_fields
            ]
            new = copy.deepcopy(case)
            for key, value in data.items():
                if key in self.subforms or (
                    isinstance(value, list) and value and all(isinstance(e, dict) for e in value)
                ):
                    problems = self._merge(new, key, value)
                    if problems:
                        error = {"status": 422, "resource": resource, "detail": key}
                        errors.append(error | {"message": problems})
                else:
                    new[key] = copy.deepcopy(value)
            if errors:
                return Answer(422, {"errors": errors})
            new["last_updated_at"] = stamp(self.now)
            case.clear()
            case.update(new)
            answer = Answer(200, {"data": copy.deepcopy(case)})
            events = [self._event("case.update", case)]
        self._deliver(events)
        return answer

    def _merge(self, record: dict[str, Any], key: str, incoming: Any) -> list[str]:
        """Merge subform `key` into `record`; the validation messages, if any."""
        if not isinstance(incoming, list) or not all(isinstance(e, dict) for e in incoming):
            return [f"{key} must be a list of entries"]
        entries = [dict(e) for e in record.get(key) or []]
        by_id = {e.get("unique_id"): e for e in entries}
        touched = []
        for entry in incoming:
            uid = entry.get("unique_id")
            if uid and uid in by_id:
                by_id[uid].update(copy.deepcopy(entry))
                touched.append(by_id[uid])
            else:
                added = copy.deepcopy(entry) | {"unique_id": uid or str(uuid.uuid4())}
                entries.append(added)
                by_id[added["unique_id"]] = added
                touched.append(added)
        record[key] = entries
        if key != "notes_section":
            return []
        return [problem for entry in touched for problem in self._note_problems(entry)]

    @staticmethod
    def _note_problems(note: dict[str, Any]) -> list[str]:
        problems = [f"{f} is required" for f in ("note_subject", "note_text") if not note.get(f)]
        day = note.get("note_date")
        if day is not None:
            try:
                ok = bool(DAY.fullmatch(str(day))) and bool(date.fromisoformat(str(day)))
            except ValueError:
                ok = False
            if not ok:
                problems.append(f"note_date must be a date YYYY-MM-DD, not {day!r}")
        return problems

    def patch_approval(
        self, user: dict[str, Any], record_id: str, approval_id: str, body: Any
    ) -> Answer:
        resource = f"/api/v2/cases/{record_id}/approvals/{approval_id}"
        with self._lock:
            case = self.cases.get(record_id)
            if case is None or not self.visible(user, case) or approval_id not in APPROVALS:
                return refusal(404, resource, "Not Found")
            data = body.get("data") if isinstance(body, dict) else None
            status = data.get("approval_status") if isinstance(data, dict) else None
            if status not in APPROVAL_STATUSES:
                message = [f"approval_status must be one of {', '.join(APPROVAL_STATUSES)}"]
                return refusal(422, resource, message, "approval_status")
            case[f"approval_status_{approval_id}"] = status
            case["last_updated_at"] = stamp(self.now)
            answer = Answer(200, {"data": copy.deepcopy(case)})
            events = [self._event("case.update", case)]
        self._deliver(events)
        return answer

    def list_users(self, query: Query) -> Answer:
        if set(query) - USER_FILTERS:
            return unknown_filter(query)
        groups = set(query.get("user_group_ids[]", []))
        with self._lock:
            users = [
                {k: copy.deepcopy(v) for k, v in u.items() if k not in ("password", "scope")}
                for u in self.users.values()
                if not groups or groups & set(u["user_group_unique_ids"])
            ]
        return paged(users, query)

    def list_of(self, table: dict[str, dict[str, Any]], query: Query) -> Answer:
        """User groups or roles."""
        if set(query) - PAGING:
            return unknown_filter(query)
        with self._lock:
            return paged(copy.deepcopy(list(table.values())), query)
