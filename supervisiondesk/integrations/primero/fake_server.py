"""A fake Primero on 127.0.0.1, over real HTTP, for the client's tests and
for a developer to poke at (`python -m
supervisiondesk.integrations.primero.fake_server` serves a small demo).

    with FakePrimero() as fake:
        fake.add_user("jdoe", password="secret", scope="all")
        record_id = fake.add_case(owned_by="jdoe")
        client = PrimeroClient(fake.url, user_name="jdoe", password="secret")

The data and its rules are in fake_store.py; this module adds the HTTP
side: routing, the three kinds of authentication, sessions on the fake's
clock, webhooks, injected faults and a log of the requests. Where real
Primero's answer is not in the spec, the choice is named here: a write
with a session cookie but without its X-CSRF-Token answers 403.
"""

from __future__ import annotations

import base64
import contextlib
import json
import secrets
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from supervisiondesk.integrations.primero.fake_store import (
    Answer,
    Event,
    FakeStore,
    Query,
    refusal,
)

SESSION_COOKIE = "_primero_session"
CSRF_COOKIE = "CSRF-TOKEN"
SESSION_LENGTH = timedelta(minutes=60)
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class LoggedRequest:
    """One request the fake received (the password of a login is masked)."""

    method: str
    path: str
    query: Query
    body: Any
    auth: str | None = None  # "basic", "session", "bearer", or None

    def param(self, name: str) -> str | None:
        """The (last) value of one query parameter."""
        values = self.query.get(name)
        return values[-1] if values else None


@dataclass
class WebhookDelivery:
    event: str
    url: str
    payload: dict[str, Any]
    status: int | None  # None: not delivered (see `error`)
    error: str = ""


@dataclass
class _Fault:
    prefix: str
    count: int
    status: int = 0
    seconds: float = 0.0


@dataclass
class _Session:
    user_name: str
    csrf: str
    expires: datetime


@dataclass
class _Caller:
    user: dict[str, Any] | None = None
    kind: str | None = None
    csrf_ok: bool = True
    problem: str = field(default="Unauthorized")


class FakePrimero(FakeStore):
    """An in-memory Primero serving HTTP on 127.0.0.1 (a daemon thread).

    Sessions from `POST /api/v2/tokens` last 60 minutes of the fake's clock
    (`now`, `advance`); `expire_sessions()` ends them all at once.
    """

    def __init__(self, *, port: int = 0, now: datetime | None = None) -> None:
        super().__init__(now=now)
        self.requests_log: list[LoggedRequest] = []
        self.webhook_url: str | None = None
        self.webhook_timeout = 2.0
        self.webhook_deliveries: list[WebhookDelivery] = []
        self._port = port
        self._sessions: dict[str, _Session] = {}
        self._bearer: dict[str, str] = {}
        self._faults: list[_Fault] = []
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life --------------------------------------------------------------

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the fake Primero is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakePrimero:
        server = _Server(("127.0.0.1", self._port), _Handler)
        server.fake = self
        self._server = server
        self._stopping.clear()
        # A short poll so that `stop` (shutdown) returns at once.
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; requests still delayed by `delay_next` wake up and end."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> FakePrimero:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- set-up and faults -------------------------------------------------

    def add_bearer_token(self, token: str, user_name: str) -> None:
        """Accept `Authorization: Bearer <token>` as `user_name` (an identity provider's JWT)."""
        self._bearer[token] = user_name

    def expire_sessions(self) -> None:
        """End every token session now, as a server restart or a timeout would."""
        with self._lock:
            self._sessions.clear()

    def fail_next(self, path_prefix: str, *, status: int = 500, count: int = 1) -> None:
        """Answer the next `count` requests under `path_prefix` with `status`, doing nothing."""
        with self._lock:
            self._faults.append(_Fault(path_prefix, count, status=status))

    def delay_next(self, path_prefix: str, seconds: float, count: int = 1) -> None:
        """Wait `seconds` before handling the next `count` requests under
        `path_prefix` (then handle them as usual: a write still happens)."""
        with self._lock:
            self._faults.append(_Fault(path_prefix, count, seconds=seconds))

    def _take_fault(self, path: str, *, delay: bool) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                due = fault.count > 0 and path.startswith(fault.prefix)
                if due and bool(fault.seconds) == delay:
                    fault.count -= 1
                    return fault
        return None

    # -- webhooks ----------------------------------------------------------

    def _deliver(self, events: list[Event]) -> None:
        """POST each event to `webhook_url` now (real Primero queues them);
        failures are recorded, never raised."""
        url = self.webhook_url
        if not url:
            return
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        for name, payload in events:
            body = {"data": payload}
            status, error = None, ""
            if urlsplit(url).hostname not in LOOPBACK:
                error = "not sent: the fake sends webhooks to 127.0.0.1 or localhost only"
            else:
                request = urllib.request.Request(
                    url,
                    data=json.dumps(body).encode(),
                    headers={"Content-Type": "application/json", "X-Primero-Event": name},
                    method="POST",
                )
                try:
                    with opener.open(request, timeout=self.webhook_timeout) as response:
                        status = response.status
                except urllib.error.HTTPError as exc:
                    status, error = exc.code, str(exc)
                except OSError as exc:  # refused, timed out, unknown host
                    error = str(exc)
            self.webhook_deliveries.append(WebhookDelivery(name, url, body, status, error))

    # -- requests ----------------------------------------------------------

    def handle(
        self, method: str, target: str, headers: dict[str, str], raw: bytes
    ) -> tuple[Answer, list[tuple[str, str]]]:
        """One request: the answer and the extra headers (Set-Cookie)."""
        parts = urlsplit(target)
        path = parts.path.rstrip("/") or "/"
        query = parse_qs(parts.query, keep_blank_values=True)
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = ValueError
        logged = body
        if isinstance(body, dict) and isinstance(body.get("user"), dict):
            logged = {"user": body["user"] | {"password": "***"}}
        entry = LoggedRequest(method, path, query, logged)
        with self._lock:
            self.requests_log.append(entry)
        delay = self._take_fault(path, delay=True)
        if delay is not None:
            self._stopping.wait(delay.seconds)
        failure = self._take_fault(path, delay=False)
        if failure is not None:
            return refusal(failure.status, path, "Service failure (injected)"), []
        if body is ValueError:
            return refusal(400, path, "the body is not JSON"), []
        if path == "/api/v2/tokens" and method == "POST":
            return self._login(body)
        caller = self._caller(method, headers)
        entry.auth = caller.kind
        if caller.user is None:
            return refusal(401, path, caller.problem), []
        if not caller.csrf_ok:
            return refusal(403, path, "Forbidden: the X-CSRF-Token header is missing or wrong"), []
        return self._route(method, path, query, body, caller, headers), []

    def _route(
        self,
        method: str,
        path: str,
        query: Query,
        body: Any,
        caller: _Caller,
        headers: dict[str, str],
    ) -> Answer:
        user = caller.user or {}
        bits = [unquote(b) for b in path.split("/")[3:]]  # after /api/v2/
        match method, bits:
            case "DELETE", ["tokens"]:
                token = _cookies(headers).get(SESSION_COOKIE, "")
                with self._lock:
                    self._sessions.pop(token, None)
                return Answer(200, {"data": {}})
            case "GET", ["cases"]:
                return self.list_cases(user, query)
            case "GET", ["cases", record_id]:
                return self.get_case(user, record_id)
            case "PATCH", ["cases", record_id]:
                return self.patch_case(user, record_id, body)
            case "PATCH", ["cases", record_id, "approvals", approval_id]:
                return self.patch_approval(user, record_id, approval_id, body)
            case "GET", ["users"]:
                return self.list_users(query)
            case "GET", ["user_groups"]:
                return self.list_of(self.user_groups, query)
            case "GET", ["roles"]:
                return self.list_of(self.roles, query)
        return refusal(404, path, "Not Found")

    def _login(self, body: Any) -> tuple[Answer, list[tuple[str, str]]]:
        given = body.get("user") if isinstance(body, dict) else None
        given = given if isinstance(given, dict) else {}
        user = self.users.get(str(given.get("user_name", "")))
        if user is None or not secrets.compare_digest(
            str(user["password"]), str(given.get("password", ""))
        ):
            return refusal(401, "/api/v2/tokens", "Invalid user name or password."), []
        token, csrf = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        with self._lock:
            self._sessions[token] = _Session(user["user_name"], csrf, self.now + SESSION_LENGTH)
        cookies = [
            ("Set-Cookie", f"{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax"),
            ("Set-Cookie", f"{CSRF_COOKIE}={csrf}; Path=/; SameSite=Lax"),
        ]
        data = {"id": user["id"], "user_name": user["user_name"], "group_permission": user["scope"]}
        return Answer(200, data), cookies

    def _caller(self, method: str, headers: dict[str, str]) -> _Caller:
        """Basic, Bearer or the session cookie (whose writes need the CSRF header)."""
        scheme, _, credentials = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "basic":
            try:
                name, _, password = base64.b64decode(credentials).decode().partition(":")
            except ValueError:
                return _Caller(kind="basic")
            user = self.users.get(name)
            if user is None or not secrets.compare_digest(str(user["password"]), password):
                return _Caller(kind="basic", problem="Invalid user name or password.")
            return _Caller(user, "basic")
        if scheme.lower() == "bearer":
            return _Caller(self.users.get(self._bearer.get(credentials, "")), "bearer")
        token = _cookies(headers).get(SESSION_COOKIE)
        if not token:
            return _Caller()
        with self._lock:
            session = self._sessions.get(token)
            if session is not None and self.now >= session.expires:
                del self._sessions[token]
                session = None
        if session is None:
            return _Caller(kind="session", problem="Unauthorized: the session has expired")
        csrf_ok = method in ("GET", "HEAD") or secrets.compare_digest(
            headers.get("x-csrf-token", ""), session.csrf
        )
        return _Caller(self.users.get(session.user_name), "session", csrf_ok)


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    jar = SimpleCookie()
    jar.load(headers.get("cookie", ""))
    return {name: morsel.value for name, morsel in jar.items()}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakePrimero

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (timeout) before its answer: not worth a traceback."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "FakePrimero/2"

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        answer, extra = self.server.fake.handle(self.command, self.path, headers, raw)
        payload = json.dumps(answer.body).encode()
        self.send_response(answer.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: `requests_log` is the record."""


def main() -> None:
    """Serve a small demo on 127.0.0.1:8765 until interrupted."""
    with FakePrimero(port=8765) as fake:
        fake.add_user_group("ug-north", "North team")
        fake.add_role("role-supervisor", "Supervisor", is_manager=True)
        fake.add_role("role-case-worker", "Case worker")
        fake.add_user("supervisor", password="primero", role_unique_id="role-supervisor")
        for name in ("jdoe", "asmith"):
            fake.add_user(name, password="primero", user_group_unique_ids=["ug-north"])
            fake.add_case(owned_by=name, workflow="case_plan", risk_level="high")
        print(f"Fake Primero on {fake.url} (supervisor / primero); Ctrl-C stops it.")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
