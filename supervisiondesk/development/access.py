"""The only way development pages fetch one person's development record.
Like `supervision.access`, each function asks the rules
(`privacy/development_rules.py`), logs the read (or the refusal) in the access log
with the worker as its subject, and answers 404 alike for "not there" and
"not yours".

Object types in the access log: `learning_plan`, `wellbeing_plan` and
`cpd_log` (one per worker: the id is the worker's staff pk),
`learning_goal`, `cpd_entry`, `competency_assessment` and `observation`
(the record's pk). Lists of dates and titles are not logged, as for the
supervision records; opening a record is.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, QuerySet
from django.http import Http404

from supervisiondesk.development.models import (
    CompetencyAssessment,
    CpdEntry,
    LearningGoal,
    LearningPlan,
    PracticeObservation,
    WellbeingPlan,
)
from supervisiondesk.people.models import StaffMember
from supervisiondesk.privacy import development_rules as rules
from supervisiondesk.privacy.development_rules import Part, Record
from supervisiondesk.privacy.models import Channel
from supervisiondesk.supervision.access import log_read, record_for, refuse

AnyUser = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Person:
    """A worker as one viewer stands to them today."""

    staff: StaffMember
    parts: frozenset[Part]

    def reads(self, record: Record) -> bool:
        return rules.may_read(record, self.parts)

    def writes(self, record: Record) -> bool:
        return rules.may_write(record, self.parts)

    @property
    def readable(self) -> dict[str, bool]:
        """For templates: `person.readable.cpd_log`."""
        return {str(r): self.reads(r) for r in Record}

    @property
    def writable(self) -> dict[str, bool]:
        return {str(r): self.writes(r) for r in Record}

    @property
    def is_self(self) -> bool:
        return Part.SELF in self.parts


def _viewer_organisation(user: AnyUser) -> int | None:
    return rules.viewer_of(user).organisation_id if user.is_authenticated else None


def _read(user: AnyUser, *, object_type: str, object_id: int, worker_id: int, channel: str):
    log_read(
        user, object_type=object_type, object_id=object_id, subjects={worker_id}, channel=channel
    )


# ---------------------------------------------------------------- a person


def person_for(
    user: AnyUser,
    staff_pk: int,
    *,
    record: Record | None = None,
    write: bool = False,
) -> Person:
    """A worker whose `record` the user may read (or write); with no record,
    whose development page the user may open (any record readable). Only
    the refusal is logged here: the pages log what they then show."""
    staff = StaffMember.objects.select_related("organisation").filter(pk=staff_pk).first()
    same = staff is not None and staff.organisation_id == _viewer_organisation(user)
    parts = rules.parts_of(user, staff) if same else frozenset()
    if record is None:
        allowed = bool(rules.readable_records(parts))
    else:
        allowed = (rules.may_write if write else rules.may_read)(record, parts)
    if not allowed:
        raise refuse(
            user,
            object_type=str(record or "development"),
            object_id=staff_pk,
            subjects={staff_pk} if same else set(),
        )
    return Person(staff=staff, parts=parts)


def _worker_record(
    user: AnyUser, staff_pk: int, record: Record, model: type[Model], *, edit: bool, channel: str
) -> tuple[Person, Model | None]:
    person = person_for(user, staff_pk, record=record, write=edit)
    row = model.objects.filter(worker=person.staff).first()
    _read(user, object_type=record, object_id=staff_pk, worker_id=staff_pk, channel=channel)
    return person, row


def learning_plan_for(
    user: AnyUser, staff_pk: int, *, edit: bool = False, channel: str = Channel.PAGE
) -> tuple[Person, LearningPlan | None]:
    """The worker's learning plan (None before its first goal)."""
    return _worker_record(
        user, staff_pk, Record.LEARNING_PLAN, LearningPlan, edit=edit, channel=channel
    )


def learning_plan_shown(user: AnyUser, person: Person, *, channel: str = Channel.PAGE) -> None:
    """A page of a person (from `person_for`) shows their plan's goals: a
    read of the plan, logged as such."""
    if not person.reads(Record.LEARNING_PLAN):
        raise Http404
    staff_pk = person.staff.pk
    _read(
        user,
        object_type=Record.LEARNING_PLAN,
        object_id=staff_pk,
        worker_id=staff_pk,
        channel=channel,
    )


def wellbeing_plan_for(
    user: AnyUser, staff_pk: int, *, channel: str = Channel.PAGE
) -> tuple[Person, WellbeingPlan | None]:
    """The private plan: the worker and their current supervisors, who also
    write it (the same people)."""
    return _worker_record(
        user, staff_pk, Record.WELLBEING_PLAN, WellbeingPlan, edit=False, channel=channel
    )


def cpd_log_for(user: AnyUser, staff_pk: int, *, channel: str = Channel.PAGE) -> Person:
    """The worker's CPD log (the page then lists its entries)."""
    person = person_for(user, staff_pk, record=Record.CPD_LOG)
    _read(user, object_type=Record.CPD_LOG, object_id=staff_pk, worker_id=staff_pk, channel=channel)
    return person


# ---------------------------------------------------------------- one record by its id


def _fetch(
    user: AnyUser,
    queryset: QuerySet,
    model: type[Model],
    pk: int,
    *,
    object_type: str,
    worker_path: str,
    channel: str,
):
    """A development record by its id: its worker is its subject."""
    worker = worker_path.removesuffix("_id")
    return record_for(
        user,
        queryset,
        model,
        pk,
        object_type=object_type,
        organisation_path=f"{worker}__organisation_id",
        subject_fields=(worker_path,),
        channel=channel,
    )


def goal_for(user: AnyUser, pk: int, *, edit: bool = False) -> LearningGoal:
    plans = rules.editable_learning_plans(user) if edit else rules.visible_learning_plans(user)
    queryset = LearningGoal.objects.filter(plan__in=plans).select_related("plan__worker")
    return _fetch(
        user,
        queryset,
        LearningGoal,
        pk,
        object_type="learning_goal",
        worker_path="plan__worker_id",
        channel=Channel.PAGE,
    )


def assessment_for(user: AnyUser, pk: int, *, channel: str = Channel.PAGE) -> CompetencyAssessment:
    queryset = rules.visible_competency_assessments(user).select_related(
        "worker__organisation", "framework"
    )
    return _fetch(
        user,
        queryset,
        CompetencyAssessment,
        pk,
        object_type=Record.COMPETENCY,
        worker_path="worker_id",
        channel=channel,
    )


def cpd_entry_for(user: AnyUser, pk: int, *, edit: bool = False) -> CpdEntry:
    entries = rules.editable_cpd_entries(user) if edit else rules.visible_cpd_entries(user)
    return _fetch(
        user,
        entries.select_related("worker__organisation", "session"),
        CpdEntry,
        pk,
        object_type="cpd_entry",
        worker_path="worker_id",
        channel=Channel.PAGE,
    )


OBSERVATION_PARTS = {
    "read": rules.visible_observations,
    "edit": rules.editable_observations,  # the observer's part
    "reflect": rules.reflectable_observations,  # the worker's reflection
}


def observation_for(
    user: AnyUser, pk: int, *, part: str = "read", channel: str = Channel.PAGE
) -> PracticeObservation:
    queryset = OBSERVATION_PARTS[part](user).select_related("worker__organisation", "observer")
    return _fetch(
        user,
        queryset,
        PracticeObservation,
        pk,
        object_type=Record.OBSERVATION,
        worker_path="worker_id",
        channel=channel,
    )
