"""POST /api/v1/caseload/: the first write endpoint. The same service as
`import_caseload`; an administrator with a `write` token or session; every
problem in `errors` by line or item; nothing written on any problem."""

from __future__ import annotations

import pytest
from django.test import Client

from supervisiondesk.api.tests.test_tokens import bearer, make
from supervisiondesk.people.models import Case, CasePeriod
from supervisiondesk.people.tests.world import ROLES
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry

URL = "/api/v1/caseload/"
PROBLEM = "application/problem+json"
CSV = "case_id,worker_id,case_type,risk,from,to\nmos-1,practitioner,cp,high,2026-02-01,\n"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_only_an_administrator_of_the_organisation_imports(world, role) -> None:
    response = signed_in(world.users[role]).post(URL, CSV, content_type="text/csv")
    if role == "admin":
        assert response.status_code == 200
        assert response.json()["created"] == {"cases": 1, "case periods": 1}
    else:
        # config_only is an administrator with no organisation; stranger_boss
        # is of the other one and no administrator.
        assert response.status_code == 403 and response["Content-Type"] == PROBLEM
        assert not Case.objects.filter(case_id="mos-1").exists()


def test_anonymous_is_401(db) -> None:
    assert Client().post(URL, CSV, content_type="text/csv").status_code == 401


def test_a_token_needs_the_write_scope(world) -> None:
    admin = world.users["admin"]
    _t, read_only = make(admin, scopes=["read"])
    refused = bearer(read_only).post(URL, CSV, content_type="text/csv")
    assert refused.status_code == 403 and "'write' scope" in refused.json()["detail"]
    _t, writer = make(admin, scopes=["write"])
    rows = [
        {
            "case_id": "j-1",
            "worker_id": "colleague",
            "case_type": "cla",
            "risk": "high",
            "from": "2026-05-01",
            "to": None,
        }
    ]
    answer = bearer(writer).post(URL, rows, content_type="application/json")
    assert answer.status_code == 200
    assert answer.json() == {
        "dry_run": False,
        "rows": 1,
        "created": {"cases": 1, "case periods": 1},
        "updated": {"case periods": 0},
        "deleted": {"case periods": 0},
    }
    assert CasePeriod.objects.filter(case__case_id="j-1", worker__staff_id="colleague").exists()
    entry = AccessLogEntry.objects.filter(event=AccessEvent.API_CALL).latest("pk")
    assert entry.object_type == "caseload"


def test_every_problem_with_its_line_and_nothing_written(world) -> None:
    bad = (
        "case_id,worker_id,case_type,risk,from,to\n"
        "x-1,practitioner,cp,extreme,2026-01-01,\n"
        "x-2,practitioner,cp,high,2026-13-01,\n"
    )
    response = signed_in(world.users["admin"]).post(URL, bad, content_type="text/csv")
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert set(errors) == {"lines.2.risk", "lines.3.from"}
    assert errors["lines.2.risk"].startswith("case_periods.csv line 2: risk 'extreme'")
    assert not Case.objects.filter(case_id__startswith="x-").exists()

    items = [
        {
            "case_id": "y",
            "worker_id": "nobody",
            "case_type": "cp",
            "risk": "high",
            "from": "2026-01-01",
        }
    ]
    response = signed_in(world.users["admin"]).post(URL, items, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "items.1.worker_id"


def test_dry_run_and_wrong_bodies(world) -> None:
    admin = signed_in(world.users["admin"])
    answer = admin.post(f"{URL}?dry_run=true", CSV, content_type="text/csv")
    assert answer.status_code == 200 and answer.json()["dry_run"] is True
    assert not Case.objects.filter(case_id="mos-1").exists()
    assert admin.post(URL, {"a": 1}, content_type="application/json").status_code == 400
    assert admin.post(URL, "a,b", content_type="text/plain").status_code == 415
