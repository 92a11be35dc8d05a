"""The compliance engine's input from the database: people and structure
(`people.loaders`) plus sessions, case discussions and agreements.

Reads the rows of Django's own queries through `people.loaders.rows_in`
(no model instances, no per-value converters, primary keys mapped to ids by
dictionaries rather than joins), so that loading the national dataset
costs about what the engine itself costs (benchmarks/README.md).

`dataset_from_database(..., staff=...)` reads only what the report on those
staff needs (`compliance_report(..., staff_ids=...)` gives the same entries
on it as on the whole organisation's data; a test checks every team of the
demo): a team's page at national scale reads a few thousand rows, not
millions.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection
from datetime import date
from functools import cache

from supervisiondesk.compliance.collector import without_collector
from supervisiondesk.compliance.dataset import Agreement, CaseDiscussion, Dataset, Session
from supervisiondesk.people.loaders import Selection, case_ids_by_pk, people_dataset, rows_in
from supervisiondesk.people.models import (
    Case,
    CasePeriod,
    Organisation,
    StaffMember,
    SupervisoryRelationship,
)
from supervisiondesk.supervision import models
from supervisiondesk.supervision.choices import SessionStatus


@without_collector
def dataset_from_database(
    organisation: Organisation, on: date, *, staff: Collection[int] | None = None
) -> Dataset:
    """Everything the engine reads for `organisation`; teams are those on `on`.

    With `staff` (primary keys of staff members), only what a report on them
    reads: see `selection_for`.
    """
    selection, session_pks = None, None
    sessions = models.SupervisionSession.objects.filter(organisation=organisation)
    if staff is not None:
        selection, session_pks = selection_for(organisation, staff)
    dataset, staff_ids = people_dataset(organisation, on, selection)

    # Joins cost more than dictionaries over millions of rows: the whole
    # organisation's rows carry primary keys, mapped to ids here.
    # A session's attendees and discussions are its organisation's (their
    # services check it): with `selection_for`'s keys, all of them this
    # organisation's, the join to the session is left out. PostgreSQL
    # answered it by reading every session of the nation (0.17 s of a
    # team's 0.5 s report).
    attending = models.SessionAttendee.objects.all()
    discussed = models.CaseDiscussion.objects.all()
    if session_pks is None:
        attending = attending.filter(session__organisation=organisation)
        discussed = discussed.filter(session__organisation=organisation)
    attendee_rows = list(
        # A group member marked absent did not attend (spec 3: "among its
        # attendees"); None (not recorded) counts as there.
        rows_in(
            attending.exclude(present=False), "session_id", session_pks, "session_id", "staff_id"
        )
    )
    # A group's members may be outside the selection: their ids by primary
    # key (a join to the staff is a scan of all 30,000 of them).
    others = {staff for _s, staff in attendee_rows} - staff_ids.keys()
    if others:
        staff_ids = staff_ids | dict(
            rows_in(StaffMember.objects.all(), "pk", others, "pk", "staff_id")
        )
    attendees: dict[int, list[str]] = defaultdict(list)
    for session_pk, attendee in attendee_rows:
        attendees[session_pk].append(staff_ids[attendee])
    for names in attendees.values():
        if len(names) > 1:
            names.sort()

    codes: dict[int, str] = {}
    for row in rows_in(
        sessions,
        "pk",
        session_pks,
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
                _functions(functions),
            )
        )
    discussion_rows = list(
        rows_in(discussed, "session_id", session_pks, "session_id", "case_id", "recorded_on")
    )
    if selection is None:
        case_codes = case_ids_by_pk(organisation)
    else:
        # Keys, then their ids by primary key: a join to the cases is read by
        # PostgreSQL as a scan of the nation's 400,000 (0.1 s of a team's).
        case_codes = dict(
            rows_in(Case.objects.all(), "pk", {c for _s, c, _r in discussion_rows}, "pk", "case_id")
        )
    dataset.case_discussions = [
        CaseDiscussion(codes[session], case_codes[case], recorded_on)
        for session, case, recorded_on in discussion_rows
        if session in codes  # the organisation's sessions only, whatever the keys
    ]
    agreements = rows_in(
        # Only signed agreements exist for the engine (spec 4): a draft in
        # the app is not an agreement yet. Group agreements have no supervisee.
        models.SupervisionAgreement.objects.filter(
            supervisee__organisation=organisation, signed_on__isnull=False
        ),
        "supervisee_id",
        None if selection is None else selection.staff,
        "supervisee_id",
        "supervisor_id",
        "signed_on",
        "reviewed_on",
    )
    dataset.agreements = [
        Agreement(staff_ids[supervisee], staff_ids[supervisor], signed_on, reviewed_on)
        for supervisee, supervisor, signed_on, reviewed_on in agreements
        if supervisor in staff_ids
    ]
    return dataset


def selection_for(organisation: Organisation, staff: Collection[int]) -> tuple[Selection, set[int]]:
    """The staff, cases and sessions a report on `staff` reads (primary keys).

    Mirrors what `compliance.engine.report.Scope.of` reaches, one step out:
    - their relationships, their supervisors and those supervisors' other
      supervisees (a supervisor's ratio counts them all);
    - the cases they have ever held, with every period of those cases;
    - the sessions they lead or attend, those their supervisors lead (a
      rearranged session is looked for among its supervisor's sessions),
      and those in which their cases were discussed; all the sessions of
      the supervisor of a cancelled or postponed one among them; each
      session's supervisor (their country sets the working days of its
      record).
    If the engine comes to read anything else, widen this too.
    """
    # Only this organisation's staff: every key below is reached from them,
    # so the queries need not join each row to its organisation again.
    # (rows_in: a director's whole organisation is more keys than SQLite
    # takes in one query.)
    chosen = {
        pk
        for (pk,) in rows_in(
            StaffMember.objects.filter(organisation=organisation), "pk", set(staff), "pk"
        )
    }
    relationships = SupervisoryRelationship.objects.filter(supervisee__organisation=organisation)
    supervisors = {
        supervisor
        for (supervisor,) in rows_in(relationships, "supervisee_id", chosen, "supervisor_id")
    }
    leaders = chosen | supervisors
    people = set(chosen) | supervisors
    for supervisee, supervisor in rows_in(
        relationships, "supervisor_id", leaders, "supervisee_id", "supervisor_id"
    ):
        people.update((supervisee, supervisor))

    cases = {
        case
        for (case,) in rows_in(
            CasePeriod.objects.filter(case__organisation=organisation),
            "worker_id",
            chosen,
            "case_id",
        )
    }
    sessions = models.SupervisionSession.objects.filter(organisation=organisation)
    session_pks = {pk for (pk,) in rows_in(sessions, "supervisor_id", leaders, "pk")}
    # Attendees and discussions of this organisation's staff and cases are
    # its sessions (see `dataset_from_database` for why there is no join).
    session_pks.update(
        pk
        for (pk,) in rows_in(models.SessionAttendee.objects.all(), "staff_id", chosen, "session_id")
    )
    session_pks.update(
        pk for (pk,) in rows_in(models.CaseDiscussion.objects.all(), "case_id", cases, "session_id")
    )
    # Each session's supervisor, and those of a cancelled or postponed one:
    # it is rearranged by a later one of its supervisor's, which may share a
    # supervisee from outside `staff`. (Their added sessions' supervisor is
    # the rearranger: one read of the sessions answers both.)
    rearrangers = set()
    for supervisor, status in rows_in(sessions, "pk", session_pks, "supervisor_id", "status"):
        people.add(supervisor)
        if status in REARRANGED:
            rearrangers.add(supervisor)
    rearrangers -= leaders
    session_pks.update(pk for (pk,) in rows_in(sessions, "supervisor_id", rearrangers, "pk"))
    people.update(rearrangers)
    return Selection(staff=people, cases=cases), session_pks


REARRANGED = frozenset({SessionStatus.CANCELLED, SessionStatus.POSTPONED})


def _functions(value: str | list | None) -> tuple[str, ...]:
    """A session's functions, from the JSON column's text or a parsed list."""
    if isinstance(value, str):
        return _parsed_functions(value)
    return tuple(value or ())


@cache
def _parsed_functions(text: str) -> tuple[str, ...]:
    # A few dozen distinct values among 850,000 sessions.
    return tuple(json.loads(text) or ())
