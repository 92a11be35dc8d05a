"""People and structure as the compliance engine's plain data.

Used by the folder export and by the compliance engine's database loader
(which adds sessions, case discussions and agreements). Reads rows, never
model instances (`rows_in`): at national scale (30,000 staff, 400,000
cases) model instances would cost more than the engine itself.

With a `Selection`, only the rows of the chosen staff and cases are read, so
a team's page costs what the team's data costs (`supervision.loaders`
decides what a team's report needs).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import batched

from django.db import connections
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from supervisiondesk.compliance.dataset import (
    Absence,
    CasePeriod,
    CategoryPeriod,
    Dataset,
    Relationship,
    Staff,
    Team,
)
from supervisiondesk.people import models

# Primary keys per IN (...): under SQLite's limit on query parameters.
CHUNK = 5000


class NoTeamError(ValueError):
    pass


@dataclass(frozen=True)
class Selection:
    """The rows to read: these staff members' and these cases' (primary keys)."""

    staff: Collection[int]
    cases: Collection[int]


def rows_in(
    queryset: QuerySet, field: str, pks: Collection[int] | None, *fields: str
) -> Iterator[tuple]:
    """The rows of `queryset.values_list(*fields)`, only where `field` is in
    `pks` (all when None), as the database driver returns them.

    The query is Django's own, but its rows skip Django's per-value
    converters: the drivers already give dates as `date` (psycopg, and
    Django's SQLite connection), and at national scale (4.5 million rows) the
    converters cost a quarter of the load. JSON comes as text (see
    `supervision.loaders`). A whole table is read in batches, not held twice.
    """
    if pks is None:
        yield from _raw_rows(queryset.values_list(*fields))
        return
    for chunk in batched(sorted(pks), CHUNK):
        yield from _raw_rows(_keyed(queryset, field, chunk).values_list(*fields))


def _keyed(queryset: QuerySet, field: str, keys: tuple[int, ...]) -> QuerySet:
    """`queryset` where `field` is one of `keys`. On PostgreSQL, one array
    (`= ANY(%s)`), not an IN of thousands of placeholders, which psycopg
    parses and Django prepares one by one: a team's database read for its
    compliance report at national scale took 0.48 s with them, 0.2 s
    without (benchmarks/api_load.py)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return queryset.filter(**{f"{field}__in": keys})
    meta = queryset.model._meta
    column = (meta.pk if field == "pk" else meta.get_field(field)).column
    quote = connection.ops.quote_name
    return queryset.filter(
        RawSQL(
            f"{quote(meta.db_table)}.{quote(column)} = ANY(%s)",
            (list(keys),),
            output_field=BooleanField(),
        )
    )


def _raw_rows(queryset: QuerySet) -> Iterator[tuple]:
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(10_000):
            yield from batch


def case_ids_by_pk(organisation: models.Organisation) -> dict[int, str]:
    """Every case's id (`C000123`) by primary key."""
    return dict(
        rows_in(models.Case.objects.filter(organisation=organisation), "", None, "pk", "case_id")
    )


def team_codes_on(
    organisation: models.Organisation, on: date, staff: Collection[int] | None = None
) -> dict[int, str]:
    """Each staff member's team code on `on`, else their nearest membership:
    the latest one that began before `on`, or failing that the first after."""

    def preference(start: date, end: date | None) -> tuple[int, int]:
        if start <= on and (end is None or on <= end):
            return (0, 0)  # the team on the day
        if start <= on:
            return (1, -start.toordinal())  # a past team: the latest
        return (2, start.toordinal())  # a future team: the first

    best: dict[int, tuple[tuple[int, int], str]] = {}
    memberships = models.TeamMembership.objects.filter(staff__organisation=organisation)
    for staff_id, start, end, code in rows_in(
        memberships, "staff_id", staff, "staff_id", "start_date", "end_date", "team__code"
    ):
        rank = preference(start, end)
        if staff_id not in best or rank < best[staff_id][0]:
            best[staff_id] = (rank, code)
    return {staff_id: code for staff_id, (_rank, code) in best.items()}


def people_dataset(
    organisation: models.Organisation, on: date, selection: Selection | None = None
) -> tuple[Dataset, dict[int, str]]:
    """Staff, categories, relationships, teams, case periods and absences, and
    the staff ids by primary key. With a selection: its staff's rows, the
    relationships between two of them, and its cases' periods."""
    staff_pks = None if selection is None else selection.staff
    teams = team_codes_on(organisation, on, staff_pks)
    ids: dict[int, str] = {}
    staff: list[Staff] = []
    for pk, staff_id, name, country, start, end in rows_in(
        models.StaffMember.objects.filter(organisation=organisation),
        "pk",
        staff_pks,
        "pk",
        "staff_id",
        "name",
        "country",
        "start_date",
        "end_date",
    ):
        if pk not in teams:
            raise NoTeamError(f"Staff member {staff_id} ({name}) has no team membership.")
        ids[pk] = staff_id
        staff.append(Staff(staff_id, name, teams[pk], country or organisation.country, start, end))

    categories = [
        CategoryPeriod(ids[s], category, start, end)
        for s, category, start, end in rows_in(
            models.CategoryPeriod.objects.filter(staff__organisation=organisation),
            "staff_id",
            staff_pks,
            "staff_id",
            "category",
            "start_date",
            "end_date",
        )
    ]
    relationships = [
        Relationship(ids[a], ids[b], kind, start, end)
        for a, b, kind, start, end in rows_in(
            models.SupervisoryRelationship.objects.filter(supervisee__organisation=organisation),
            "supervisee_id",
            staff_pks,
            "supervisee_id",
            "supervisor_id",
            "kind",
            "start_date",
            "end_date",
        )
        if b in ids
    ]
    team_rows = [
        Team(code, service_type)
        for code, service_type in models.Team.objects.filter(organisation=organisation).values_list(
            "code", "service__service_type"
        )
    ]
    # A case's other workers may be outside the selection: read their ids by
    # join. The whole organisation's rows map primary keys instead (cheaper).
    case_codes = case_ids_by_pk(organisation) if selection is None else None
    case_periods = [
        CasePeriod(case_codes[case], ids[worker], *rest)
        if case_codes is not None
        else CasePeriod(case, worker, *rest)
        for case, worker, *rest in rows_in(
            models.CasePeriod.objects.filter(case__organisation=organisation),
            "case_id",
            None if selection is None else selection.cases,
            "case_id" if selection is None else "case__case_id",
            "worker_id" if selection is None else "worker__staff_id",
            "case_type",
            "risk",
            "start_date",
            "end_date",
        )
    ]
    absences = [
        Absence(ids[s], start, end)
        for s, start, end in rows_in(
            models.Absence.objects.filter(staff__organisation=organisation),
            "staff_id",
            staff_pks,
            "staff_id",
            "start_date",
            "end_date",
        )
    ]
    dataset = Dataset(
        staff=staff,
        categories=categories,
        relationships=relationships,
        teams=team_rows,
        case_periods=case_periods,
        absences=absences,
    )
    return dataset, ids
