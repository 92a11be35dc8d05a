"""Import and export of a whole data folder (compliance.md section 6).

Import is all or nothing: the folder is read and checked whole first (every
problem named by file, line and column), then written in one transaction:
people and structure by `people.folder_sync`, then sessions, their
supervisees, case discussions and agreements here. The rules of what an
import changes are in docs/decisions/0002-folder-import-semantics.md.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from supervisiondesk.compliance.dataset import Dataset
from supervisiondesk.compliance.folder import FolderError, read_folder, write_folder
from supervisiondesk.people.folder_sync import (
    BATCH,
    ImportSummary,
    Progress,
    insert_rows,
    invariant_problems,
    people_import,
    sync_rows,
)
from supervisiondesk.people.models import Organisation
from supervisiondesk.supervision.loaders import dataset_from_database
from supervisiondesk.supervision.models import (
    CaseDiscussion,
    SessionAttendee,
    SupervisionAgreement,
    SupervisionSession,
)

SESSION_FIELDS = (
    "kind",
    "status",
    "date",
    "duration_minutes",
    "supervisor_id",
    "recorded_on",
    "supervisor_signed_on",
    "supervisee_signed_on",
    "shared_on",
    "functions",
)


def folder_read(path: Path) -> Dataset:
    """Read and check a data folder; `FolderError` names every problem."""
    return read_folder(path)


def folder_import(
    *,
    dataset: Dataset,
    organisation: Organisation,
    today: date,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a folder read by `folder_read` into `organisation`, all or nothing."""
    progress = progress or Progress()
    problems = invariant_problems(dataset)
    if problems:
        raise FolderError(problems)
    summary = ImportSummary()
    with transaction.atomic():
        staff_ids, case_ids = people_import(
            dataset=dataset,
            organisation=organisation,
            today=today,
            summary=summary,
            progress=progress,
        )
        session_ids = _sync_sessions(organisation, dataset, staff_ids, summary, progress)
        owners = list(session_ids.values())
        sync_rows(
            label="session supervisees",
            model=SessionAttendee,
            owner_field="session_id",
            owners=owners,
            wanted=[
                {"session_id": session_ids[s.session_id], "staff_id": staff_ids[who]}
                for s in dataset.sessions
                for who in s.supervisee_ids
            ],
            key=lambda v: (v["session_id"], v["staff_id"]),
            fields=("session_id", "staff_id"),
            summary=summary,
            progress=progress,
        )
        sync_rows(
            label="case discussions",
            model=CaseDiscussion,
            owner_field="session_id",
            owners=owners,
            wanted=[
                {
                    "session_id": session_ids[d.session_id],
                    "case_id": case_ids[d.case_id],
                    "recorded_on": d.recorded_on,
                }
                for d in dataset.case_discussions
            ],
            key=lambda v: (v["session_id"], v["case_id"]),
            fields=("session_id", "case_id", "recorded_on"),
            summary=summary,
            progress=progress,
        )
        sync_rows(
            label="agreements",
            model=SupervisionAgreement,
            owner_field="supervisee_id",
            owners=staff_ids.values(),
            wanted=[
                {
                    "supervisee_id": staff_ids[a.supervisee_id],
                    "supervisor_id": staff_ids[a.supervisor_id],
                    "signed_on": a.signed_on,
                    "reviewed_on": a.reviewed_on,
                }
                for a in dataset.agreements
            ],
            key=lambda v: (v["supervisee_id"], v["supervisor_id"], v["signed_on"]),
            fields=("supervisee_id", "supervisor_id", "signed_on", "reviewed_on"),
            summary=summary,
            progress=progress,
            scope=Q(signed_on__isnull=False),
        )
    progress.close()
    return summary


def _sync_sessions(organisation, dataset, staff_ids, summary, progress) -> dict[str, int]:
    """Sessions by their id: created or updated, never deleted (a folder of
    one month does not delete the year before)."""
    progress.stage("sessions", len(dataset.sessions))
    existing = {
        values.pop("session_id"): values
        for values in SupervisionSession.objects.filter(organisation=organisation).values(
            "pk", "session_id", *SESSION_FIELDS
        )
    }
    to_create, to_update = [], []
    for s in dataset.sessions:
        values = {
            "kind": s.kind,
            "status": s.status,
            "date": s.date,
            "duration_minutes": s.duration_minutes,
            "supervisor_id": staff_ids[s.supervisor_id],
            "recorded_on": s.recorded_on,
            "supervisor_signed_on": s.supervisor_signed_on,
            "supervisee_signed_on": s.supervisee_signed_on,
            "shared_on": s.shared_on,
            "functions": list(s.functions),
        }
        found = existing.get(s.session_id)
        if found is None:
            to_create.append(
                values
                | {
                    "organisation_id": organisation.pk,
                    "session_id": s.session_id,
                    # A plain INSERT: the JSON column takes the encoded list.
                    "functions": json.dumps(values["functions"]),
                }
            )
        elif any(found[f] != values[f] for f in SESSION_FIELDS):
            to_update.append(SupervisionSession(pk=found["pk"], **values))
        progress.advance()
    insert_rows(SupervisionSession, to_create)
    now = timezone.now()
    for session in to_update:
        session.updated_at = now  # bulk_update does not set auto_now (people.models.Tracked)
    SupervisionSession.objects.bulk_update(
        to_update, [*SESSION_FIELDS, "updated_at"], batch_size=BATCH
    )
    summary.created["sessions"] += len(to_create)
    summary.updated["sessions"] += len(to_update)
    wanted = {s.session_id for s in dataset.sessions}
    return {
        code: pk
        for code, pk in SupervisionSession.objects.filter(organisation=organisation).values_list(
            "session_id", "pk"
        )
        if code in wanted
    }


def folder_export(*, organisation: Organisation, path: Path, on: date) -> Dataset:
    """Write the organisation's data folder; each staff member's team is the one on `on`."""
    dataset = dataset_from_database(organisation, on)
    write_folder(dataset, path)
    return dataset
