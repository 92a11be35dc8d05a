"""The Primero sync: workers matched to staff, then each worker's caseload
read incrementally and written as case periods, one record at a time.

Each record is its own savepoint: a record that fails (no staff member for
its worker, no row of the mapping table, a period that would overlap) is
rolled back alone, kept in PrimeroFailure with the reason, and read again on
every later sync until it goes through. A dry run does all of it inside a
transaction it rolls back, so it reports exactly what a real run would do.

An empty or partial answer never ends a case: only a record that says it
is closed does (Primero answers an unknown filter with total 0, and a
caseload read through a wrong filter must not close every case).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from supervisiondesk.integrations.models import (
    PrimeroCase,
    PrimeroConnection,
    PrimeroFailure,
    PrimeroPending,
    PrimeroValueMap,
    PrimeroWorker,
)
from supervisiondesk.integrations.primero import PrimeroClient, PrimeroError, PrimeroNotFound
from supervisiondesk.integrations.primero.mapping import (
    CaseState,
    RecordError,
    Rule,
    ValueMapping,
    case_state,
    sync_fields,
)
from supervisiondesk.integrations.services.push import (
    PushError,
    case_discussion_push,
    pending_pushes,
    primero_users,
)
from supervisiondesk.people import services as people
from supervisiondesk.people.choices import SourceSystem
from supervisiondesk.people.folder_sync import Progress
from supervisiondesk.people.models import Case, StaffMember
from supervisiondesk.supervision.services.common import organisation_today

# The window starts this much before the last one ended: Primero's clock and
# ours may differ, and a record read twice changes nothing.
OVERLAP = timedelta(minutes=5)
STATUSES = ("open", "closed")
# Primero's ids are UUIDs; anything else from a webhook is refused before it
# reaches a URL.
RECORD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,63}")


class SyncError(Exception):
    """The sync cannot run at all (no secret, Primero refuses the account)."""


@dataclass
class SyncSummary:
    dry_run: bool = False
    users: int = 0
    workers_matched: int = 0
    unmatched_users: list[str] = field(default_factory=list)
    records: int = 0
    cases_created: int = 0
    periods_added: int = 0
    periods_changed: int = 0
    periods_ended: int = 0
    unchanged: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    retried: int = 0
    discussions_pushed: int = 0
    push_failed: list[dict[str, str]] = field(default_factory=list)
    complete: bool = True

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def client_for(connection: PrimeroConnection, **options: Any) -> PrimeroClient:
    """A client for the connection, its secret from the environment."""
    if connection.auth_method == "bearer":
        if not settings.PRIMERO_BEARER_TOKEN:
            raise SyncError(
                "Set PRIMERO_BEARER_TOKEN: the connection signs in with a bearer token."
            )
        return PrimeroClient(
            connection.base_url,
            user_name=connection.user_name,
            password="",
            auth="bearer",
            bearer_token=settings.PRIMERO_BEARER_TOKEN,
            **options,
        )
    if not settings.PRIMERO_PASSWORD:
        raise SyncError(
            f"Set PRIMERO_PASSWORD to the password of Primero's {connection.user_name!r} account."
        )
    return PrimeroClient(
        connection.base_url,
        user_name=connection.user_name,
        password=settings.PRIMERO_PASSWORD,
        auth=connection.auth_method,
        **options,
    )


def value_mapping(connection: PrimeroConnection) -> ValueMapping:
    rules = tuple(
        Rule(row.target, row.field, row.value, row.result)
        for row in PrimeroValueMap.objects.filter(connection=connection)
    )
    return ValueMapping(rules, connection.default_case_type, connection.default_risk)


def primero_sync(
    *,
    connection: PrimeroConnection,
    client: PrimeroClient,
    now: datetime | None = None,
    dry_run: bool = False,
    pending_only: bool = False,
    push: bool = True,
    progress: Progress | None = None,
) -> SyncSummary:
    """Read what changed in Primero since the last complete sync and write it.

    `pending_only`: only the records a webhook announced and the failures
    to retry (a cheap run every few minutes between full syncs). `push`:
    then send the held and signed case discussions not yet in Primero, or
    changed since (a dry run counts them).
    """
    now = now or timezone.now()
    progress = progress or Progress()
    summary = SyncSummary(dry_run=dry_run)
    with transaction.atomic():
        run = _Run(connection, client, summary, progress)
        workers = run.match_workers()
        seen: set[str] = set()
        if not pending_only and workers:
            seen = run.changed_cases(workers, now)
        run.read_again(seen)
        if not dry_run:
            connection.last_sync_at = now
            connection.last_sync_summary = summary.as_dict()
            update = ["last_sync_at", "last_sync_summary"]
            if summary.complete and not pending_only:
                connection.synced_until = now
                update.append("synced_until")
            connection.save(update_fields=update)
        else:
            transaction.set_rollback(True)
    if push:
        _push_discussions(connection, client, summary, progress)
        if not dry_run:
            connection.last_sync_summary = summary.as_dict()
            connection.save(update_fields=["last_sync_summary"])
    progress.close()
    return summary


def _push_discussions(
    connection: PrimeroConnection, client: PrimeroClient, summary: SyncSummary, progress: Progress
) -> None:
    # After the sync's transaction: a push is a write in Primero, which no
    # rollback here could undo.
    users = primero_users(connection)
    waiting = pending_pushes(connection, users)
    if summary.dry_run:
        summary.discussions_pushed = len(waiting)
        return
    if waiting:
        progress.stage("Case discussions to Primero", len(waiting))
    for discussion in waiting:
        try:
            case_discussion_push(
                connection=connection, client=client, discussion=discussion, users=users
            )
        except PushError as error:
            summary.push_failed.append(
                {
                    "case": discussion.case.case_id,
                    "discussion": str(discussion.pk),
                    "message": str(error),
                }
            )
        else:
            summary.discussions_pushed += 1
        progress.advance()


class _Run:
    def __init__(
        self,
        connection: PrimeroConnection,
        client: PrimeroClient,
        summary: SyncSummary,
        progress: Progress,
    ) -> None:
        self.connection = connection
        self.organisation = connection.organisation
        self.zone = ZoneInfo(self.organisation.time_zone)
        self.today = organisation_today(self.organisation)
        self.client = client
        self.summary = summary
        self.progress = progress
        self.mapping = value_mapping(connection)
        self.staff_by_user: dict[str, StaffMember] = {}

    # -- workers -----------------------------------------------------------

    def match_workers(self) -> list[str]:
        """Primero users matched to staff in post: by login user name, by
        staff id, then by email (when exactly one staff member has it)."""
        try:
            users = list(self.client.users())
        except PrimeroError as error:
            raise SyncError(f"Primero refused the list of users: {error}") from error
        staff = list(
            StaffMember.objects.filter(organisation=self.organisation)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=self.today))
            .select_related("user")
        )
        by_login = {s.user.username.casefold(): s for s in staff if s.user}
        by_staff_id = {s.staff_id.casefold(): s for s in staff}
        by_email: dict[str, list[StaffMember]] = {}
        for s in staff:
            if s.user and s.user.email:
                by_email.setdefault(s.user.email.casefold(), []).append(s)
        matches: dict[str, tuple[StaffMember, str]] = {}
        for user in users:
            name = str(user.get("user_name") or "")
            if not name or user.get("disabled"):
                continue
            email = str(user.get("email") or "").casefold()
            if name.casefold() in by_login:
                matches[name] = (by_login[name.casefold()], "user name")
            elif name.casefold() in by_staff_id:
                matches[name] = (by_staff_id[name.casefold()], "staff id")
            elif email and len(by_email.get(email, [])) == 1:
                matches[name] = (by_email[email][0], "email")
            else:
                self.summary.unmatched_users.append(name)
        self.summary.users = len(users)
        self.summary.workers_matched = len(matches)
        existing = {
            w.user_name: w for w in PrimeroWorker.objects.filter(connection=self.connection)
        }
        for name, (member, how) in matches.items():
            row = existing.pop(name, None)
            if row is None:
                PrimeroWorker.objects.create(
                    connection=self.connection, user_name=name, staff=member, matched_by=how
                )
            elif (row.staff_id, row.matched_by) != (member.pk, how):
                row.staff, row.matched_by = member, how
                row.save(update_fields=["staff", "matched_by"])
        PrimeroWorker.objects.filter(pk__in=[w.pk for w in existing.values()]).delete()
        self.staff_by_user = {name: member for name, (member, _how) in matches.items()}
        return sorted(matches)

    # -- cases -------------------------------------------------------------

    def changed_cases(self, workers: list[str], now: datetime) -> set[str]:
        since = self.connection.synced_until
        since = since - OVERLAP if since else None
        listing = self.client.cases(
            workers=workers,
            updated_since=since,
            updated_until=now,
            fields=sync_fields(self.mapping),
            # The first sync takes open cases only; later ones need the
            # closed too, to end their periods.
            statuses=STATUSES if since else ("open",),
        )
        seen: set[str] = set()
        started = False
        try:
            for record in listing:
                if not started:
                    self.progress.stage("Primero cases", listing.total or 0)
                    started = True
                seen.add(str(record.get("id")))
                self.take(record)
                self.progress.advance()
        except PrimeroError as error:
            # Keep what was written; the window stays where it was, so the
            # next sync reads these records again.
            self.summary.complete = False
            self.summary.failed.append({"record": "", "case": "", "message": str(error)})
        if not listing.complete:
            self.summary.complete = False
        if since is None and not seen and self.summary.complete:
            probe = self.client.probe()
            if not probe.ok:
                self.summary.complete = False
                ignored = ", ".join(probe.ignored_filters) or "none"
                self.summary.failed.append(
                    {
                        "record": "",
                        "case": "",
                        "message": (
                            f"Primero answered no case; the account sees {probe.visible} "
                            f"case(s) unfiltered and ignores these filters: {ignored}. "
                            "Check the role of the service account."
                        ),
                    }
                )
        return seen

    def read_again(self, seen: set[str]) -> None:
        """Failures of earlier syncs and records a webhook announced, one by one."""
        failures = set(
            PrimeroFailure.objects.filter(connection=self.connection).values_list(
                "record_id", flat=True
            )
        )
        pending = set(
            PrimeroPending.objects.filter(connection=self.connection).values_list(
                "record_id", flat=True
            )
        )
        again = sorted((failures | pending) - seen)
        if again:
            self.progress.stage("Primero records to read again", len(again))
        for record_id in again:
            try:
                record = self.client.case(record_id)
            except PrimeroNotFound:
                self.fail(record_id, "", "Primero no longer shows this case to the account.")
            except PrimeroError as error:
                self.fail(record_id, "", str(error))
            else:
                if str(record.get("id")) != record_id:
                    self.fail(record_id, "", "Primero answered with another record.")
                else:
                    self.take(record)
            self.progress.advance()
        PrimeroPending.objects.filter(connection=self.connection, record_id__in=pending).delete()

    def take(self, record: dict[str, Any]) -> bool:
        self.summary.records += 1
        record_id = str(record.get("id") or "")
        case_id = str(record.get("case_id_display") or "")
        try:
            with transaction.atomic():
                state = case_state(record, self.mapping, self.zone)
                self.write(state)
        except (RecordError, ValidationError, DatabaseError) as error:
            self.fail(record_id, case_id, _message(error))
            return False
        gone, _rows = PrimeroFailure.objects.filter(
            connection=self.connection, record_id=record_id
        ).delete()
        self.summary.retried += bool(gone)
        return True

    def fail(self, record_id: str, case_id: str, message: str) -> None:
        self.summary.failed.append({"record": record_id, "case": case_id, "message": message})
        row, created = PrimeroFailure.objects.get_or_create(
            connection=self.connection,
            record_id=record_id,
            defaults={"case_id": case_id, "message": message},
        )
        if not created:
            row.attempts += 1
            row.message = message
            row.case_id = case_id or row.case_id
            row.save(update_fields=["attempts", "message", "case_id", "last_failed_at"])

    # -- one record --------------------------------------------------------

    def write(self, state: CaseState) -> None:
        link = (
            PrimeroCase.objects.filter(connection=self.connection, record_id=state.record_id)
            .select_related("case")
            .first()
        )
        case = link.case if link else self.find_case(state)
        if case is None and not state.is_open:
            return  # closed before we ever held it: nothing to record
        if case is None:
            case = people.case_create(
                organisation=self.organisation,
                case_id=state.case_id,
                source_system=SourceSystem.PRIMERO,
                external_id=state.record_id,
            )
            self.summary.cases_created += 1
        self.write_periods(case, state)
        self.write_link(link, case, state)

    def find_case(self, state: CaseState) -> Case | None:
        """A case already here (a data folder, an earlier system) by its id."""
        case = (
            Case.objects.filter(organisation=self.organisation)
            .filter(
                Q(source_system=SourceSystem.PRIMERO, external_id=state.record_id)
                | Q(case_id=state.case_id)
            )
            .first()
        )
        if case is not None and not case.external_id:
            case.source_system, case.external_id = SourceSystem.PRIMERO, state.record_id
            case.save(update_fields=["source_system", "external_id"])
        return case

    def write_periods(self, case: Case, state: CaseState) -> None:
        last = case.periods.order_by("-start_date").first()
        changed_on = min(state.updated_at.astimezone(self.zone).date(), self.today)
        if not state.is_open:
            if last is not None and last.end_date is None:
                end = max(last.start_date, min(state.closed_on or changed_on, self.today))
                people.period_end(period=last, end_date=end)
                self.summary.periods_ended += 1
            else:
                self.summary.unchanged += 1
            return
        worker = self.worker_of(state)
        wanted = (worker.pk, state.case_type, state.risk)
        if last is not None and last.end_date is None:
            if (last.worker_id, last.case_type, last.risk) == wanted:
                self.summary.unchanged += 1
                return
            if changed_on <= last.start_date:
                # Changed on the day it began: correct it rather than keep a
                # period of no days.
                last.worker, last.case_type, last.risk = worker, state.case_type, state.risk
                last.full_clean()
                last.save()
                self.summary.periods_changed += 1
                return
            people.period_end(period=last, end_date=changed_on - timedelta(days=1))
            self.summary.periods_ended += 1
            start = changed_on
        elif last is not None:
            start = max(changed_on, last.end_date + timedelta(days=1))  # reopened
        else:
            start = min(state.started_on, self.today)
        people.case_period_add(
            case=case,
            worker=worker,
            case_type=state.case_type,
            risk=state.risk,
            start_date=start,
        )
        self.summary.periods_added += 1

    def worker_of(self, state: CaseState) -> StaffMember:
        for name in state.workers:
            if name in self.staff_by_user:
                return self.staff_by_user[name]
        names = ", ".join(state.workers) or "nobody"
        raise RecordError(f"no staff member matches the case's Primero users ({names})")

    def write_link(self, link: PrimeroCase | None, case: Case, state: CaseState) -> None:
        values = {
            "case": case,
            "is_open": state.is_open,
            "primero_updated_at": state.updated_at,
            "tasks": [{"kind": t.kind, "due_on": t.due_on.isoformat()} for t in state.tasks],
            "pending_approvals": list(state.pending_approvals),
        }
        if link is None:
            PrimeroCase.objects.create(
                connection=self.connection, record_id=state.record_id, **values
            )
            return
        changed = [name for name, value in values.items() if getattr(link, name) != value]
        if changed:
            for name in changed:
                setattr(link, name, values[name])
            link.save(update_fields=changed)


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error)


def webhook_receive(*, connection: PrimeroConnection, payload: Any) -> str:
    """Note the record a webhook announced; the next sync reads it from
    Primero (the payload itself is not trusted). Returns its id, or raises
    ValueError saying what is wrong with the payload."""
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, dict):
        raise ValueError('expected a JSON body {"data": {"record_id": ..., "record_type": "case"}}')
    if data.get("record_type", "case") != "case":
        raise ValueError(f"record_type must be case, not {data.get('record_type')!r}")
    record_id = data.get("record_id")
    if not isinstance(record_id, str) or not RECORD_ID.fullmatch(record_id):
        raise ValueError(
            "data.record_id must be the case's id (letters, digits and dashes, at most 64)"
        )
    PrimeroPending.objects.update_or_create(connection=connection, record_id=record_id)
    return record_id
