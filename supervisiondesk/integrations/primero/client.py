"""A client of Primero's v2 API (../shared/spec/primero-api.md): the
caseloads of a set of workers, one case, writing a case back, approvals,
and the staff, teams and roles that say who supervises whom.

Pure Python on `requests`: the sync around it (Django) decides what to
fetch and keeps the results; this module only speaks HTTP and turns
Primero's answers and failures into dicts and exceptions.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from urllib.parse import quote, urlencode

import requests

from supervisiondesk.integrations.primero.errors import (
    PrimeroError,
    never_sent,
    refusal,
    short,
    unreachable,
)

logger = logging.getLogger(__name__)

TOKENS = "/api/v2/tokens"
CASES = "/api/v2/cases"
PER = 1000  # Primero serves at most 1000 items a page
MAX_URL = 4000  # proxies in front of Primero refuse longer request lines
# The upper edge of a window open at the top: no clock of ours is compared
# with Primero's, so a case saved while we read is not lost.
OPEN_END = "9999-12-31T23:59:59Z"
OPEN_START = "1970-01-01T00:00:00Z"


class Listing(Iterator[dict[str, Any]]):
    """The items of one or more paged lists, each item once (by `id`, or
    `user_name`).

    `total` adds up Primero's `metadata.total` of each list as it is reached
    (None before the first page). A total of 0 is not proof of "nothing": an
    unknown or unpermitted filter answers 200 with total 0, see
    `PrimeroClient.probe`. `complete` turns False when the list changed
    while we paged (the total moved, or a page came back short before the
    total was read; the walk then stops instead of asking for pages
    forever): pages by number can then have skipped an item, so a caller
    reading incrementally should not move its high-water mark past this
    window, and read it again.
    """

    def __init__(self, pages: Callable[[Listing], Iterator[dict[str, Any]]]) -> None:
        self.total: int | None = None
        self.pages = 0
        self.complete = True
        self._items = pages(self)

    def __next__(self) -> dict[str, Any]:
        return next(self._items)


@dataclass(frozen=True)
class ProbeResult:
    """What `PrimeroClient.probe` found: how many cases the account sees with
    no filter, and the filters that matched nothing though they should have."""

    visible: int
    ignored_filters: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.visible > 0 and not self.ignored_filters


def _utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (with a time zone), not {moment!r}")
    return moment.astimezone(UTC)


def window(since: datetime | None, until: datetime | None) -> str:
    """Primero's `last_updated_at=<from>..<to>` (both edges inclusive), in
    whole UTC seconds: `from` rounded down and `to` rounded up, so that the
    window never loses a case whose time has fractions of a second."""
    start, end = OPEN_START, OPEN_END
    if since is not None:
        start = _utc(since, "updated_since").strftime("%Y-%m-%dT%H:%M:%SZ")
    if until is not None:
        moment = _utc(until, "updated_until")
        if moment.microsecond:
            moment = moment.replace(microsecond=0) + timedelta(seconds=1)
        end = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{start}..{end}"


class PrimeroClient:
    """One account's connection to one Primero.

    `auth`: "basic" (a service account, the credentials on every request),
    "token" (a session from `POST /api/v2/tokens`, renewed once when a
    request answers 401) or "bearer" (a token from the deployment's identity
    provider, which the caller renews). Reads are retried `retries` times
    with a doubling `backoff`; `sleep` is there for tests.
    """

    def __init__(
        self,
        base_url: str,
        *,
        user_name: str,
        password: str,
        auth: Literal["basic", "token", "bearer"] = "basic",
        bearer_token: str | None = None,
        timeout: float = 10.0,
        retries: int = 2,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"Primero's base URL must start with http:// or https://: {base_url}")
        if auth not in ("basic", "token", "bearer"):
            raise ValueError(f"auth must be basic, token or bearer, not {auth!r}")
        if auth == "bearer" and not bearer_token:
            raise ValueError("auth='bearer' needs a bearer_token")
        self.base_url = base_url.rstrip("/")
        self.user_name = user_name
        self.auth = auth
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._password = password
        self._sleep = sleep
        self._logged_in = False
        self.session = requests.Session()
        self.session.headers.update(
            {"Accept": "application/json", "User-Agent": "supervisiondesk-primero-client"}
        )
        if auth == "basic":
            self.session.auth = (user_name, password)
        elif auth == "bearer":
            self.session.headers["Authorization"] = f"Bearer {bearer_token}"

    # -- sessions ---------------------------------------------------------

    def login(self) -> dict[str, Any]:
        """Open a session (token auth): Primero answers with the user and
        sets the session and CSRF-TOKEN cookies, kept in `self.session`."""
        self.session.cookies.clear()
        credentials = {"user": {"user_name": self.user_name, "password": self._password}}
        answer = self._request("POST", TOKENS, json=credentials, idempotent=True)
        self._logged_in = True
        return answer

    def logout(self) -> None:
        """End the session (token auth; nothing to do for the others)."""
        if self.auth == "token" and self._logged_in:
            self._request("DELETE", TOKENS)
            self._logged_in = False
            self.session.cookies.clear()

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> PrimeroClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reads ------------------------------------------------------------

    def cases(
        self,
        *,
        workers: Sequence[str],
        updated_since: datetime | None = None,
        updated_until: datetime | None = None,
        fields: Sequence[str] | None = None,
        statuses: Sequence[str] = ("open",),
    ) -> Listing:
        """The cases owned by or assigned to any of `workers`, oldest change
        first, each once; `updated_since`/`updated_until` (aware datetimes,
        both inclusive) make it incremental. `fields=None` gives whole
        records. The worker list is split so that each URL stays under
        MAX_URL characters.

        An empty answer may be a filter Primero does not know (it answers
        200 with total 0): check `listing.total` and run `probe()` when a
        caseload that had cases comes back empty.
        """
        names = list(dict.fromkeys(workers))
        if not names:
            raise ValueError("cases() needs at least one worker's user name")
        if any("," in name for name in names):
            raise ValueError("a Primero user name cannot contain a comma")
        base = {"record_state": "true", "order_by": "last_updated_at", "order": "asc"}
        base["per"] = str(PER)
        if statuses:
            base["status"] = ",".join(statuses)
        if updated_since is not None or updated_until is not None:
            base["last_updated_at"] = window(updated_since, updated_until)
        if fields:
            base["fields"] = ",".join(dict.fromkeys(["id", *fields]))
        param_sets = [
            base | {"or[owned_by]": ",".join(chunk), "or[assigned_user_names]": ",".join(chunk)}
            for chunk in self._chunks(CASES, base, names)
        ]
        return self._list(CASES, param_sets)

    def _chunks(self, path: str, base: dict[str, str], names: list[str]) -> list[list[str]]:
        """Greedy runs of `names` whose URL (names twice, page 9999) fits MAX_URL."""

        def length(chunk: list[str]) -> int:
            joined = ",".join(chunk)
            params = base | {"or[owned_by]": joined, "or[assigned_user_names]": joined}
            return len(f"{self.base_url}{path}?{urlencode(params | {'page': '9999'})}")

        chunks: list[list[str]] = []
        current: list[str] = []
        for name in names:
            if current and length([*current, name]) > MAX_URL:
                chunks.append(current)
                current = []
            current.append(name)
        return [*chunks, current]

    def probe(self) -> ProbeResult:
        """Check that the filters `cases()` relies on work for this account.

        Reads one visible case with no filter at all, then asks again with
        each filter set to that case's own values: each must find it. A
        filter Primero does not know or the role may not use answers total 0
        instead (no error), which would make every caseload look empty.
        """
        probe_fields = "id,owned_by,assigned_user_names,status,record_state,last_updated_at"
        first = self._request("GET", CASES, params={"per": "1", "fields": probe_fields})
        visible = int(first.get("metadata", {}).get("total", 0))
        if not visible or not first.get("data"):
            return ProbeResult(visible=visible, ignored_filters=())
        sample = first["data"][0]
        worker = sample.get("owned_by") or next(iter(sample.get("assigned_user_names") or []), "")
        updated = datetime.fromisoformat(str(sample["last_updated_at"]).replace("Z", "+00:00"))
        checks = {
            "or[owned_by]/or[assigned_user_names]": {
                "or[owned_by]": worker,
                "or[assigned_user_names]": worker,
            },
            "status": {"status": sample.get("status")},
            "record_state": {"record_state": str(sample.get("record_state", True)).lower()},
            "last_updated_at": {"last_updated_at": window(updated, updated)},
        }
        ignored = []
        for name, params in checks.items():
            if not all(params.values()):  # the sample has no value to test this filter with
                continue
            answer = self._request("GET", CASES, params={"per": "1", "fields": "id", **params})
            if not answer.get("metadata", {}).get("total"):
                ignored.append(name)
        return ProbeResult(visible=visible, ignored_filters=tuple(ignored))

    def case(self, record_id: str) -> dict[str, Any]:
        """One whole case (`GET /api/v2/cases/:id`)."""
        return self._request("GET", f"{CASES}/{quote(record_id, safe='')}")["data"]

    def users(self, group_ids: Sequence[str] | None = None) -> Listing:
        """The users, or those of the given user groups (teams)."""
        params: dict[str, Any] = {"per": str(PER)}
        if group_ids:
            params["user_group_ids[]"] = list(group_ids)
        return self._list("/api/v2/users", [params])

    def user_groups(self) -> list[dict[str, Any]]:
        """The user groups (Primero's teams)."""
        return list(self._list("/api/v2/user_groups", [{"per": str(PER)}]))

    def roles(self) -> list[dict[str, Any]]:
        """The roles; `is_manager` tells which are supervisors'."""
        return list(self._list("/api/v2/roles", [{"per": str(PER)}]))

    # -- writes -----------------------------------------------------------

    def case_update(self, record_id: str, data: dict[str, Any]) -> dict[str, Any]:
        """Change a case (`PATCH` with `{"data": data}`); returns the record.

        Subform entries (e.g. `notes_section`) merge by `unique_id`: give a
        new entry its own `unique_id` (a UUID) so that a retried PATCH
        updates it instead of adding it twice.
        """
        path = f"{CASES}/{quote(record_id, safe='')}"
        return self._request("PATCH", path, json={"data": data})["data"]

    def approval_update(self, record_id: str, approval_id: str, status: str) -> dict[str, Any]:
        """Request, approve or reject an approval (`assessment`, `case_plan`,
        `closure`, `action_plan`, `gbv_closure`); returns the record."""
        path = f"{CASES}/{quote(record_id, safe='')}/approvals/{quote(approval_id, safe='')}"
        return self._request("PATCH", path, json={"data": {"approval_status": status}})["data"]

    # -- plumbing ---------------------------------------------------------

    def _list(self, path: str, param_sets: list[dict[str, Any]]) -> Listing:
        def pages(listing: Listing) -> Iterator[dict[str, Any]]:
            seen: set[Any] = set()
            for params in param_sets:
                page, read, total = 1, 0, None
                while True:
                    answer = self._request("GET", path, params=params | {"page": str(page)})
                    listing.pages += 1
                    items = answer.get("data") or []
                    meta = answer.get("metadata") or {}
                    if total is None:
                        total = int(meta.get("total", len(items)))
                        listing.total = (listing.total or 0) + total
                    elif int(meta.get("total", total)) != total:
                        listing.complete = False  # the list changed under our pages
                    for item in items:
                        key = item.get("id", item.get("user_name"))
                        if key is None or key not in seen:
                            seen.add(key)
                            yield item
                    read += len(items)
                    if read >= total:
                        break
                    if len(items) < int(meta.get("per") or params.get("per") or PER):
                        # Records left the list while we paged: stop here (the
                        # next incremental read catches up) rather than loop.
                        logger.warning("%s page %s short: %s of %s read", path, page, read, total)
                        listing.complete = False
                        break
                    page += 1

        return Listing(pages)

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        idempotent: bool | None = None,
    ) -> dict[str, Any]:
        """Send one request, with the retries and the re-login that are safe.

        GETs (and logins) are retried on any 5xx, timeout or connection
        failure. Writes are retried only when Primero surely did not apply
        them: the connection was never made (refused, connect timeout), or a
        proxy answered 502/503/504 (Primero down or not reached). Never
        after a read timeout or a 500: the PATCH may have been applied, and
        a repeat would append the subform entries it adds (notes) twice.
        """
        url = self.base_url + path
        if idempotent is None:
            idempotent = method == "GET"
        if self.auth == "token" and not self._logged_in and path != TOKENS:
            self.login()
        relogged = False
        attempt = 0
        while True:
            headers = {}
            if self.auth == "token" and method != "GET":
                # The newest CSRF-TOKEN cookie (`cookies.get` raises if there are two).
                csrf = [c.value for c in self.session.cookies if c.name == "CSRF-TOKEN"]
                if csrf and csrf[-1]:
                    headers["X-CSRF-Token"] = csrf[-1]
            try:
                response = self.session.request(
                    method, url, params=params, json=json, headers=headers, timeout=self.timeout
                )
            except requests.RequestException as exc:
                if attempt < self.retries and (idempotent or never_sent(exc)):
                    self._pause(attempt, method, url, type(exc).__name__)
                    attempt += 1
                    continue
                raise unreachable(
                    method, url, exc, timeout=self.timeout, attempts=attempt + 1
                ) from exc
            status = response.status_code
            if status == 401 and self.auth == "token" and path != TOKENS and not relogged:
                logger.info("Primero session ended; logging in again as %s", self.user_name)
                relogged = True
                self.login()
                continue
            retry = idempotent or status in (502, 503, 504)
            if status >= 500 and attempt < self.retries and retry:
                self._pause(attempt, method, url, str(status))
                attempt += 1
                continue
            if status >= 400:
                raise refusal(method, response, user_name=self.user_name, attempts=attempt + 1)
            if not response.content:
                return {}
            try:
                return response.json()
            except ValueError:
                kind = response.headers.get("Content-Type", "no content type")
                raise PrimeroError(
                    f"Primero answered {method} {short(response.url)} with {status} but not "
                    f"JSON ({kind}); is the base URL that of Primero's API?",
                    status=status,
                    url=response.url,
                ) from None

    def _pause(self, attempt: int, method: str, url: str, why: str) -> None:
        delay = self.backoff * 2**attempt
        logger.warning("Primero %s %s failed (%s); retrying in %.1f s", method, url, why, delay)
        self._sleep(delay)
