"""Writing the people part of a data folder (compliance.md section 6):
teams, staff, categories, relationships, absences, cases and case periods,
plus the bulk helpers that `supervision.folder_sync` (which runs the whole
import, all or nothing) uses for sessions too.

For each staff member and case in the folder, the folder is the truth about
their periods: rows are matched on their natural key (owner and start date,
and the supervisor and kind for relationships), so unchanged rows are left
untouched, changed ones updated, missing ones created and those the folder
no longer has deleted. Staff and cases that are not in the folder are not
touched. A second import of the same folder therefore changes nothing.

The folder holds one team per staff member. Team history in the database is
kept: an import changes it only when the folder's team differs from the
staff member's latest membership (a move from `today`).

A new column in `compliance.folder` changes this module or
`supervision.folder_sync`, and `people.loaders` or `supervision.loaders`.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection, models
from django.utils import timezone

from supervisiondesk.compliance.dataset import Dataset
from supervisiondesk.compliance.folder import Problem
from supervisiondesk.people.choices import AbsenceKind, ServiceType
from supervisiondesk.people.models import (
    Absence,
    Case,
    CasePeriod,
    CategoryPeriod,
    Organisation,
    Service,
    StaffMember,
    SupervisoryRelationship,
    Team,
    TeamMembership,
)
from supervisiondesk.people.periods import first_overlap

BATCH = 2000


def insert_rows(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """INSERT plain rows (field attnames to values) with `executemany`.

    At national scale (800,000 case periods) `bulk_create` spends more time
    compiling SQL for each batch and building instances than the database
    spends inserting; rows here are plain values that were checked already.
    """
    if not rows:
        return
    names = list(rows[0])
    quote, adapt = connection.ops.quote_name, connection.ops.adapt_datefield_value
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
        f"VALUES ({', '.join(['%s'] * len(names))})"
    )
    with connection.cursor() as cursor:
        for batch in itertools.batched(rows, 5000):
            cursor.executemany(
                sql,
                [
                    tuple(adapt(v) if isinstance(v, date) else v for v in map(row.get, names))
                    for row in batch
                ],
            )


class Progress:
    """Progress of a long import; the command line shows it as a bar."""

    def stage(self, name: str, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


@dataclass
class ImportSummary:
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    deleted: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def changes(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values()) + sum(self.deleted.values())

    def lines(self) -> list[str]:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.deleted))
        return [
            f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated, "
            f"{self.deleted[kind]} deleted"
            for kind in kinds
        ]


# ---------------------------------------------------------------- checking


def invariant_problems(dataset: Dataset) -> list[Problem]:
    """The product's own rules that the spec's folder format leaves open:
    nobody supervises themselves or agrees with themselves; one supervisor
    of each kind at a time."""
    problems: list[Problem] = []
    by_supervisee_kind: dict[tuple[str, str], list] = defaultdict(list)
    for row in dataset.relationships:
        if row.supervisee_id == row.supervisor_id:
            problems.append(
                Problem(
                    "relationships.csv",
                    row.line,
                    "supervisor_id",
                    f"relationships.csv line {row.line}: supervisor_id '{row.supervisor_id}' "
                    "is the supervisee: nobody can supervise themselves",
                )
            )
        by_supervisee_kind[(row.supervisee_id, row.kind)].append(row)
    for row in dataset.agreements:
        if row.supervisee_id == row.supervisor_id:
            problems.append(
                Problem(
                    "agreements.csv",
                    row.line,
                    "supervisor_id",
                    f"agreements.csv line {row.line}: supervisor_id '{row.supervisor_id}' "
                    "is the supervisee: an agreement needs two people",
                )
            )
    for (supervisee, kind), rows in sorted(by_supervisee_kind.items()):
        pair = first_overlap([_Span(r.start, r.end, r.line) for r in rows])
        if pair:
            a, b = sorted([pair[0].line, pair[1].line])
            problems.append(
                Problem(
                    "relationships.csv",
                    a,
                    "from",
                    f"relationships.csv lines {a} and {b}: {supervisee} has two {kind} "
                    "supervisors at once (one supervisor of each kind at a time)",
                )
            )
    return problems


@dataclass(frozen=True)
class _Span:
    start_date: date
    end_date: date | None
    line: int


# ---------------------------------------------------------------- import


def people_import(
    *,
    dataset: Dataset,
    organisation: Organisation,
    today: date,
    summary: ImportSummary,
    progress: Progress,
) -> tuple[dict[str, int], dict[str, int]]:
    """Write the people part of a checked folder; returns the primary keys of
    its staff and of its cases, by their ids in the folder.

    Runs inside the caller's transaction (`supervision.folder_sync.folder_import`).
    """
    team_ids = _sync_teams(organisation, dataset, summary, today)
    staff_ids = _sync_staff(organisation, dataset, summary, progress)
    _sync_memberships(dataset, staff_ids, team_ids, summary, today)
    _sync_categories(dataset, staff_ids, summary, progress)
    _sync_relationships(dataset, staff_ids, summary, progress)
    _sync_absences(dataset, staff_ids, summary, progress)
    case_ids = sync_cases(organisation, dataset, staff_ids, summary, progress)
    return staff_ids, case_ids


def _sync_teams(
    organisation: Organisation, dataset: Dataset, summary: ImportSummary, today: date
) -> dict[str, int]:
    service_of = {t.team: t.service for t in dataset.teams}
    codes = sorted({s.team for s in dataset.staff} | set(service_of))
    existing = {t.code: t for t in Team.objects.filter(organisation=organisation, code__in=codes)}
    services: dict[str, Service] = {}
    for service in Service.objects.filter(organisation=organisation).order_by("pk"):
        services.setdefault(service.service_type, service)
    start = min([s.start_date for s in dataset.staff], default=today)

    def service_for(service_type: str) -> Service:
        if service_type not in services:
            label = str(ServiceType(service_type).label)
            services[service_type] = Service.objects.create(
                organisation=organisation, name=label, service_type=service_type, start_date=start
            )
            summary.created["services"] += 1
        return services[service_type]

    for code in codes:
        team = existing.get(code)
        wanted_type = service_of.get(code)
        if team is None:
            team = Team.objects.create(
                organisation=organisation,
                service=service_for(wanted_type or ServiceType.GENERAL),
                code=code,
                name=code,
                start_date=start,
            )
            existing[code] = team
            summary.created["teams"] += 1
        elif wanted_type and team.service.service_type != wanted_type:
            team.service = service_for(wanted_type)
            team.save(update_fields=["service"])
            summary.updated["teams"] += 1
    return {code: team.pk for code, team in existing.items()}


def _sync_staff(
    organisation: Organisation, dataset: Dataset, summary: ImportSummary, progress: Progress
) -> dict[str, int]:
    progress.stage("staff", len(dataset.staff))
    existing = {
        s.staff_id: s
        for s in StaffMember.objects.filter(
            organisation=organisation, staff_id__in=[r.staff_id for r in dataset.staff]
        )
    }
    to_create, to_update = [], []
    for row in dataset.staff:
        # The organisation's country is kept as "same as the organisation".
        country = "" if row.country == organisation.country else row.country
        values = {
            "name": row.name,
            "country": country,
            "start_date": row.start_date,
            "end_date": row.end_date,
        }
        current = existing.get(row.staff_id)
        if current is None:
            to_create.append(
                StaffMember(organisation=organisation, staff_id=row.staff_id, **values)
            )
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            to_update.append(current)
        progress.advance()
    StaffMember.objects.bulk_create(to_create, batch_size=BATCH)
    now = timezone.now()
    for staff in to_update:
        staff.updated_at = now  # bulk_update does not set auto_now (people.models.Tracked)
    StaffMember.objects.bulk_update(
        to_update, ["name", "country", "start_date", "end_date", "updated_at"], batch_size=BATCH
    )
    summary.created["staff"] += len(to_create)
    summary.updated["staff"] += len(to_update)
    return dict(
        StaffMember.objects.filter(
            organisation=organisation, staff_id__in=[r.staff_id for r in dataset.staff]
        ).values_list("staff_id", "pk")
    )


def _sync_memberships(
    dataset: Dataset,
    staff_ids: dict[str, int],
    team_ids: dict[str, int],
    summary: ImportSummary,
    today: date,
) -> None:
    latest: dict[int, TeamMembership] = {}
    for m in TeamMembership.objects.filter(staff_id__in=staff_ids.values()).order_by(
        "staff_id", "start_date"
    ):
        latest[m.staff_id] = m
    first_posts = []
    for row in dataset.staff:
        pk, team_pk = staff_ids[row.staff_id], team_ids[row.team]
        current = latest.get(pk)
        if current is None:
            first_posts.append(
                TeamMembership(
                    staff_id=pk, team_id=team_pk, start_date=row.start_date, end_date=row.end_date
                )
            )
            continue
        if current.team_id != team_pk:
            move = max(today, row.start_date)
            if current.start_date >= move:
                current.team_id = team_pk
                current.save(update_fields=["team"])
                summary.updated["team memberships"] += 1
            else:
                current.end_date = move - timedelta(days=1)
                current.save(update_fields=["end_date"])
                TeamMembership.objects.create(
                    staff_id=pk, team_id=team_pk, start_date=move, end_date=row.end_date
                )
                summary.updated["team memberships"] += 1
                summary.created["team memberships"] += 1
        elif current.end_date != row.end_date:
            # A leaver's post ends with their employment.
            current.end_date = row.end_date
            current.save(update_fields=["end_date"])
            summary.updated["team memberships"] += 1
    TeamMembership.objects.bulk_create(first_posts, batch_size=BATCH)
    summary.created["team memberships"] += len(first_posts)


def sync_rows(
    *,
    label: str,
    model: type[models.Model],
    owner_field: str,
    owners: Iterable[int],
    wanted: Sequence[dict[str, Any]],
    key: Callable[[dict[str, Any]], tuple],
    fields: Sequence[str],
    summary: ImportSummary,
    progress: Progress,
    scope: models.Q | None = None,
) -> None:
    """Make the rows of `model` owned by `owners` equal `wanted` (dicts of field values).

    `scope` limits the rows the folder speaks for (a draft agreement made in
    the app is not in a folder, so an import must not delete it).

    Rows are matched by `key`; matching rows whose `fields` differ are
    updated, unmatched database rows deleted, unmatched wanted rows created.
    """
    progress.stage(label, len(wanted))
    owner_list = list(owners)
    existing: dict[tuple, tuple[int, dict[str, Any]]] = {}
    for chunk_start in range(0, len(owner_list), BATCH):
        chunk = owner_list[chunk_start : chunk_start + BATCH]
        rows = model.objects.filter(**{f"{owner_field}__in": chunk})
        if scope is not None:
            rows = rows.filter(scope)
        for values in rows.values("pk", *fields):
            pk = values.pop("pk")
            existing[key(values)] = (pk, values)
    to_create: list[dict[str, Any]] = []
    to_update = []
    seen: set[tuple] = set()
    for values in wanted:
        k = key(values)
        seen.add(k)
        found = existing.get(k)
        if found is None:
            to_create.append(values)
        elif any(found[1][f] != values[f] for f in fields):
            to_update.append(model(pk=found[0], **values))
        progress.advance()
    stale = [pk for k, (pk, _v) in existing.items() if k not in seen]
    for chunk_start in range(0, len(stale), BATCH):
        model.objects.filter(pk__in=stale[chunk_start : chunk_start + BATCH]).delete()
    insert_rows(model, to_create)
    if to_update:
        fields = list(fields)
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            now = timezone.now()  # bulk_update does not set auto_now (people.models.Tracked)
            for row in to_update:
                row.updated_at = now
            fields.append("updated_at")
        model.objects.bulk_update(to_update, fields, batch_size=BATCH)
    summary.created[label] += len(to_create)
    summary.updated[label] += len(to_update)
    summary.deleted[label] += len(stale)


def _sync_categories(dataset, staff_ids, summary, progress) -> None:
    sync_rows(
        label="category periods",
        model=CategoryPeriod,
        owner_field="staff_id",
        owners=staff_ids.values(),
        wanted=[
            {
                "staff_id": staff_ids[r.staff_id],
                "category": r.category,
                "start_date": r.start,
                "end_date": r.end,
            }
            for r in dataset.categories
        ],
        key=lambda v: (v["staff_id"], v["start_date"]),
        fields=("staff_id", "category", "start_date", "end_date"),
        summary=summary,
        progress=progress,
    )


def _sync_relationships(dataset, staff_ids, summary, progress) -> None:
    sync_rows(
        label="relationships",
        model=SupervisoryRelationship,
        owner_field="supervisee_id",
        owners=staff_ids.values(),
        wanted=[
            {
                "supervisee_id": staff_ids[r.supervisee_id],
                "supervisor_id": staff_ids[r.supervisor_id],
                "kind": r.kind,
                "start_date": r.start,
                "end_date": r.end,
            }
            for r in dataset.relationships
        ],
        key=lambda v: (v["supervisee_id"], v["supervisor_id"], v["kind"], v["start_date"]),
        fields=("supervisee_id", "supervisor_id", "kind", "start_date", "end_date"),
        summary=summary,
        progress=progress,
    )


def _sync_absences(dataset, staff_ids, summary, progress) -> None:
    # Absences may overlap, so the whole range is their key; their kind is
    # not in the folder and is kept as recorded.
    sync_rows(
        label="absences",
        model=Absence,
        owner_field="staff_id",
        owners=staff_ids.values(),
        wanted=[
            {
                "staff_id": staff_ids[r.staff_id],
                "start_date": r.start,
                "end_date": r.end,
                "kind": AbsenceKind.OTHER,  # used for new rows only: not in `fields`
            }
            for r in dataset.absences
        ],
        key=lambda v: (v["staff_id"], v["start_date"], v["end_date"]),
        fields=("staff_id", "start_date", "end_date"),
        summary=summary,
        progress=progress,
    )


def sync_cases(organisation, dataset, staff_ids, summary, progress) -> dict[str, int]:
    """Cases and their periods; returns case ids to keys."""
    wanted_ids = sorted({r.case_id for r in dataset.case_periods})
    existing = dict(Case.objects.filter(organisation=organisation).values_list("case_id", "pk"))
    new = [
        {"organisation_id": organisation.pk, "case_id": c, "source_system": "", "external_id": ""}
        for c in wanted_ids
        if c not in existing
    ]
    insert_rows(Case, new)
    summary.created["cases"] += len(new)
    if new:
        existing = dict(Case.objects.filter(organisation=organisation).values_list("case_id", "pk"))
    sync_rows(
        label="case periods",
        model=CasePeriod,
        owner_field="case_id",
        owners=[existing[c] for c in wanted_ids],
        wanted=[
            {
                "case_id": existing[r.case_id],
                "worker_id": staff_ids[r.worker_id],
                "case_type": r.case_type,
                "risk": r.risk,
                "start_date": r.start,
                "end_date": r.end,
            }
            for r in dataset.case_periods
        ],
        key=lambda v: (v["case_id"], v["start_date"]),
        fields=("case_id", "worker_id", "case_type", "risk", "start_date", "end_date"),
        summary=summary,
        progress=progress,
    )
    return existing
