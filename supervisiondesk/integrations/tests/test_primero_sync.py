"""The Primero sync against the fake Primero over HTTP on 127.0.0.1: the
first sync creates the case periods, a second changes nothing, a changed
case changes only itself, failures are kept and retried, a case discussion
goes back in the right shape, the webhook queues a record, and Primero's
tasks become suggested agenda items."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from supervisiondesk.integrations.models import (
    DiscussionPush,
    PrimeroCase,
    PrimeroConnection,
    PrimeroFailure,
    PrimeroPending,
    PrimeroValueMap,
    PrimeroWorker,
)
from supervisiondesk.integrations.primero import PrimeroClient
from supervisiondesk.integrations.primero.fake_server import FakePrimero
from supervisiondesk.integrations.services.sync import SyncSummary, primero_sync
from supervisiondesk.people.models import Case, CasePeriod
from supervisiondesk.supervision.choices import SessionKind
from supervisiondesk.supervision.models import AgendaItem, CaseDiscussion, SupervisionSession
from supervisiondesk.supervision.services import sessions
from supervisiondesk.supervision.services.common import organisation_today
from supervisiondesk.supervision.tests.test_case_record import make_session

pytestmark = pytest.mark.django_db

PASSWORD = "s3rvice-pass"
# Primero's clock a month back, so every change is in the past here.
T0 = (datetime.now(UTC) - timedelta(days=30)).replace(hour=10, minute=0, second=0, microsecond=0)


@pytest.fixture
def fake(world) -> Iterator[FakePrimero]:
    world.users["practitioner"].email = "Pat.P@riverside.example"
    world.users["practitioner"].save(update_fields=["email"])
    with FakePrimero(now=T0) as server:
        server.add_role("role-supervisor", "Supervisor", is_manager=True)
        server.add_user("service", password=PASSWORD, role_unique_id="role-supervisor")
        # Matched by email, by login user name, by staff id; and nobody's.
        server.add_user("ppract", email="pat.p@riverside.example")
        server.add_user("supervisor")
        server.add_user("colleague")
        server.add_user("ghost")
        yield server


@pytest.fixture
def connection(world, fake, settings) -> PrimeroConnection:
    settings.PRIMERO_PASSWORD = PASSWORD
    connection = PrimeroConnection.objects.create(
        organisation=world.organisation, base_url=fake.url, user_name="service"
    )
    rows = [
        ("case_type", "protection_concerns", "physical_violence", "cp"),
        ("case_type", "protection_concerns", "separated", "cla"),
        ("risk", "risk_level", "high", "high"),
        ("risk", "risk_level", "medium", "standard"),
        ("risk", "risk_level", "low", "standard"),
    ]
    for order, (target, field, value, result) in enumerate(rows):
        PrimeroValueMap.objects.create(
            connection=connection,
            target=target,
            field=field,
            value=value,
            result=result,
            order=order,
        )
    return connection


def client_of(connection: PrimeroConnection, **options: Any) -> PrimeroClient:
    options = {"sleep": lambda seconds: None, "timeout": 2.0, "retries": 1} | options
    client = PrimeroClient(connection.base_url, user_name="service", password=PASSWORD, **options)
    client.session.trust_env = False  # no proxy from the environment for 127.0.0.1
    return client


def sync(connection: PrimeroConnection, fake: FakePrimero, **options: Any) -> SyncSummary:
    connection.refresh_from_db()
    client_options = options.pop("client", {})
    with client_of(connection, **client_options) as client:
        return primero_sync(connection=connection, client=client, now=fake.now, **options)


def add_cases(fake: FakePrimero) -> dict[str, str]:
    day = (T0 - timedelta(days=60)).date().isoformat()
    return {
        "violence": fake.add_case(
            case_id_display="pv-001",
            owned_by="ppract",
            protection_concerns=["physical_violence"],
            risk_level="high",
            registration_date=day,
        ),
        "separated": fake.add_case(
            case_id_display="sep-002",
            owned_by="ghost",
            assigned_user_names=["colleague"],
            protection_concerns="separated",
            risk_level="medium",
        ),
        "unmapped": fake.add_case(
            case_id_display="unk-003",
            owned_by="supervisor",
            protection_concerns=["trafficking"],
            risk_level="low",
        ),
        "closed": fake.add_case(
            case_id_display="old-004",
            owned_by="ppract",
            status="closed",
            protection_concerns=["separated"],
            risk_level="low",
        ),
    }


def periods(record_id: str) -> list[tuple[str, str, str, date, date | None]]:
    case = Case.objects.get(external_id=record_id)
    return [
        (p.worker.staff_id, p.case_type, p.risk, p.start_date, p.end_date)
        for p in case.periods.select_related("worker").order_by("start_date")
    ]


def snapshot() -> dict[str, Any]:
    """Everything the sync writes, with the moments rows last changed."""
    return {
        "cases": sorted(Case.objects.values_list("pk", "updated_at")),
        "periods": sorted(
            CasePeriod.objects.values_list("pk", "updated_at", "end_date", "worker_id", "risk")
        ),
        "links": sorted(
            PrimeroCase.objects.values_list(
                "pk", "primero_updated_at", "tasks", "pending_approvals"
            )
        ),
        "workers": sorted(PrimeroWorker.objects.values_list("user_name", "staff_id", "matched_by")),
    }


def test_first_sync_creates_case_periods_and_keeps_what_fails(world, fake, connection):
    ids = add_cases(fake)
    summary = sync(connection, fake)

    assert periods(ids["violence"]) == [
        ("practitioner", "cp", "high", (T0 - timedelta(days=60)).date(), None)
    ]
    # Owned by a user matched to nobody, assigned to one matched by staff id.
    assert periods(ids["separated"]) == [("colleague", "cla", "standard", T0.date(), None)]
    case = Case.objects.get(external_id=ids["violence"])
    assert (case.case_id, case.source_system) == ("pv-001", "primero")
    # No mapping row for trafficking and no default: kept as a failure, nothing written.
    assert not Case.objects.filter(case_id="unk-003").exists()
    failure = PrimeroFailure.objects.get()
    assert (failure.record_id, failure.case_id) == (ids["unmapped"], "unk-003")
    assert "case type mapping" in failure.message and "trafficking" in failure.message
    # A case closed before it was ever here is not asked for.
    assert not Case.objects.filter(case_id="old-004").exists()

    assert dict(PrimeroWorker.objects.values_list("user_name", "matched_by")) == {
        "ppract": "email",
        "supervisor": "user name",
        "colleague": "staff id",
    }
    assert sorted(summary.unmatched_users) == ["ghost", "service"]
    assert (summary.cases_created, summary.periods_added, len(summary.failed)) == (2, 2, 1)
    connection.refresh_from_db()
    assert connection.synced_until == fake.now
    assert connection.last_sync_summary["periods_added"] == 2


def test_second_sync_changes_nothing(world, fake, connection):
    add_cases(fake)
    sync(connection, fake)
    before = snapshot()
    fake.advance(hours=1)

    summary = sync(connection, fake)

    assert snapshot() == before
    assert (summary.cases_created, summary.periods_added, summary.periods_ended) == (0, 0, 0)
    assert summary.periods_changed == 0
    # The failure was read again and failed again.
    assert PrimeroFailure.objects.get().attempts == 2


def test_changed_case_updates_only_that_case(world, fake, connection):
    ids = add_cases(fake)
    sync(connection, fake)
    separated_before = periods(ids["separated"])
    other_rows = dict(
        CasePeriod.objects.exclude(case__external_id=ids["violence"]).values_list(
            "pk", "updated_at"
        )
    )
    fake.advance(days=3)
    fake.update_case(ids["violence"], owned_by="colleague", risk_level="medium")

    summary = sync(connection, fake)

    moved = fake.now.date()
    start = (T0 - timedelta(days=60)).date()
    assert periods(ids["violence"]) == [
        ("practitioner", "cp", "high", start, moved - timedelta(days=1)),
        ("colleague", "cp", "standard", moved, None),
    ]
    assert periods(ids["separated"]) == separated_before
    assert (
        dict(CasePeriod.objects.filter(pk__in=other_rows).values_list("pk", "updated_at"))
        == other_rows
    )
    assert (summary.periods_added, summary.periods_ended) == (1, 1)


def test_closed_case_ends_its_period_and_an_empty_answer_ends_nothing(world, fake, connection):
    ids = add_cases(fake)
    sync(connection, fake)
    fake.advance(days=2)
    closed_on = fake.now.date()
    fake.update_case(ids["separated"], status="closed", date_closure=closed_on.isoformat())
    sync(connection, fake)
    assert periods(ids["separated"])[-1][-1] == closed_on
    assert PrimeroCase.objects.get(record_id=ids["separated"]).is_open is False

    # Every case gone from the answer (a filter Primero stopped knowing):
    # the open case stays open.
    fake.cases.clear()
    fake.advance(days=1)
    sync(connection, fake)
    assert periods(ids["violence"])[-1][-1] is None


def test_a_case_already_here_is_linked_not_copied(world, fake, connection):
    record_id = fake.add_case(
        case_id_display="case-0",
        owned_by="ppract",
        protection_concerns=["physical_violence"],
        risk_level="high",
    )
    before = list(CasePeriod.objects.filter(case__case_id="case-0").values_list("pk", "updated_at"))
    summary = sync(connection, fake)
    case = Case.objects.get(case_id="case-0")
    assert (case.source_system, case.external_id) == ("primero", record_id)
    assert list(case.periods.values_list("pk", "updated_at")) == before
    assert (summary.cases_created, summary.unchanged) == (0, 1)


def test_fixing_the_mapping_lets_the_failure_through(world, fake, connection):
    ids = add_cases(fake)
    sync(connection, fake)
    PrimeroValueMap.objects.create(
        connection=connection,
        target="case_type",
        field="protection_concerns",
        value="trafficking",
        result="cp",
    )
    fake.advance(hours=2)
    summary = sync(connection, fake)
    assert periods(ids["unmapped"]) == [("supervisor", "cp", "standard", T0.date(), None)]
    assert summary.retried == 1
    assert not PrimeroFailure.objects.exists()


def test_dry_run_writes_nothing_and_reports_the_same(world, fake, connection):
    add_cases(fake)
    summary = sync(connection, fake, dry_run=True)
    assert (summary.dry_run, summary.cases_created, summary.periods_added) == (True, 2, 2)
    assert not Case.objects.filter(source_system="primero").exists()
    assert not PrimeroFailure.objects.exists() and not PrimeroWorker.objects.exists()
    connection.refresh_from_db()
    assert connection.synced_until is None


def test_expired_session_signs_in_again(world, fake, connection):
    ids = add_cases(fake)
    with client_of(connection, auth="token") as client:
        client.login()
        fake.expire_sessions()
        summary = primero_sync(connection=connection, client=client, now=fake.now)
    assert summary.complete and periods(ids["violence"])


def test_timeout_keeps_the_window_for_next_time(world, fake, connection):
    add_cases(fake)
    fake.delay_next("/api/v2/cases", 1.5, count=5)
    summary = sync(connection, fake, client={"timeout": 0.5})
    assert summary.complete is False
    assert "did not answer within 0.5 s" in summary.failed[0]["message"]
    connection.refresh_from_db()
    assert connection.synced_until is None
    # Primero answers again: the same window is read, nothing lost.
    fake.advance(minutes=5)
    assert sync(connection, fake).complete is True
    assert Case.objects.filter(source_system="primero").count() == 2


def test_server_error_once_is_retried(world, fake, connection):
    add_cases(fake)
    fake.fail_next("/api/v2/cases", status=503, count=1)
    summary = sync(connection, fake)
    assert summary.complete and summary.cases_created == 2


# ---------------------------------------------------------------- pushing back


def signed_discussion(world, case: Case, **text: str) -> CaseDiscussion:
    day = organisation_today(world.organisation) - timedelta(days=1)
    session = make_session(
        supervisor=world.staff["supervisor"], attendees=[world.staff["practitioner"]], day=day
    )
    SupervisionSession.objects.filter(pk=session.pk).update(supervisor_signed_on=day)
    return CaseDiscussion.objects.create(session=session, case=case, **text)


def test_pushed_discussion_is_a_note_once(world, fake, connection):
    ids = add_cases(fake)
    sync(connection, fake)
    case = Case.objects.get(external_id=ids["violence"])
    discussion = signed_discussion(
        world, case, progress="Home visit done; school attending.", decision_rationale="Stay."
    )
    summary = sync(connection, fake)
    assert summary.discussions_pushed == 1

    notes = fake.cases[ids["violence"]]["notes_section"]
    assert len(notes) == 1
    note = notes[0]
    assert note["note_date"] == discussion.session.date.isoformat()
    assert note["note_created_by"] == "supervisor"  # the supervisor's own Primero user
    assert note["note_subject"].startswith("Supervision case discussion")
    text = note["note_text"]
    # The record's structure: its headings, in order, each with its text.
    assert text.index("Progress since last time") < text.index("Home visit done")
    assert text.index("Home visit done") < text.index("Stay.")
    push = DiscussionPush.objects.get(discussion=discussion)
    assert push.entry_id == note["unique_id"] and push.error == ""
    discussion.refresh_from_db()
    assert discussion.recorded_on == organisation_today(world.organisation)

    # Nothing new: nothing sent. A correction replaces the same note.
    assert sync(connection, fake).discussions_pushed == 0
    CaseDiscussion.objects.filter(pk=discussion.pk).update(progress="Corrected: two visits.")
    assert sync(connection, fake).discussions_pushed == 1
    notes = fake.cases[ids["violence"]]["notes_section"]
    assert len(notes) == 1 and "Corrected: two visits." in notes[0]["note_text"]


def test_pushed_discussion_into_the_configured_subform(world, fake, connection):
    ids = add_cases(fake)
    connection.discussion_subform = "supervision_section"
    connection.subform_fields = {"progress": "sup_progress"}
    connection.save()
    sync(connection, fake)
    case = Case.objects.get(external_id=ids["violence"])
    discussion = signed_discussion(world, case, progress="Better.", main_purpose="Keep safe.")
    sync(connection, fake)
    entry = fake.cases[ids["violence"]]["supervision_section"][0]
    assert entry["sup_progress"] == "Better."
    assert entry["main_purpose"] == "Keep safe."
    assert entry["session_date"] == discussion.session.date.isoformat()
    assert entry["supervisor"] == "supervisor"
    assert "notes_section" not in fake.cases[ids["violence"]]


def test_refused_push_is_reported_and_kept_for_next_time(world, fake, connection):
    ids = add_cases(fake)
    sync(connection, fake)
    discussion = signed_discussion(world, Case.objects.get(external_id=ids["violence"]))
    fake.readonly_fields.add("notes_section")
    summary = sync(connection, fake)
    assert summary.discussions_pushed == 0
    assert "read-only" in summary.push_failed[0]["message"]
    push = DiscussionPush.objects.get(discussion=discussion)
    assert push.pushed_at is None and "read-only" in push.error
    fake.readonly_fields.discard("notes_section")
    assert sync(connection, fake).discussions_pushed == 1


# ---------------------------------------------------------------- webhook


def test_webhook_queues_the_record_for_the_next_sync(world, fake, connection, client):
    record_id = fake.add_case(
        case_id_display="hook-1",
        owned_by="ppract",
        protection_concerns="separated",
        risk_level="high",
    )
    url = reverse("integrations:primero_webhook", args=[connection.webhook_secret])
    payload = {"data": {"record_id": record_id, "record_type": "case", "owned_by": "ppract"}}
    answer = client.post(url, payload, content_type="application/json")
    assert answer.status_code == 202 and answer.json()["record_id"] == record_id
    assert PrimeroPending.objects.get().record_id == record_id

    wrong = reverse("integrations:primero_webhook", args=["not-the-secret"])
    assert client.post(wrong, payload, content_type="application/json").status_code == 404
    bad = client.post(url, {"data": {"record_type": "case"}}, content_type="application/json")
    assert bad.status_code == 400 and "record_id" in bad.json()["error"]
    assert client.post(url, "{", content_type="application/json").status_code == 400
    sneaky = {"data": {"record_id": "..", "record_type": "case"}}  # would be /api/v2/
    assert client.post(url, sneaky, content_type="application/json").status_code == 400
    assert client.get(url).status_code == 405

    summary = sync(connection, fake, pending_only=True)
    assert periods(record_id) == [("practitioner", "cla", "high", T0.date(), None)]
    assert summary.records == 1 and not PrimeroPending.objects.exists()
    connection.refresh_from_db()
    assert connection.synced_until is None  # a pending-only run is no full sync


# ---------------------------------------------------------------- agenda


def test_overdue_tasks_and_approvals_are_suggested_for_the_agenda(world, fake, connection, client):
    today = organisation_today(world.organisation)
    ids = add_cases(fake)
    fake.update_case(
        ids["violence"],
        assessment_due_dates=[(today - timedelta(days=10)).isoformat()],
        followup_due_dates=[(today + timedelta(days=60)).isoformat()],
        approval_status_case_plan="requested",
    )
    sync(connection, fake)
    session = sessions.session_plan(
        supervisor=world.staff["supervisor"],
        supervisee=world.staff["practitioner"],
        kind=SessionKind.INDIVIDUAL_FORMAL,
        date=today + timedelta(days=7),
        planned_minutes=60,
        by=world.users["supervisor"],
    )
    url = reverse("supervision:session", args=[session.pk])

    client.force_login(world.users["supervisor"])
    page = client.get(url).content.decode()
    assert "Suggested from Primero" in page
    assert "pv-001" in page and "Assessment overdue since" in page
    assert "Case plan approval requested" in page
    assert "Follow-up" not in page  # due after the session

    client.force_login(world.users["manager"])  # reads the session, plans nothing
    assert "Suggested from Primero" not in client.get(url).content.decode()

    client.force_login(world.users["practitioner"])
    case = Case.objects.get(external_id=ids["violence"])
    text = "From Primero: Assessment overdue since …"
    client.post(
        reverse("supervision:agenda_add", args=[session.pk]),
        {"section_key": "case_discussions", "case": case.pk, "text": text},
    )
    item = AgendaItem.objects.get(session=session)
    assert item.case == case and item.added_by == world.users["practitioner"]
    assert "Suggested from Primero" not in client.get(url).content.decode()


# ---------------------------------------------------------------- command


def test_command_reports_and_dry_run(world, fake, connection):
    add_cases(fake)
    out = StringIO()
    call_command("primero_sync", "--dry-run", "--no-progress", stdout=out)
    text = out.getvalue()
    assert "Dry run" in text and "Cases new: 2" in text and "unk-003" in text
    assert not Case.objects.filter(source_system="primero").exists()

    call_command("primero_sync", "--no-progress", stdout=StringIO())
    assert Case.objects.filter(source_system="primero").count() == 2


def test_command_names_what_is_missing(world, fake, connection, settings):
    settings.PRIMERO_PASSWORD = ""
    with pytest.raises(CommandError, match="PRIMERO_PASSWORD"):
        call_command("primero_sync", "--no-progress")
    connection.enabled = False
    connection.save()
    with pytest.raises(CommandError, match="No enabled Primero connection"):
        call_command("primero_sync", "--no-progress")


def test_now_defaults_to_the_clock(world, fake, connection):
    add_cases(fake)
    with client_of(connection) as client:
        primero_sync(connection=connection, client=client)
    connection.refresh_from_db()
    assert abs(connection.synced_until - timezone.now()) < timedelta(minutes=1)


def test_finding_what_to_push_costs_the_same_queries_for_one_or_many(world, fake, connection):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    from supervisiondesk.integrations.services.push import pending_pushes, primero_users

    ids = add_cases(fake)
    sync(connection, fake, push=False)
    case = Case.objects.get(external_id=ids["violence"])
    users = primero_users(connection)

    def cost() -> int:
        with CaptureQueriesContext(db) as queries:
            found = pending_pushes(connection, users)
        assert all(d.case_id == case.pk for d in found)
        return len(queries)

    signed_discussion(world, case, progress="One.")
    one = cost()
    for text in ("Two.", "Three.", "Four."):
        signed_discussion(world, case, progress=text)
    assert len(pending_pushes(connection, users)) == 4
    assert cost() == one
