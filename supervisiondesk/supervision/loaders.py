"""The compliance engine's input from the database: people and structure
(`people.loaders`) plus sessions, case discussions and agreements.

Reads with `values_list` only, in a handful of queries, so that loading the
national dataset costs about what the engine itself costs.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from supervisiondesk.compliance.dataset import Agreement, CaseDiscussion, Dataset, Session
from supervisiondesk.people.loaders import people_dataset
from supervisiondesk.people.models import Organisation
from supervisiondesk.supervision import models


def dataset_from_database(organisation: Organisation, on: date) -> Dataset:
    """Everything the engine reads for `organisation`; teams are those on `on`."""
    dataset = people_dataset(organisation, on)
    staff_ids = dict(organisation.staff.values_list("pk", "staff_id"))

    attendees: dict[int, list[str]] = defaultdict(list)
    for session_pk, staff_pk in (
        models.SessionAttendee.objects.filter(session__organisation=organisation)
        .order_by("session_id", "staff__staff_id")
        .values_list("session_id", "staff_id")
    ):
        attendees[session_pk].append(staff_ids[staff_pk])

    codes: dict[int, str] = {}
    for row in models.SupervisionSession.objects.filter(organisation=organisation).values_list(
        "pk",
        "session_id",
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
    ):
        pk, code, kind, status, day, minutes, supervisor, *dates, functions = row
        codes[pk] = code
        dataset.sessions.append(
            Session(
                code,
                kind,
                status,
                day,
                minutes,
                staff_ids[supervisor],
                tuple(attendees[pk]),
                *dates,
                tuple(functions or ()),
            )
        )
    dataset.case_discussions = [
        CaseDiscussion(codes[session], case_code, recorded_on)
        for session, case_code, recorded_on in models.CaseDiscussion.objects.filter(
            session__organisation=organisation
        ).values_list("session_id", "case__case_id", "recorded_on")
    ]
    agreements = models.SupervisionAgreement.objects.filter(
        supervisee__organisation=organisation
    ).values_list("supervisee_id", "supervisor_id", "signed_on", "reviewed_on")
    dataset.agreements = [
        Agreement(staff_ids[supervisee], staff_ids[supervisor], signed_on, reviewed_on)
        for supervisee, supervisor, signed_on, reviewed_on in agreements
    ]
    return dataset
