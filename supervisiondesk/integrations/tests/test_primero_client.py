"""The Primero client against the fake Primero, over real HTTP on 127.0.0.1
(no database, no settings)."""

from __future__ import annotations

import copy
import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlencode

import pytest
import requests

from supervisiondesk.integrations.primero import (
    PrimeroAuthError,
    PrimeroClient,
    PrimeroNotFound,
    PrimeroUnavailable,
    PrimeroValidationError,
)
from supervisiondesk.integrations.primero.client import MAX_URL
from supervisiondesk.integrations.primero.fake_server import FakePrimero

PASSWORD = "s3rvice-pass"
T0 = datetime(2026, 8, 19, 10, 0, tzinfo=UTC)


@pytest.fixture
def fake() -> Iterator[FakePrimero]:
    with FakePrimero(now=T0) as server:
        server.add_role("role-supervisor", "Supervisor", is_manager=True)
        server.add_role("role-case-worker", "Case worker")
        server.add_user_group("ug-north", "North team")
        server.add_user_group("ug-south", "South team")
        server.add_user("service", password=PASSWORD, role_unique_id="role-supervisor")
        yield server


def client_for(
    fake: FakePrimero, user: str = "service", password: str = PASSWORD, **options: Any
) -> PrimeroClient:
    options = {"sleep": lambda seconds: None, "timeout": 2.0} | options
    client = PrimeroClient(fake.url, user_name=user, password=password, **options)
    client.session.trust_env = False  # no proxy from the environment for 127.0.0.1
    return client


def logged(fake: FakePrimero, method: str, prefix: str) -> list[Any]:
    return [r for r in fake.requests_log if r.method == method and r.path.startswith(prefix)]


def raw_get(fake: FakePrimero, path: str, **params: str) -> dict[str, Any]:
    """A request without the client, to see the fake's own answer (status 200 checked)."""
    session = requests.Session()
    session.trust_env = False
    answer = session.get(f"{fake.url}{path}", params=params, auth=("service", PASSWORD), timeout=5)
    assert answer.status_code == 200
    return answer.json()


def free_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- authentication --------------------------------------------------------


def test_basic_auth_on_every_request(fake: FakePrimero) -> None:
    record_id = fake.add_case(owned_by="jdoe")
    client = client_for(fake)
    assert [c["id"] for c in client.cases(workers=["jdoe"])] == [record_id]
    assert client.case(record_id)["owned_by"] == "jdoe"
    assert {r.auth for r in fake.requests_log} == {"basic"}
    assert not logged(fake, "POST", "/api/v2/tokens")


def test_token_login_keeps_the_session_and_sends_csrf_on_writes(fake: FakePrimero) -> None:
    record_id = fake.add_case(owned_by="jdoe")
    client = client_for(fake, auth="token")
    assert client.case(record_id)["id"] == record_id
    assert client.case_update(record_id, {"risk_level": "low"})["risk_level"] == "low"
    assert [(r.method, r.auth) for r in fake.requests_log] == [
        ("POST", None),
        ("GET", "session"),
        ("PATCH", "session"),
    ]
    assert fake.requests_log[0].body == {"user": {"user_name": "service", "password": "***"}}
    client.logout()
    last = fake.requests_log[-1]
    assert (last.method, last.path, last.auth) == ("DELETE", "/api/v2/tokens", "session")


def test_a_write_without_the_csrf_token_is_forbidden(fake: FakePrimero) -> None:
    record_id = fake.add_case(owned_by="jdoe")
    client = client_for(fake, auth="token")
    client.login()
    for cookie in client.session.cookies:
        if cookie.name == "CSRF-TOKEN":
            cookie.value = "forged"
    with pytest.raises(PrimeroAuthError) as refused:
        client.case_update(record_id, {"risk_level": "low"})
    assert refused.value.status == 403
    assert "risk_level" not in fake.cases[record_id]


@pytest.mark.parametrize("auth", ["basic", "token"])
def test_a_wrong_password_is_an_auth_error(fake: FakePrimero, auth: str) -> None:
    client = client_for(fake, password="wrong", auth=auth)
    with pytest.raises(PrimeroAuthError) as refused:
        client.user_groups()
    assert refused.value.status == 401
    assert fake.url in str(refused.value) and "'service'" in str(refused.value)


@pytest.mark.parametrize("end", ["clock", "expire_sessions"])
def test_an_expired_session_logs_in_once_more(fake: FakePrimero, end: str) -> None:
    record_id = fake.add_case(owned_by="jdoe")
    client = client_for(fake, auth="token")
    client.case(record_id)
    if end == "clock":
        fake.advance(minutes=61)
    else:
        fake.expire_sessions()
    assert client.case(record_id)["id"] == record_id
    assert len(logged(fake, "POST", "/api/v2/tokens")) == 2
    assert [r.method for r in fake.requests_log] == ["POST", "GET", "GET", "POST", "GET"]


def test_bearer_token(fake: FakePrimero) -> None:
    fake.add_bearer_token("jwt-from-the-idp", "service")
    fake.add_case(owned_by="jdoe")
    client = client_for(fake, auth="bearer", bearer_token="jwt-from-the-idp")
    assert len(list(client.cases(workers=["jdoe"]))) == 1
    assert fake.requests_log[-1].auth == "bearer"
    with pytest.raises(PrimeroAuthError):
        client_for(fake, auth="bearer", bearer_token="stale").roles()


# -- caseloads -------------------------------------------------------------


def test_paging_reads_every_case_once_in_pages_of_1000(fake: FakePrimero) -> None:
    ids = {fake.add_case(owned_by="jdoe") for _ in range(2350)}
    listing = client_for(fake).cases(workers=["jdoe"], fields=["owned_by"])
    seen = [c["id"] for c in listing]
    assert len(seen) == 2350 and set(seen) == ids
    assert listing.total == 2350 and listing.pages == 3 and listing.complete
    pages = logged(fake, "GET", "/api/v2/cases")
    assert [(r.param("page"), r.param("per")) for r in pages] == [
        ("1", "1000"),
        ("2", "1000"),
        ("3", "1000"),
    ]
    assert pages[0].param("order_by") == "last_updated_at" and pages[0].param("order") == "asc"
    assert pages[0].param("record_state") == "true"


def test_more_than_1000_a_page_is_served_as_1000(fake: FakePrimero) -> None:
    for _ in range(1200):
        fake.add_case(owned_by="jdoe")
    answer = raw_get(fake, "/api/v2/cases", per="5000")
    assert answer["metadata"] == {"total": 1200, "per": 1000, "page": 1}
    assert len(answer["data"]) == 1000


def test_a_short_page_before_the_total_ends_the_walk(fake: FakePrimero) -> None:
    ids = [fake.add_case(owned_by="jdoe") for _ in range(2350)]
    listing = client_for(fake).cases(workers=["jdoe"])
    first = next(listing)  # page 1 read; now 1000 cases leave the caseload
    for record_id in ids[1350:]:
        del fake.cases[record_id]
    rest = list(listing)
    assert len(rest) + 1 == 1350 and first["id"] == ids[0]
    assert not listing.complete
    assert len(logged(fake, "GET", "/api/v2/cases")) == 2


def test_owned_or_assigned(fake: FakePrimero) -> None:
    owned = fake.add_case(owned_by="jdoe")
    assigned = fake.add_case(owned_by="zed", assigned_user_names=["jdoe", "other"])
    fake.add_case(owned_by="asmith")
    fake.add_case(owned_by="zed", assigned_user_names=["other"])
    both = fake.add_case(owned_by="asmith", assigned_user_names=["jdoe"])
    found = [c["id"] for c in client_for(fake).cases(workers=["jdoe"])]
    assert sorted(found) == sorted([owned, assigned, both])
    request = logged(fake, "GET", "/api/v2/cases")[0]
    assert request.param("or[owned_by]") == "jdoe"
    assert request.param("or[assigned_user_names]") == "jdoe"


def test_long_worker_lists_are_split_and_each_case_comes_once(fake: FakePrimero) -> None:
    workers = [f"worker-{n:04d}-of-the-north" for n in range(400)]
    ids = {fake.add_case(owned_by=name) for name in workers}
    ids.add(fake.add_case(owned_by=workers[0], assigned_user_names=[workers[-1]]))
    found = [c["id"] for c in client_for(fake).cases(workers=workers)]
    assert len(found) == len(ids) and set(found) == ids
    requests_made = logged(fake, "GET", "/api/v2/cases")
    assert len(requests_made) > 1
    for request in requests_made:
        url = f"{fake.url}{request.path}?{urlencode(request.query, doseq=True)}"
        assert len(url) <= MAX_URL


def test_incremental_window_includes_both_edges(fake: FakePrimero) -> None:
    made = {}
    for moment in ["09:59:59", "10:00:00", "11:00:00", "12:00:00", "12:00:01"]:
        hour, minute, second = map(int, moment.split(":"))
        fake.now = T0.replace(hour=hour, minute=minute, second=second)
        made[moment] = fake.add_case(owned_by="jdoe")
    listing = client_for(fake).cases(
        workers=["jdoe"],
        updated_since=T0,
        updated_until=T0.replace(hour=12).astimezone(timezone(timedelta(hours=3))),  # any zone
    )
    assert [c["id"] for c in listing] == [made["10:00:00"], made["11:00:00"], made["12:00:00"]]
    window = logged(fake, "GET", "/api/v2/cases")[0].param("last_updated_at")
    assert window == "2026-08-19T10:00:00Z..2026-08-19T12:00:00Z"


def test_naive_datetimes_and_no_workers_are_refused(fake: FakePrimero) -> None:
    client = client_for(fake)
    with pytest.raises(ValueError, match="aware"):
        client.cases(workers=["jdoe"], updated_since=datetime(2026, 8, 1))
    with pytest.raises(ValueError, match="worker"):
        client.cases(workers=[])
    assert not fake.requests_log


def test_status_and_record_state(fake: FakePrimero) -> None:
    open_case = fake.add_case(owned_by="jdoe")
    closed = fake.add_case(owned_by="jdoe", status="closed")
    fake.add_case(owned_by="jdoe", record_state=False)
    client = client_for(fake)
    assert [c["id"] for c in client.cases(workers=["jdoe"])] == [open_case]
    both = client.cases(workers=["jdoe"], statuses=("open", "closed"))
    assert sorted(c["id"] for c in both) == sorted([open_case, closed])


def test_fields_short_and_chosen(fake: FakePrimero) -> None:
    fake.add_case(owned_by="jdoe", risk_level="high", workflow="case_plan", secret="x")
    client = client_for(fake)
    (chosen,) = client.cases(workers=["jdoe"], fields=["risk_level"])
    assert set(chosen) == {"id", "risk_level"}
    short = raw_get(fake, "/api/v2/cases", fields="short")["data"][0]
    assert "secret" not in short and short["workflow"] == "case_plan"


def test_the_scope_of_the_account_applies(fake: FakePrimero) -> None:
    fake.add_user("selfie", password="p", user_group_unique_ids=["ug-north"], scope="self")
    fake.add_user("grouper", password="p", user_group_unique_ids=["ug-north"], scope="group")
    fake.add_user("agent", password="p", agency_id="agency-2", scope="agency")
    fake.add_user("w1", user_group_unique_ids=["ug-north"])
    fake.add_user("w2", user_group_unique_ids=["ug-south"], agency_id="agency-2")
    fake.add_user("w3", user_group_unique_ids=["ug-south"])
    c1 = fake.add_case(owned_by="selfie")
    c2 = fake.add_case(owned_by="w1")
    c3 = fake.add_case(owned_by="w2")
    c4 = fake.add_case(owned_by="w3", assigned_user_names=["selfie"])
    workers = ["selfie", "w1", "w2", "w3"]

    def seen(user: str) -> set[str]:
        return {c["id"] for c in client_for(fake, user, "p").cases(workers=workers)}

    assert seen("selfie") == {c1, c4}
    assert seen("grouper") == {c1, c2, c4}
    assert seen("agent") == {c3}
    assert len({c["id"] for c in client_for(fake).cases(workers=workers)}) == 4
    with pytest.raises(PrimeroNotFound):
        client_for(fake, "selfie", "p").case(c2)


def test_an_unknown_filter_answers_total_0_and_probe_finds_it(fake: FakePrimero) -> None:
    fake.add_case(owned_by="jdoe")
    assert raw_get(fake, "/api/v2/cases", no_such_filter="1")["metadata"]["total"] == 0
    client = client_for(fake)
    assert client.probe().ok
    fake.disabled_filters = {"or[assigned_user_names]"}  # a role that may not use it
    listing = client.cases(workers=["jdoe"])
    assert list(listing) == [] and listing.total == 0
    result = client.probe()
    assert not result.ok and result.visible == 1
    assert result.ignored_filters == ("or[owned_by]/or[assigned_user_names]",)


# -- writing back ----------------------------------------------------------

NOTE = {"note_subject": "Supervision", "note_text": "Discussed the plan", "note_date": "2026-08-01"}


def test_case_update_merges_notes_by_unique_id(fake: FakePrimero) -> None:
    record_id = fake.add_case(owned_by="jdoe", notes_section=[NOTE | {"unique_id": "n1"}])
    fake.advance(hours=1)
    new_note = NOTE | {"note_subject": "Follow-up", "note_date": "2026-08-19"}
    edited = {"unique_id": "n1", "note_text": "Edited"}
    data = client_for(fake).case_update(
        record_id, {"risk_level": "medium", "notes_section": [edited, new_note]}
    )
    notes = data["notes_section"]
    assert len(notes) == 2
    assert notes[0] == NOTE | {"unique_id": "n1", "note_text": "Edited"}
    assert notes[1]["note_subject"] == "Follow-up" and notes[1]["unique_id"]
    assert data["risk_level"] == "medium" and data["last_updated_at"] == "2026-08-19T11:00:00.000Z"
    assert fake.cases[record_id] == data


def test_a_new_entry_with_its_own_unique_id_is_not_added_twice(fake: FakePrimero) -> None:
    record_id = fake.add_case(owned_by="jdoe")
    client = client_for(fake)
    for _ in range(2):  # a retried PATCH
        client.case_update(record_id, {"notes_section": [NOTE | {"unique_id": "mine-1"}]})
    assert [n["unique_id"] for n in fake.cases[record_id]["notes_section"]] == ["mine-1"]


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ({"note_subject": "No text"}, "note_text is required"),
        (NOTE | {"note_date": "19/08/2026"}, "note_date must be a date YYYY-MM-DD"),
    ],
)
def test_an_invalid_note_is_refused_and_nothing_changes(
    fake: FakePrimero, note: dict[str, str], message: str
) -> None:
    record_id = fake.add_case(owned_by="jdoe", notes_section=[NOTE | {"unique_id": "n1"}])
    before = copy.deepcopy(fake.cases[record_id])
    fake.advance(hours=1)
    with pytest.raises(PrimeroValidationError) as refused:
        client_for(fake).case_update(record_id, {"risk_level": "low", "notes_section": [note]})
    assert refused.value.status == 422 and refused.value.fields == ["notes_section"]
    assert refused.value.resource == f"/api/v2/cases/{record_id}"
    assert message in str(refused.value) and record_id in str(refused.value)
    assert fake.cases[record_id] == before


def test_a_read_only_field_is_refused(fake: FakePrimero) -> None:
    record_id = fake.add_case(owned_by="jdoe")
    fake.readonly_fields.add("case_id_display")
    with pytest.raises(PrimeroValidationError) as refused:
        client_for(fake).case_update(record_id, {"case_id_display": "abc1234"})
    assert refused.value.fields == ["case_id_display"]


def test_approvals(fake: FakePrimero) -> None:
    record_id = fake.add_case(owned_by="jdoe")
    client = client_for(fake)
    data = client.approval_update(record_id, "case_plan", "approved")
    assert data["approval_status_case_plan"] == "approved"
    request = fake.requests_log[-1]
    assert request.path == f"/api/v2/cases/{record_id}/approvals/case_plan"
    assert request.body == {"data": {"approval_status": "approved"}}
    with pytest.raises(PrimeroValidationError) as refused:
        client.approval_update(record_id, "closure", "maybe")
    assert refused.value.fields == ["approval_status"]
    with pytest.raises(PrimeroNotFound):
        client.approval_update(record_id, "no_such_approval", "approved")
    with pytest.raises(PrimeroNotFound):
        client.case("no-such-case")


# -- failures and retries --------------------------------------------------


def test_a_read_is_retried_after_a_500(fake: FakePrimero) -> None:
    fake.add_case(owned_by="jdoe")
    sleeps: list[float] = []
    fake.fail_next("/api/v2/cases", status=500)
    assert len(list(client_for(fake, sleep=sleeps.append).cases(workers=["jdoe"]))) == 1
    assert len(logged(fake, "GET", "/api/v2/cases")) == 2 and sleeps == [0.5]


def test_three_503s_make_primero_unavailable(fake: FakePrimero) -> None:
    sleeps: list[float] = []
    fake.fail_next("/api/v2/user_groups", status=503, count=3)
    with pytest.raises(PrimeroUnavailable) as failed:
        client_for(fake, sleep=sleeps.append).user_groups()
    assert failed.value.status == 503 and "3 attempts" in str(failed.value)
    assert f"{fake.url}/api/v2/user_groups" in str(failed.value)
    assert len(logged(fake, "GET", "/api/v2/user_groups")) == 3 and sleeps == [0.5, 1.0]


def test_a_write_is_retried_after_a_503_but_not_after_a_500(fake: FakePrimero) -> None:
    record_id = fake.add_case(owned_by="jdoe")
    client = client_for(fake)
    fake.fail_next("/api/v2/cases/", status=503)
    assert client.case_update(record_id, {"risk_level": "low"})["risk_level"] == "low"
    assert len(logged(fake, "PATCH", "/api/v2/cases/")) == 2
    fake.fail_next("/api/v2/cases/", status=500)
    with pytest.raises(PrimeroUnavailable):
        client.case_update(record_id, {"risk_level": "high"})
    assert len(logged(fake, "PATCH", "/api/v2/cases/")) == 3


def test_a_read_timeout_makes_primero_unavailable(fake: FakePrimero) -> None:
    record_id = fake.add_case(owned_by="jdoe")
    fake.delay_next("/api/v2/cases/", 0.6, count=3)
    with pytest.raises(PrimeroUnavailable, match=r"did not answer within 0\.2 s, after 3"):
        client_for(fake, timeout=0.2).case(record_id)
    assert len(logged(fake, "GET", "/api/v2/cases/")) == 3


def test_a_write_that_times_out_is_not_retried(fake: FakePrimero) -> None:
    record_id = fake.add_case(owned_by="jdoe")
    sleeps: list[float] = []
    fake.delay_next(f"/api/v2/cases/{record_id}", 0.4)
    with pytest.raises(PrimeroUnavailable, match="did not answer"):
        client_for(fake, timeout=0.2, sleep=sleeps.append).case_update(
            record_id, {"notes_section": [NOTE]}
        )
    assert len(logged(fake, "PATCH", "/api/v2/cases/")) == 1 and sleeps == []
    # Why: Primero went on and saved it; a second PATCH would add the note twice.
    deadline = time.monotonic() + 3
    while "notes_section" not in fake.cases[record_id] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(fake.cases[record_id]["notes_section"]) == 1


def test_a_refused_connection_is_retried_even_for_a_write() -> None:
    sleeps: list[float] = []
    client = PrimeroClient(
        f"http://127.0.0.1:{free_port()}", user_name="u", password="p", sleep=sleeps.append
    )
    client.session.trust_env = False
    with pytest.raises(PrimeroUnavailable, match="could not be connected") as failed:
        client.case_update("some-id", {"risk_level": "low"})
    assert "after 3 attempts" in str(failed.value) and sleeps == [0.5, 1.0]


# -- staff and teams -------------------------------------------------------


def test_users_by_group_user_groups_and_roles(fake: FakePrimero) -> None:
    fake.add_user("jdoe", user_group_unique_ids=["ug-north"], full_name="Jane Doe")
    fake.add_user("asmith", user_group_unique_ids=["ug-south"])
    fake.add_user("both", user_group_unique_ids=["ug-north", "ug-south"])
    client = client_for(fake)
    north = list(client.users(group_ids=["ug-north"]))
    assert [u["user_name"] for u in north] == ["jdoe", "both"]
    assert north[0]["full_name"] == "Jane Doe" and north[0]["email"] == "jdoe@example.org"
    assert all("password" not in u for u in client.users())
    assert len(list(client.users(group_ids=["ug-north", "ug-south"]))) == 3
    assert logged(fake, "GET", "/api/v2/users")[0].query["user_group_ids[]"] == ["ug-north"]
    assert [g["unique_id"] for g in client.user_groups()] == ["ug-north", "ug-south"]
    assert {r["unique_id"]: r["is_manager"] for r in client.roles()} == {
        "role-supervisor": True,
        "role-case-worker": False,
    }


# -- webhooks --------------------------------------------------------------


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    received: list[tuple[str, dict[str, Any]]] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers["X-Primero-Event"], json.loads(body)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hooks/primero", received
    server.shutdown()
    server.server_close()


def test_webhooks_on_create_and_update(
    fake: FakePrimero, receiver: tuple[str, list[tuple[str, dict[str, Any]]]]
) -> None:
    url, received = receiver
    fake.webhook_url = url
    record_id = fake.add_case(owned_by="jdoe", risk_level="high")
    client_for(fake).case_update(record_id, {"risk_level": "low"})
    fake.update_case(record_id, status="closed")
    assert [event for event, _ in received] == ["case.create", "case.update", "case.update"]
    first = received[0][1]["data"]
    assert first["record_id"] == record_id and first["record_type"] == "case"
    assert first["owned_by"] == "jdoe" and first["risk_level"] == "high"
    assert received[1][1]["data"]["risk_level"] == "low"
    assert received[2][1]["data"]["status"] == "closed"
    assert [(d.event, d.status) for d in fake.webhook_deliveries] == [
        ("case.create", 204),
        ("case.update", 204),
        ("case.update", 204),
    ]


def test_a_failed_webhook_is_recorded_not_raised(fake: FakePrimero) -> None:
    fake.webhook_url = f"http://127.0.0.1:{free_port()}/hooks"
    record_id = fake.add_case(owned_by="jdoe")
    assert record_id in fake.cases
    (delivery,) = fake.webhook_deliveries
    assert delivery.status is None and delivery.error
