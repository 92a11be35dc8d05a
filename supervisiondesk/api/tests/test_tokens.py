"""Personal access tokens: made by the user or their organisation's
administrator, shown once, kept hashed, scoped, expiring, revocable; and
every call, whoever makes it, in the access log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from supervisiondesk.api.models import ApiToken
from supervisiondesk.api.services import token_create, token_hash, token_revoke
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry, Channel
from supervisiondesk.supervision.services.common import NotAllowed

ME = "/api/v1/me/"


def bearer(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def make(user, scopes=("read",), days=30, by=None):
    return token_create(
        user=user,
        name="Primero sync",
        scopes=scopes,
        expires_on=timezone.localdate() + timedelta(days=days),
        by=by or user,
    )


def test_a_token_is_kept_hashed_and_acts_as_its_user(world) -> None:
    token, secret = make(world.users["supervisor"])
    assert secret.startswith("sdpat_") and len(secret) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == token_hash(secret) and secret not in str(stored.__dict__)
    response = bearer(secret).get(ME)
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "supervisor" and body["staff_id"] == "supervisor"
    assert body["scopes"] == ["read"]
    stored.refresh_from_db()
    assert stored.last_used_at is not None


@pytest.mark.parametrize(
    "change, message",
    [
        ("revoke", "revoked"),
        ("expire", "expired"),
        ("unknown", "not known"),
        ("deactivate", "deactivated"),
    ],
)
def test_a_refused_token_answers_401_saying_why(world, change: str, message: str) -> None:
    user = world.users["practitioner"]
    token, secret = make(user)
    if change == "revoke":
        token_revoke(token=token, by=user)
    elif change == "expire":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    elif change == "unknown":
        secret = secret[:-4] + "AAAA"
    elif change == "deactivate":
        user.is_active = False
        user.save()
    response = bearer(secret).get(ME)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert message in response.json()["detail"]


def test_scopes_limit_what_a_token_may_do(world) -> None:
    user = world.users["supervisor"]
    _t, read_only = make(user, scopes=["read"])
    _t, compliance_only = make(user, scopes=["compliance"])
    assert bearer(read_only).get("/api/v1/sessions/").status_code == 200
    refused = bearer(read_only).get("/api/v1/compliance/")
    assert refused.status_code == 403 and "'compliance' scope" in refused.json()["detail"]
    assert bearer(compliance_only).get("/api/v1/compliance/").status_code == 200
    assert bearer(compliance_only).get("/api/v1/sessions/").status_code == 403


def test_a_token_sees_only_what_its_user_sees(world) -> None:
    """The same privacy rules: the practitioner's token lists themself and
    their supervisor, never the other team or organisation."""
    _t, secret = make(world.users["practitioner"])
    staff = {row["staff_id"] for row in bearer(secret).get("/api/v1/staff/").json()["results"]}
    assert staff == {"practitioner", "supervisor"}


def test_expiry_is_required_in_the_future_and_within_a_year(world) -> None:
    user = world.users["practitioner"]
    with pytest.raises(NotAllowed, match="after today"):
        make(user, days=0)
    with pytest.raises(NotAllowed, match="at most 366 days"):
        make(user, days=400)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make(user, scopes=["everything"])


def test_an_administrator_manages_tokens_of_their_organisation_only(world) -> None:
    admin, practitioner = world.users["admin"], world.users["practitioner"]
    token, _secret = make(practitioner, by=admin)
    assert token.created_by == admin
    token_revoke(token=token, by=admin)
    with pytest.raises(NotAllowed):
        make(practitioner, by=world.users["supervisor"])  # not an administrator
    with pytest.raises(NotAllowed):
        make(world.users["stranger_boss"], by=admin)  # another organisation
    mine, _s = make(practitioner)
    with pytest.raises(NotAllowed):
        token_revoke(token=mine, by=world.users["stranger_boss"])


def test_every_call_is_in_the_access_log(world) -> None:
    """A list is one API-call entry; a record's read is one read entry with
    its subjects (logged by supervision.access); a refusal is logged too."""
    _t, secret = make(world.users["practitioner"])
    client = bearer(secret)
    before = AccessLogEntry.objects.count()
    client.get("/api/v1/sessions/?status=held")
    client.get("/api/v1/cases/")
    case = world.staff["practitioner"].case_periods.first().case
    client.get(f"/api/v1/cases/{case.pk}/")
    colleague_case = world.staff["colleague"].case_periods.first().case
    assert client.get(f"/api/v1/cases/{colleague_case.pk}/").status_code == 404
    entries = list(AccessLogEntry.objects.order_by("pk")[before:])
    assert [(e.event, e.channel, e.object_type) for e in entries] == [
        (AccessEvent.API_CALL, Channel.API, "session_list"),
        (AccessEvent.API_CALL, Channel.API, "case_list"),
        (AccessEvent.READ, Channel.API, "case"),
        (AccessEvent.DENIED, Channel.API, "case"),
    ]
    assert "GET /api/v1/sessions/?status=held → 200 (token" in entries[0].detail
    assert entries[2].object_id == str(case.pk)
    assert all(e.username == "practitioner" for e in entries)


def test_an_unknown_token_is_logged_without_a_user(world) -> None:
    before = AccessLogEntry.objects.count()
    bearer("sdpat_nothing-like-it").get("/api/v1/staff/")
    entry = AccessLogEntry.objects.order_by("pk")[before:].get()
    assert entry.event == AccessEvent.DENIED and entry.user_id is None
    assert "→ 401" in entry.detail


# ---------------------------------------------------------------- the page


def test_the_tokens_page_shows_a_new_token_once_and_revokes_it(world) -> None:
    client = Client()
    client.force_login(world.users["supervisor"])
    expires = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post(
        reverse("api:token_new"),
        {"name": "Power BI", "scopes": ["read", "compliance"], "expires_on": expires},
    )
    assert response.status_code == 302
    page = client.get(reverse("api:tokens")).content.decode()
    token = ApiToken.objects.get(user=world.users["supervisor"])
    secret = page.split('spellcheck="false">')[1].split("<")[0]
    assert token_hash(secret) == token.token_hash
    assert token.scopes == ["compliance", "read"]
    again = client.get(reverse("api:tokens")).content.decode()
    assert secret not in again and f"…{token.hint}" in again
    assert bearer(secret).get(ME).status_code == 200
    client.post(reverse("api:token_revoke", args=[token.pk]))
    assert bearer(secret).get(ME).status_code == 401


def test_the_tokens_page_names_a_bad_expiry(world) -> None:
    client = Client()
    client.force_login(world.users["practitioner"])
    response = client.post(
        reverse("api:token_new"),
        {"name": "x", "scopes": ["read"], "expires_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert "The expiry date must be after today." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_one_may_not_revoke_someone_elses_token_from_the_page(world) -> None:
    token, secret = make(world.users["practitioner"])
    client = Client()
    client.force_login(world.users["supervisor"])
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    assert bearer(secret).get(ME).status_code == 200


def test_an_administrator_revokes_a_token_in_the_configuration_pages(world) -> None:
    token, secret = make(world.users["practitioner"])
    _other, other_secret = make(world.users["stranger_boss"])
    client = Client()
    client.force_login(world.users["admin"])
    listing = client.get(reverse("admin:api_apitoken_changelist")).content.decode()
    assert f'name="_selected_action" value="{token.pk}"' in listing
    assert f'name="_selected_action" value="{_other.pk}"' not in listing  # another organisation
    response = client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk, _other.pk]},
    )
    assert response.status_code == 302
    assert bearer(secret).get(ME).status_code == 401
    assert bearer(other_secret).get(ME).status_code == 200  # out of reach
    token.refresh_from_db()
    assert token.revoked_by == world.users["admin"]


def test_a_service_account_token_from_the_command_line(world) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command(
        "api_token_create",
        "supervisor",
        "--name",
        "Primero",
        "--scopes",
        "read,compliance",
        stdout=out,
    )
    secret = out.getvalue().strip().split()[-1]
    assert bearer(secret).get("/api/v1/compliance/").status_code == 200
    with pytest.raises(CommandError, match="No login named"):
        call_command("api_token_create", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="not a date"):
        call_command("api_token_create", "supervisor", "--name", "x", "--expires", "soon")
