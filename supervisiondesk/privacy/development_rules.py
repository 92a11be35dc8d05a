"""Who may read and write each professional development record (issue 6
item 6, docs/development.md).

Beside `privacy/rules.py` (the record rules) and built on the same
helpers: `viewer_of` and who is whose today (`_supervisees_now`,
`_service_staff`, `_need_to_know`), so a change to who supervises or
manages whom changes both.

A development record belongs to one worker. Who reads or writes it depends
on the viewer's *parts* in that worker's working life, today:

- SELF: the worker;
- SUPERVISOR: a current supervisor of the worker (any kind: line,
  professional, external);
- LINE_MANAGER: a manager (role manager or senior manager) who
  line-manages one of the worker's current supervisors (the records' manager
  rule, one step from the worker);
- SENIOR_MANAGER: a senior manager (role) of the worker's service: the
  worker is a member today of a team of one of the senior's services;
- NEED_TO_KNOW: a director with an open need-to-know access naming the
  worker;
- OBSERVER: the observer of one observation (that record only).

The table (`READERS`, `WRITERS`) says which parts read and write which
record; `may_read` and `may_write` answer it without the database. Nothing
crosses organisations; auditors and administrators hold no part in anyone's
development (they read only their own, as workers).
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from supervisiondesk.accounts.roles import Role
from supervisiondesk.people.models import StaffMember, SupervisoryRelationship
from supervisiondesk.people.selectors import active_on
from supervisiondesk.privacy.rules import (
    AnyUser,
    Viewer,
    _need_to_know,
    _service_staff,
    _supervisees_now,
    viewer_of,
)

LINE = "line"


class Part(StrEnum):
    SELF = "self"
    SUPERVISOR = "supervisor"
    LINE_MANAGER = "line_manager"
    SENIOR_MANAGER = "senior_manager"
    NEED_TO_KNOW = "need_to_know"
    OBSERVER = "observer"


class Record(StrEnum):
    """The development records, named as in the access log (object_type)."""

    LEARNING_PLAN = "learning_plan"
    COMPETENCY = "competency_assessment"
    WELLBEING_PLAN = "wellbeing_plan"
    CPD_LOG = "cpd_log"
    OBSERVATION = "observation"


_OVERSIGHT = frozenset({Part.LINE_MANAGER, Part.SENIOR_MANAGER, Part.NEED_TO_KNOW})

READERS: dict[Record, frozenset[Part]] = {
    # Like the supervision records (no personal notes in it): the worker and
    # their supervisors, and whoever oversees the supervision.
    Record.LEARNING_PLAN: frozenset({Part.SELF, Part.SUPERVISOR}) | _OVERSIGHT,
    # The worker, their supervisors, their line manager.
    Record.COMPETENCY: frozenset({Part.SELF, Part.SUPERVISOR, Part.LINE_MANAGER}),
    # Private: the worker and their current supervisors, nobody else.
    Record.WELLBEING_PLAN: frozenset({Part.SELF, Part.SUPERVISOR}),
    # Evidence of development, like the learning plan (docs: a choice).
    Record.CPD_LOG: frozenset({Part.SELF, Part.SUPERVISOR}) | _OVERSIGHT,
    # The worker, the observer, the worker's supervisors and line manager.
    Record.OBSERVATION: frozenset({Part.SELF, Part.OBSERVER, Part.SUPERVISOR, Part.LINE_MANAGER}),
}
WRITERS: dict[Record, frozenset[Part]] = {
    Record.LEARNING_PLAN: frozenset({Part.SELF, Part.SUPERVISOR}),
    # A self-assessment: the worker only.
    Record.COMPETENCY: frozenset({Part.SELF}),
    Record.WELLBEING_PLAN: frozenset({Part.SELF, Part.SUPERVISOR}),
    Record.CPD_LOG: frozenset({Part.SELF, Part.SUPERVISOR}),
    # The observer writes the observation; the worker adds a reflection
    # (`may_reflect`).
    Record.OBSERVATION: frozenset({Part.OBSERVER}),
}


# ---------------------------------------------------------------- the table (pure)


def may_read(record: Record, parts: frozenset[Part] | set[Part]) -> bool:
    return bool(READERS[record] & set(parts))


def may_write(record: Record, parts: frozenset[Part] | set[Part]) -> bool:
    return bool(WRITERS[record] & set(parts))


def may_reflect(parts: frozenset[Part] | set[Part]) -> bool:
    """The worker's reflection on an observation of their practice."""
    return Part.SELF in parts


def readable_records(parts: frozenset[Part] | set[Part]) -> frozenset[Record]:
    return frozenset(record for record in Record if may_read(record, parts))


# ---------------------------------------------------------------- who is whose (database)


def _line_managed_workers(viewer: Viewer) -> QuerySet | None:
    """The workers supervised today by someone a manager line-manages today
    (privacy.rules._managed_supervisors, one step further down)."""
    if not viewer.roles & {Role.MANAGER, Role.SENIOR_MANAGER}:
        return None
    return SupervisoryRelationship.objects.filter(
        active_on(viewer.today), supervisor__in=_supervisees_now(viewer, kind=LINE)
    ).values("supervisee")


def _need_to_know_staff(viewer: Viewer) -> QuerySet | None:
    """The workers a director's open need-to-know accesses name."""
    found = _need_to_know(viewer)
    return None if found is None else found[0]


def _people(viewer: Viewer, part: Part) -> QuerySet | None:
    """The staff (a subquery of ids) to whom the viewer stands in `part`
    today; None when the viewer cannot hold that part."""
    match part:
        case Part.SUPERVISOR:
            return _supervisees_now(viewer)
        case Part.LINE_MANAGER:
            return _line_managed_workers(viewer)
        case Part.SENIOR_MANAGER:
            return _service_staff(viewer)
        case Part.NEED_TO_KNOW:
            return _need_to_know_staff(viewer)
    return None


def _worker_rule(viewer: Viewer, parts: frozenset[Part], field: str) -> Q:
    """Rows whose worker (at `field`) the viewer stands to in one of `parts`."""
    rule = Q(pk__in=[])
    if Part.SELF in parts:
        rule |= Q(**{field: viewer.staff.pk})
    for part in parts - {Part.SELF, Part.OBSERVER}:
        people = _people(viewer, part)
        if people is not None:
            rule |= Q(**{f"{field}__in": people})
    return rule


def part_checks(user: AnyUser) -> dict[str, ExpressionWrapper]:
    """The viewer's parts (other than SELF and OBSERVER) as annotations of
    StaffMember rows, each true when the viewer stands in it to the row."""
    viewer = viewer_of(user)
    if viewer.staff is None:
        return {}
    return {
        str(part): ExpressionWrapper(Q(pk__in=people), output_field=BooleanField())
        for part in Part
        if (people := _people(viewer, part)) is not None
    }


def parts_of(user: AnyUser, staff: StaffMember) -> frozenset[Part]:
    """The viewer's parts in `staff`'s working life today, in one query
    (OBSERVER is per observation: `visible_observations`)."""
    viewer = viewer_of(user)
    if viewer.staff is None or staff.organisation_id != viewer.organisation_id:
        return frozenset()
    found = {Part.SELF} if staff.pk == viewer.staff.pk else set()
    checks = part_checks(user)
    if checks:
        row = StaffMember.objects.filter(pk=staff.pk).annotate(**checks).values(*checks).first()
        found |= {Part(part) for part, held in (row or {}).items() if held}
    return frozenset(found)


def workers(user: AnyUser, record: Record, *, write: bool = False) -> QuerySet[StaffMember]:
    """The staff whose `record` the user may read (or write)."""
    viewer = viewer_of(user)
    if viewer.staff is None:
        return StaffMember.objects.none()
    parts = (WRITERS if write else READERS)[record]
    return StaffMember.objects.filter(
        _worker_rule(viewer, parts, "pk"), organisation_id=viewer.organisation_id
    )


def development_workers(user: AnyUser) -> QuerySet[StaffMember]:
    """The staff whose development page a user may open: those of whom they
    may read at least one record (the learning plan's readers are everyone's)."""
    return workers(user, Record.LEARNING_PLAN)


# ---------------------------------------------------------------- each record


def _records(user: AnyUser, model, record: Record, *, write: bool = False) -> QuerySet:
    viewer = viewer_of(user)
    if viewer.staff is None:
        return model.objects.none()
    parts = (WRITERS if write else READERS)[record]
    return model.objects.filter(
        _worker_rule(viewer, parts, "worker"), worker__organisation_id=viewer.organisation_id
    )


def visible_learning_plans(user: AnyUser):
    from supervisiondesk.development.models import LearningPlan

    return _records(user, LearningPlan, Record.LEARNING_PLAN)


def editable_learning_plans(user: AnyUser):
    from supervisiondesk.development.models import LearningPlan

    return _records(user, LearningPlan, Record.LEARNING_PLAN, write=True)


def may_read_learning_plan(user: AnyUser, staff: StaffMember) -> bool:
    return may_read(Record.LEARNING_PLAN, parts_of(user, staff))


def may_write_learning_plan(user: AnyUser, staff: StaffMember) -> bool:
    return may_write(Record.LEARNING_PLAN, parts_of(user, staff))


def visible_competency_assessments(user: AnyUser):
    from supervisiondesk.development.models import CompetencyAssessment

    return _records(user, CompetencyAssessment, Record.COMPETENCY)


def may_read_competency(user: AnyUser, staff: StaffMember) -> bool:
    return may_read(Record.COMPETENCY, parts_of(user, staff))


def may_assess(user: AnyUser, staff: StaffMember) -> bool:
    """A self-assessment is the worker's own."""
    return may_write(Record.COMPETENCY, parts_of(user, staff))


def visible_wellbeing_plans(user: AnyUser):
    from supervisiondesk.development.models import WellbeingPlan

    return _records(user, WellbeingPlan, Record.WELLBEING_PLAN)


def may_read_wellbeing_plan(user: AnyUser, staff: StaffMember) -> bool:
    """The worker and their current supervisors only: not managers, not
    directors (need-to-know or not), not auditors, not administrators."""
    return may_read(Record.WELLBEING_PLAN, parts_of(user, staff))


def may_write_wellbeing_plan(user: AnyUser, staff: StaffMember) -> bool:
    return may_write(Record.WELLBEING_PLAN, parts_of(user, staff))


def visible_cpd_entries(user: AnyUser):
    from supervisiondesk.development.models import CpdEntry

    return _records(user, CpdEntry, Record.CPD_LOG)


def editable_cpd_entries(user: AnyUser):
    from supervisiondesk.development.models import CpdEntry

    return _records(user, CpdEntry, Record.CPD_LOG, write=True)


def may_read_cpd_log(user: AnyUser, staff: StaffMember) -> bool:
    return may_read(Record.CPD_LOG, parts_of(user, staff))


def may_write_cpd_log(user: AnyUser, staff: StaffMember) -> bool:
    return may_write(Record.CPD_LOG, parts_of(user, staff))


def visible_observations(user: AnyUser):
    """The observations a user may read: of their own practice, made by
    them, of their supervisees, of the supervisees of supervisors they
    line-manage."""
    from supervisiondesk.development.models import PracticeObservation

    viewer = viewer_of(user)
    if viewer.staff is None:
        return PracticeObservation.objects.none()
    rule = _worker_rule(viewer, READERS[Record.OBSERVATION], "worker") | Q(observer=viewer.staff)
    return PracticeObservation.objects.filter(rule, worker__organisation_id=viewer.organisation_id)


def editable_observations(user: AnyUser):
    """The observer's part of an observation: its observer only."""
    from supervisiondesk.development.models import PracticeObservation

    viewer = viewer_of(user)
    if viewer.staff is None:
        return PracticeObservation.objects.none()
    return PracticeObservation.objects.filter(
        observer=viewer.staff, worker__organisation_id=viewer.organisation_id
    )


def reflectable_observations(user: AnyUser):
    """The worker's reflection: the worker only."""
    from supervisiondesk.development.models import PracticeObservation

    viewer = viewer_of(user)
    if viewer.staff is None:
        return PracticeObservation.objects.none()
    return PracticeObservation.objects.filter(
        worker=viewer.staff, worker__organisation_id=viewer.organisation_id
    )
