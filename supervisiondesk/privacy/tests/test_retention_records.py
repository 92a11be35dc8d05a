"""Retention of the quality and development records
(privacy.retention_records, through `purge_plan`, `purge_run` and
`manage.py purge`).

Each record type is due the day after its last day and not on it: feedback
3 years after its session, an audit 6 years after it ended, a supervisor's
self-assessment and a worker's development records 6 years after their
employment ended, their wellbeing plan 1 year after. Someone still in post,
an audit still open and another organisation's records are never due. A
run removes each record with its parts and logs their ids.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from supervisiondesk.development.models import (
    AreaRating,
    CompetencyAssessment,
    CpdEntry,
    GoalReview,
    LearningGoal,
    LearningPlan,
    PracticeObservation,
    WellbeingPlan,
)
from supervisiondesk.development.services import goal_review_add
from supervisiondesk.development.tests.helpers import practitioner_records
from supervisiondesk.people.models import StaffMember
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry, RecordType
from supervisiondesk.privacy.retention import purge_plan, purge_run, retention_years
from supervisiondesk.privacy.services import retention_rule_set
from supervisiondesk.quality.models import (
    AuditGrade,
    AuditSample,
    FeedbackRating,
    FeedbackResponse,
    SelfAssessment,
)
from supervisiondesk.quality.tests.helpers import feedback_row, make_session
from supervisiondesk.quality.vocabulary import DOMAIN_KEYS, STANDARD_KEYS
from supervisiondesk.supervision.models import SupervisionSession
from supervisiondesk.supervision.services.common import organisation_today

pytestmark = pytest.mark.django_db

SESSION_ON = date(2025, 1, 15)  # the session the feedback is on
PRACTITIONER_LEFT = date(2025, 3, 31)
SUPERVISOR_LEFT = date(2025, 9, 30)
AUDIT_COMPLETED = date(2025, 4, 30)
AUDIT_CLOSED = date(2025, 6, 30)  # never completed; no grading after it


@dataclass
class Records:
    feedback: FeedbackResponse
    completed_audit: AuditSample
    closed_audit: AuditSample
    open_audit: AuditSample  # neither completed nor closing: never due
    other_organisations_audit: AuditSample
    self_assessment: SelfAssessment
    plan: LearningPlan
    assessment: CompetencyAssessment
    cpd: CpdEntry
    observation: PracticeObservation  # of the practitioner, by the supervisor
    wellbeing: WellbeingPlan
    colleague_observed: PracticeObservation  # by the practitioner, of a colleague in post
    managers_cpd: CpdEntry  # of someone in post


def audit(world, title: str, session: SupervisionSession | None = None, **dates) -> AuditSample:
    organisation = dates.pop("organisation", world.organisation)
    sample = AuditSample.objects.create(
        organisation=organisation,
        title=title,
        auditor=world.users["auditor"],
        created_by=world.users["auditor"],
        **dates,
    )
    if session is not None:
        sample.sessions.add(session)
        AuditGrade.objects.create(
            sample=sample,
            session=session,
            standards=dict.fromkeys(STANDARD_KEYS, "met"),
            domains=dict.fromkeys(DOMAIN_KEYS, "good"),
            findings="Good.",
            graded_by=world.users["auditor"],
        )
    return sample


def build(world) -> Records:
    s = world.staff
    session = make_session(
        supervisor=s["supervisor"], attendees=[s["practitioner"]], day=SESSION_ON
    )
    feedback = feedback_row(session=session, respondent=s["practitioner"], comment="Helpful")
    dev = practitioner_records(world)
    goal_review_add(
        goal=dev.goal,
        reviewed_on=organisation_today(world.organisation),
        notes="On track.",
        by=world.users["supervisor"],
    )
    colleague_observed = PracticeObservation.objects.create(
        worker=s["colleague"],
        observer=s["practitioner"],
        observed_on=date(2025, 2, 1),
        setting="Home visit",
        went_well="Calm.",
        to_develop="Notes.",
    )
    managers_cpd = CpdEntry.objects.create(
        worker=s["manager"], date=date(2020, 1, 1), title="Leadership", hours=3, learning="Much."
    )
    records = Records(
        feedback=feedback,
        completed_audit=audit(
            world, "Completed", session, completed_on=AUDIT_COMPLETED, status="completed"
        ),
        closed_audit=audit(world, "Closed", closes_on=AUDIT_CLOSED),
        open_audit=audit(world, "Open"),
        other_organisations_audit=audit(
            world, "Elsewhere", organisation=world.other_organisation, completed_on=date(2020, 1, 1)
        ),
        self_assessment=SelfAssessment.objects.create(
            supervisor=s["supervisor"],
            period_start=date(2025, 1, 1),
            period_end=date(2025, 3, 31),
            shares={"managerial": 60, "support": 40},
            reflection="Mostly managerial.",
        ),
        plan=dev.goal.plan,
        assessment=dev.assessment,
        cpd=dev.cpd,
        observation=dev.observation,
        wellbeing=dev.wellbeing,
        colleague_observed=colleague_observed,
        managers_cpd=managers_cpd,
    )
    StaffMember.objects.filter(pk=s["practitioner"].pk).update(end_date=PRACTITIONER_LEFT)
    StaffMember.objects.filter(pk=s["supervisor"].pk).update(end_date=SUPERVISOR_LEFT)
    return records


@pytest.fixture
def records(world) -> Records:
    return build(world)


def due(plan) -> set[tuple[str, int]]:
    return {(r.kind, r.pk) for r in plan.records}


# ------------------------------------------------------------------ due or not, by type


@pytest.mark.parametrize(
    ("record", "kind", "last_day"),
    [
        ("feedback", "feedback_responses", date(2028, 1, 15)),  # 3 years after the session
        ("completed_audit", "audit_samples", date(2031, 4, 30)),  # 6 years after completion
        ("closed_audit", "audit_samples", date(2031, 6, 30)),  # 6 years after it closed
        ("self_assessment", "self_assessments", date(2031, 9, 30)),  # 6 after the supervisor left
        ("plan", "learning_plans", date(2031, 3, 31)),  # 6 years after the practitioner left
        ("assessment", "competency_assessments", date(2031, 3, 31)),
        ("cpd", "cpd_entries", date(2031, 3, 31)),
        ("observation", "practice_observations", date(2031, 3, 31)),
        ("wellbeing", "wellbeing_plans", date(2026, 3, 31)),  # 1 year after the practitioner left
    ],
)
def test_each_record_is_due_the_day_after_its_last_day(
    world, records, record, kind, last_day
) -> None:
    key = (kind, getattr(records, record).pk)
    org = world.organisation
    for day in (last_day - timedelta(days=400), last_day - timedelta(days=1), last_day):
        assert key not in due(purge_plan(organisation=org, today=day)), day
    for day in (last_day + timedelta(days=1), last_day + timedelta(days=4000)):
        assert key in due(purge_plan(organisation=org, today=day)), day


def test_in_post_open_or_another_organisations_records_are_never_due(world, records) -> None:
    plan = purge_plan(organisation=world.organisation, today=date(2100, 1, 1))
    never = {
        ("audit_samples", records.open_audit.pk),
        ("audit_samples", records.other_organisations_audit.pk),
        # The practitioner observed a colleague still in post: the
        # observation is the colleague's record, kept while they are.
        ("practice_observations", records.colleague_observed.pk),
        ("cpd_entries", records.managers_cpd.pk),
    }
    assert not never & due(plan)


def test_the_plan_says_why_each_is_due(world, records) -> None:
    plan = purge_plan(organisation=world.organisation, today=date(2032, 1, 1))
    reasons = {(r.kind, r.pk): (r.record_type, r.what, r.reason) for r in plan.records}
    assert reasons[("feedback_responses", records.feedback.pk)] == (
        RecordType.FEEDBACK,
        f"feedback {records.feedback.pk} on {records.feedback.session.session_id}",
        "session on 2025-01-15; kept 3 years",
    )
    assert reasons[("audit_samples", records.completed_audit.pk)] == (
        RecordType.AUDIT,
        "Completed",
        "audit ended on 2025-04-30; kept 6 years",
    )
    assert reasons[("self_assessments", records.self_assessment.pk)] == (
        RecordType.SELF_ASSESSMENT,
        "Sam Supervisor: balance of functions 2025-01-01 to 2025-03-31",
        "staff Sam Supervisor left on 2025-09-30; kept 6 years",
    )
    assert reasons[("wellbeing_plans", records.wellbeing.pk)] == (
        RecordType.WELLBEING_PLAN,
        "Pat Practitioner: wellbeing and self-care plan",
        "staff Pat Practitioner left on 2025-03-31; kept 1 year",
    )
    assert plan.counts() == {
        "sessions_deleted": 1,  # the feedback's session: its supervisee left in 2025
        "sessions_emptied": 0,
        "agreements": 0,
        "case_discussions": 0,
        "feedback": 1,
        "audit": 2,
        "self_assessment": 1,
        "development": 4,
        "wellbeing_plan": 1,
    }


def test_the_organisations_rules_override_the_defaults(world, records) -> None:
    retention_rule_set(organisation=world.organisation, record_type="wellbeing_plan", years=3)
    retention_rule_set(organisation=world.organisation, record_type="feedback", years=10)
    assert retention_years(organisation=world.organisation)["wellbeing_plan"] == 3
    wellbeing = ("wellbeing_plans", records.wellbeing.pk)
    feedback = ("feedback_responses", records.feedback.pk)
    org = world.organisation
    assert wellbeing not in due(purge_plan(organisation=org, today=date(2028, 3, 31)))
    assert wellbeing in due(purge_plan(organisation=org, today=date(2028, 4, 1)))
    assert feedback not in due(purge_plan(organisation=org, today=date(2035, 1, 15)))
    assert feedback in due(purge_plan(organisation=org, today=date(2035, 1, 16)))


# ------------------------------------------------------------------ the run


def shorten(world, **years: int) -> None:
    for record_type, value in years.items():
        retention_rule_set(organisation=world.organisation, record_type=record_type, years=value)


def test_a_run_removes_each_record_with_its_parts_and_logs_it(world, records) -> None:
    shorten(world, feedback=1, audit=1, self_assessment=1, development=1)
    today = organisation_today(world.organisation)
    purge_run(organisation=world.organisation, today=today, dry_run=False)
    # Feedback with its ratings; the session it was on is not due.
    assert not FeedbackResponse.objects.filter(pk=records.feedback.pk).exists()
    assert not FeedbackRating.objects.filter(response_id=records.feedback.pk).exists()
    assert SupervisionSession.objects.filter(pk=records.feedback.session_id).exists()
    # Audits that ended, with their grades; the open one stays.
    assert set(AuditSample.objects.values_list("title", flat=True)) == {"Open", "Elsewhere"}
    assert not AuditGrade.objects.exists()
    assert not SelfAssessment.objects.exists()
    # The practitioner's development records with their parts.
    assert not LearningPlan.objects.filter(pk=records.plan.pk).exists()
    assert not LearningGoal.objects.exists() and not GoalReview.objects.exists()
    assert not CompetencyAssessment.objects.exists() and not AreaRating.objects.exists()
    assert list(CpdEntry.objects.values_list("title", flat=True)) == ["Leadership"]
    assert list(PracticeObservation.objects.all()) == [records.colleague_observed]
    # The wellbeing plan is kept 1 year by default: due since 2026-04-01.
    assert not WellbeingPlan.objects.exists()
    (entry,) = AccessLogEntry.objects.all()
    assert entry.event == AccessEvent.PURGED
    ids = json.loads(entry.detail)["ids"]
    assert ids["feedback_responses"] == [records.feedback.pk]
    assert set(ids["audit_samples"]) == {records.completed_audit.pk, records.closed_audit.pk}
    assert ids["self_assessments"] == [records.self_assessment.pk]
    assert ids["learning_plans"] == [records.plan.pk]
    assert ids["competency_assessments"] == [records.assessment.pk]
    assert ids["cpd_entries"] == [records.cpd.pk]
    assert ids["practice_observations"] == [records.observation.pk]
    assert ids["wellbeing_plans"] == [records.wellbeing.pk]
    # Nothing left to take.
    assert not purge_plan(organisation=world.organisation, today=today).records


def test_a_dry_run_removes_nothing(world, records) -> None:
    shorten(world, feedback=1, audit=1, self_assessment=1, development=1)
    plan = purge_run(
        organisation=world.organisation,
        today=organisation_today(world.organisation),
        dry_run=True,
    )
    assert len(plan.records) == 9
    assert FeedbackResponse.objects.count() == 1 and WellbeingPlan.objects.count() == 1
    assert AuditSample.objects.count() == 4 and LearningPlan.objects.count() == 1


def test_the_command_lists_them_by_type(world, records) -> None:
    out = StringIO()
    call_command(
        "purge", "--organisation", "Riverside", "--dry-run", "--today", "2032-01-01", stdout=out
    )
    text = out.getvalue()
    session_id = records.feedback.session.session_id
    for block in (
        "Supervisee feedback (after the session) (1)\n"
        f"  feedback {records.feedback.pk} on {session_id}: session on 2025-01-15; kept 3 years\n",
        "Audits of records (after the audit ends) (2)\n"
        "  Completed: audit ended on 2025-04-30; kept 6 years\n"
        "  Closed: audit ended on 2025-06-30; kept 6 years\n",
        "Wellbeing and self-care plans (after employment ends) (1)\n"
        "  Pat Practitioner: wellbeing and self-care plan: staff Pat Practitioner left on "
        "2025-03-31; kept 1 year\n",
    ):
        assert block in text
    assert "Development records (after employment ends) (4)\n" in text
    assert "Pat Practitioner: CPD log entry of" in text
    assert "1 feedback responses, 2 audits, 1 self-assessments, 4 development records, " in text
