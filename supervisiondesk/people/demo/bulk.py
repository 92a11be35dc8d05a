"""Bulk writes for the national dataset, and the checks that stand in for
`full_clean()` on rows that never become model instances.

Rows are inserted with `executemany` on the models' own tables and columns,
through Django's connection with `%s` placeholders, so the same code runs on
SQLite and PostgreSQL. Primary keys are given explicitly (after the
table's highest) so that child rows can point at parents without reading
anything back; PostgreSQL's sequences are moved past them afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from itertools import batched
from operator import itemgetter

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils.translation import gettext as _

from supervisiondesk.people.demo.common import SeedError
from supervisiondesk.people.periods import overlaps

BATCH = 20_000


class DateParams(dict):
    """Day ordinal → the value the database driver takes for a date column."""

    def __init__(self) -> None:
        super().__init__({None: None})

    def __missing__(self, day: int):
        value = connection.ops.adapt_datefield_value(date.fromordinal(day))
        self[day] = value
        return value


class BulkWriter:
    def __init__(self) -> None:
        self.dates = DateParams()
        self.rows: dict[str, int] = {}
        self.models: list[type[models.Model]] = []

    def first_id(self, model: type[models.Model]) -> int:
        """The primary key the next inserted row gets (ours are consecutive)."""
        return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def decimal(self, model: type[models.Model], name: str, value: str):
        return model._meta.get_field(name).get_db_prep_save(Decimal(value), connection)

    def insert(
        self, model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]
    ) -> int:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
        count = 0
        with connection.cursor() as cursor:
            for chunk in batched(rows, BATCH):
                cursor.executemany(sql, chunk)
                count += len(chunk)
        label = str(model._meta.verbose_name_plural)
        self.rows[label] = self.rows.get(label, 0) + count
        if model not in self.models:
            self.models.append(model)
        return count

    def reset_sequences(self) -> None:
        """PostgreSQL: the next ordinary insert must not reuse our keys."""
        statements = connection.ops.sequence_reset_sql(no_style(), self.models)
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


def _check_periods(
    problems: list[str],
    label: str,
    rows: Sequence[tuple],
    owner: tuple[int, ...],
    start: int,
    end: int,
    *,
    may_overlap: bool = False,
    needs_end: bool = False,
) -> None:
    """The models' period rules: end not before start, and (unless allowed)
    no two periods of the same owner sharing a day, with `people.periods`."""
    key = itemgetter(*owner, start)
    previous_owner: object = None
    earliest = latest = None
    for row in sorted(rows, key=key) if not may_overlap else rows:
        a, b = row[start], row[end]
        if b is None and needs_end:
            problems.append(_("%(label)s without an end: %(row)s") % {"label": label, "row": row})
        elif b is not None and b < a:
            problems.append(
                _("%(label)s ending before it starts: %(row)s") % {"label": label, "row": row}
            )
        if may_overlap:
            continue
        this_owner = itemgetter(*owner)(row)
        if this_owner == previous_owner and overlaps(earliest, latest, a, b):
            problems.append(_("overlapping %(label)s: %(row)s") % {"label": label, "row": row})
        if this_owner != previous_owner:
            previous_owner, earliest, latest = this_owner, a, b
        elif latest is not None and (b is None or b > latest):
            latest = b
        if len(problems) > 20:
            return


def check_plan(plan) -> None:
    """Raise `SeedError` naming the first problems, if any."""
    problems: list[str] = []
    staff = [(i, p.start, p.end) for i, p in enumerate(plan.staff)]
    _check_periods(problems, "staff", staff, (0,), 1, 2)
    _check_periods(problems, "team memberships", plan.memberships, (0,), 4, 5)
    _check_periods(problems, "category periods", plan.categories, (0,), 2, 3)
    _check_periods(problems, "relationships", plan.relationships, (0, 2), 3, 4)
    _check_periods(
        problems, "absences", plan.absences, (0,), 2, 3, may_overlap=True, needs_end=True
    )
    _check_periods(problems, "case periods", plan.case_periods, (0,), 4, 5)
    for row in plan.relationships:
        if row[0] == row[1]:
            problems.append(_("self-supervision: %(row)s") % {"row": row})
            break
    for row in plan.memberships:
        if not Decimal("0.01") <= Decimal(row[3]) <= Decimal("1.00"):
            problems.append(_("FTE out of range: %(row)s") % {"row": row})
            break
    if problems:
        raise SeedError(
            _("The generated data breaks the rules: %(problems)s")
            % {"problems": "; ".join(problems[:20])}
        )
