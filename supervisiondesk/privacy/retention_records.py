"""Retention of the quality and development records (docs/privacy.md,
"Retention and purge"): what is due among them on a day, and their removal.
`privacy.retention` calls this module from `purge_plan` and `purge_run`.

Each record type counts its years from one date:

- supervisee feedback (`quality.FeedbackResponse` with its ratings): the
  session's date, the date its quarter is reckoned by;
- audits (`quality.AuditSample` with its grades and findings): the day the
  audit ended, its `completed_on`, else its `closes_on` (no grading after
  it); an audit with neither is still open and never due;
- a supervisor's self-assessments of the balance of functions, the
  development records (learning plan with its goals and reviews,
  competency self-assessments with their ratings, CPD log entries,
  observations of the worker's practice) and the wellbeing and self-care
  plan: the day the worker's (the supervisor's) employment ended, as for
  their one-to-one supervision records. Someone still in post is never due.

What an audit's findings became (agenda items and actions of a later
session) are supervision records: they follow the session's retention, not
the audit's. Feedback also goes with its session when the purge deletes the
session (the database cascades), whichever comes first.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from supervisiondesk.development.models import (
    CompetencyAssessment,
    CpdEntry,
    LearningPlan,
    PracticeObservation,
    WellbeingPlan,
)
from supervisiondesk.people.models import Organisation
from supervisiondesk.privacy.models import RecordType
from supervisiondesk.privacy.retention import (
    DueRecord,
    _batches,
    _kept,
    _left,
    latest_due_start,
)
from supervisiondesk.quality.models import AuditSample, FeedbackResponse, SelfAssessment

# Each kind of record removed, by the name its ids carry in the access log
# entry of a purge, with its model and record type. Deleting the row
# cascades to its parts (ratings, grades, goals and reviews, area ratings).
KINDS: dict[str, tuple[type, str]] = {
    "feedback_responses": (FeedbackResponse, RecordType.FEEDBACK.value),
    "audit_samples": (AuditSample, RecordType.AUDIT.value),
    "self_assessments": (SelfAssessment, RecordType.SELF_ASSESSMENT.value),
    "learning_plans": (LearningPlan, RecordType.DEVELOPMENT.value),
    "competency_assessments": (CompetencyAssessment, RecordType.DEVELOPMENT.value),
    "cpd_entries": (CpdEntry, RecordType.DEVELOPMENT.value),
    "practice_observations": (PracticeObservation, RecordType.DEVELOPMENT.value),
    "wellbeing_plans": (WellbeingPlan, RecordType.WELLBEING_PLAN.value),
}

# The record types of this module, in the order the command lists them.
RECORD_TYPES = (
    RecordType.FEEDBACK.value,
    RecordType.AUDIT.value,
    RecordType.SELF_ASSESSMENT.value,
    RecordType.DEVELOPMENT.value,
    RecordType.WELLBEING_PLAN.value,
)


def _feedback(organisation: Organisation, today: date, years: int) -> list[DueRecord]:
    cutoff = latest_due_start(today, years)
    rows = (
        FeedbackResponse.objects.filter(organisation=organisation, session__date__lte=cutoff)
        .select_related("session")
        .order_by("session__date", "pk")
    )
    return [
        DueRecord(
            kind="feedback_responses",
            record_type=RecordType.FEEDBACK.value,
            pk=r.pk,
            date=r.session.date,
            # No names: who gave feedback on whose supervision is not the
            # business of whoever runs the purge (nor is an unshared one's
            # existence the supervisor's).
            what=_("feedback %(pk)d on %(session)s")
            % {"pk": r.pk, "session": r.session.session_id},
            reason=_("session on %(date)s; %(kept)s")
            % {"date": r.session.date.isoformat(), "kept": _kept(years)},
        )
        for r in rows
    ]


def _audits(organisation: Organisation, today: date, years: int) -> list[DueRecord]:
    cutoff = latest_due_start(today, years)
    rows = AuditSample.objects.filter(organisation=organisation).filter(
        Q(completed_on__lte=cutoff) | Q(completed_on__isnull=True, closes_on__lte=cutoff)
    )
    due = []
    for sample in rows.order_by("pk"):
        ended = sample.completed_on or sample.closes_on
        due.append(
            DueRecord(
                kind="audit_samples",
                record_type=RecordType.AUDIT.value,
                pk=sample.pk,
                date=ended,
                what=sample.title,
                reason=_("audit ended on %(date)s; %(kept)s")
                % {"date": ended.isoformat(), "kept": _kept(years)},
            )
        )
    return due


def _of_leavers(
    queryset,
    *,
    kind: str,
    record_type: str,
    person: str,
    day: str | None,
    title,
    cutoff: date,
    years: int,
) -> Iterable[DueRecord]:
    """Records of people whose employment ended on or before `cutoff`."""
    rows = queryset.filter(**{f"{person}__end_date__lte": cutoff}).select_related(person)
    for row in rows.order_by(f"{person}__name", "pk"):
        staff = getattr(row, person)
        yield DueRecord(
            kind=kind,
            record_type=record_type,
            pk=row.pk,
            date=getattr(row, day) if day else staff.end_date,
            what=f"{staff.name}: {title(row)}",
            reason=_left(staff, years),
        )


def _leavers(organisation: Organisation, today: date, years: dict[str, int]) -> list[DueRecord]:
    """Self-assessments, development records and wellbeing plans of those
    who left long enough ago."""
    due: list[DueRecord] = []
    specs = [
        (
            "self_assessments",
            RecordType.SELF_ASSESSMENT.value,
            SelfAssessment.objects.filter(supervisor__organisation=organisation),
            "supervisor",
            "period_end",
            lambda r: (
                _("balance of functions %(start)s to %(end)s")
                % {"start": r.period_start.isoformat(), "end": r.period_end.isoformat()}
            ),
        ),
        (
            "learning_plans",
            RecordType.DEVELOPMENT.value,
            LearningPlan.objects.filter(worker__organisation=organisation),
            "worker",
            None,
            lambda r: _("learning plan"),
        ),
        (
            "competency_assessments",
            RecordType.DEVELOPMENT.value,
            CompetencyAssessment.objects.filter(worker__organisation=organisation),
            "worker",
            "assessed_on",
            lambda r: (
                _("competency self-assessment of %(date)s") % {"date": r.assessed_on.isoformat()}
            ),
        ),
        (
            "cpd_entries",
            RecordType.DEVELOPMENT.value,
            CpdEntry.objects.filter(worker__organisation=organisation),
            "worker",
            "date",
            lambda r: _("CPD log entry of %(date)s") % {"date": r.date.isoformat()},
        ),
        (
            "practice_observations",
            RecordType.DEVELOPMENT.value,
            PracticeObservation.objects.filter(worker__organisation=organisation),
            "worker",
            "observed_on",
            lambda r: (
                _("observation of practice of %(date)s") % {"date": r.observed_on.isoformat()}
            ),
        ),
        (
            "wellbeing_plans",
            RecordType.WELLBEING_PLAN.value,
            WellbeingPlan.objects.filter(worker__organisation=organisation),
            "worker",
            None,
            lambda r: _("wellbeing and self-care plan"),
        ),
    ]
    for kind, record_type, queryset, person, day, title in specs:
        due += _of_leavers(
            queryset,
            kind=kind,
            record_type=record_type,
            person=person,
            day=day,
            title=title,
            cutoff=latest_due_start(today, years[record_type]),
            years=years[record_type],
        )
    return due


def due_records(
    *, organisation: Organisation, today: date, years: dict[str, int]
) -> list[DueRecord]:
    """Every quality and development record due on `today`, by record type
    in the order of RECORD_TYPES (reads only)."""
    due = _feedback(organisation, today, years[RecordType.FEEDBACK])
    due += _audits(organisation, today, years[RecordType.AUDIT])
    due += _leavers(organisation, today, years)
    order = {record_type: n for n, record_type in enumerate(RECORD_TYPES)}
    due.sort(key=lambda r: order[r.record_type])  # stable: each type keeps its order
    return due


def records_remove(records: Iterable[DueRecord]) -> None:
    """Delete the records (in the purge's transaction), each with its parts."""
    by_kind: dict[str, list[int]] = {}
    for record in records:
        by_kind.setdefault(record.kind, []).append(record.pk)
    for kind, pks in by_kind.items():
        model, _record_type = KINDS[kind]
        for batch in _batches(pks):
            model.objects.filter(pk__in=batch).delete()


__all__ = ["KINDS", "RECORD_TYPES", "due_records", "records_remove"]
