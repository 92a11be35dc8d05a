"""A caseload from any case system (Mosaic, Liquidlogic, a spreadsheet...):
the rows of the data folder's `case_periods.csv`, as CSV or as JSON objects
with the same keys. The command `import_caseload` and the API's
`POST /api/v1/caseload/` both call `caseload_import`: one write path.

Same meaning as the folder import (docs/decisions/0002): for each case the
file names, its periods become exactly the file's rows (matched by start,
so importing the same file twice writes nothing); cases it does not name
are left alone. All or nothing: every problem is reported by line (CSV) or
item (JSON), and nothing is written unless there is none.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from supervisiondesk.compliance.dataset import Dataset
from supervisiondesk.compliance.folder import FolderError, Problem, read_case_periods
from supervisiondesk.people.folder_sync import ImportSummary, Progress, sync_cases
from supervisiondesk.people.models import Organisation, StaffMember

FILE = "case_periods.csv"


def caseload_import(
    *,
    organisation: Organisation,
    data: bytes | list[Any],
    dry_run: bool = False,
    progress: Progress | None = None,
) -> tuple[int, ImportSummary]:
    """Check and write a caseload; returns (rows, what changed) or raises
    FolderError with every problem. `data`: CSV bytes or a list of objects.
    A dry run checks and counts, then rolls back."""
    rows = read_case_periods(data)
    where = "item" if isinstance(data, list) else f"{FILE} line"
    workers = sorted({r.worker_id for r in rows})
    staff_ids = dict(
        StaffMember.objects.filter(organisation=organisation, staff_id__in=workers).values_list(
            "staff_id", "pk"
        )
    )
    unknown = [
        Problem(
            FILE,
            row.line,
            "worker_id",
            f"{where} {row.line}: worker_id '{row.worker_id}' is not a staff member of "
            f"{organisation.name}",
        )
        for row in rows
        if row.worker_id not in staff_ids
    ]
    if unknown:
        raise FolderError(unknown)
    summary = ImportSummary()
    with transaction.atomic():
        sync_cases(
            organisation, Dataset(case_periods=rows), staff_ids, summary, progress or Progress()
        )
        if dry_run:
            transaction.set_rollback(True)
    return len(rows), summary
