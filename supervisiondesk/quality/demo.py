"""The demo organisation's quality data (`seed_quality`, called by
`seed_demo` after the sessions and logins exist): supervisee feedback over
the last three quarters, a drawn and graded audit with its findings and
actions on the pairs' next sessions, and a self-assessment.

The feedback is enough for the demo supervisor to pass the five-response
threshold on every statement and not for the demo manager, whose averages
show "not enough responses to show". Like the rest of the demo it is data,
written straight to the models (most demo staff have no login to give
feedback with); the audit goes through the services, as an auditor would.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from supervisiondesk.people.models import Organisation, StaffMember, TeamMembership
from supervisiondesk.people.selectors import active_on
from supervisiondesk.quality.arithmetic import largest_remainder, quarter_of, quarters_up_to
from supervisiondesk.quality.models import (
    AuditGrade,
    FeedbackRating,
    FeedbackResponse,
    SelfAssessment,
)
from supervisiondesk.quality.services import (
    FEEDBACK_KINDS,
    audit_action_add,
    audit_grade_save,
    audit_sample_draw,
)
from supervisiondesk.quality.services.audits import sample_candidates
from supervisiondesk.quality.services.feedback import FEEDBACK_WINDOW_DAYS
from supervisiondesk.quality.services.self_assessment import policy_functions
from supervisiondesk.quality.standards import standard_checks
from supervisiondesk.quality.vocabulary import DOMAIN_KEYS, STATEMENT_KEYS, Grade
from supervisiondesk.supervision.choices import SessionStatus
from supervisiondesk.supervision.models import SessionAttendee, SupervisionSession
from supervisiondesk.supervision.services.common import organisation_today

SEED = 6
COMMENTS = (
    "We had time to think about the family's history, not just the next visit.",
    "Helpful to talk through the risk assessment before the conference.",
    "The session was cut short again; I would like the full time.",
    "I came away knowing exactly what to do before the review.",
    "It felt rushed, but the actions were clear.",
    "Good space to say how the week had affected me.",
)
FINDINGS = (
    "The family's voice is thin and the risk analysis is not written down.",
    "Clear analysis and actions; the record was signed late.",
    "Good curiosity about the family; the agreement is out of date.",
    "The record does not show how the worker was supported after a hard visit.",
)


def _login(organisation: Organisation, username: str) -> StaffMember | None:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return None
    return StaffMember.objects.filter(organisation=organisation, user=user).first()


@transaction.atomic
def seed_quality(*, organisation: Organisation, today: date) -> dict[str, int]:
    """Write the demo's quality data; the counts written, by kind."""
    rng = random.Random(SEED)
    counts = {"feedback": _feedback(organisation, today, rng)}
    counts["audit_grades"] = _audit(organisation, today, rng)
    counts["self_assessments"] = _self_assessment(organisation, today)
    return counts


# ---------------------------------------------------------------- feedback


def _feedback(organisation: Organisation, today: date, rng: random.Random) -> int:
    supervisor = _login(organisation, "supervisor")
    manager = _login(organisation, "manager")
    practitioner = _login(organisation, "practitioner")
    first = quarters_up_to(today, 3)[-1].start
    sessions = list(
        SupervisionSession.objects.filter(
            organisation=organisation,
            kind__in=FEEDBACK_KINDS,
            status=SessionStatus.HELD,
            date__gte=first,
            date__lte=today,
        ).order_by("date", "session_id")
    )
    attendees: dict[int, list[SessionAttendee]] = {}
    for attendee in SessionAttendee.objects.filter(session__in=sessions).exclude(present=False):
        attendees.setdefault(attendee.session_id, []).append(attendee)
    # Each supervisor's supervision is good or less good, steadily.
    level: dict[int, float] = {}
    manager_answers: dict[str, int] = {}
    responses, ratings = [], []
    for session in sessions:
        base = level.setdefault(session.supervisor_id, rng.uniform(3.0, 4.6))
        for attendee in attendees.get(session.pk, []):
            recent = session.date > today - timedelta(days=FEEDBACK_WINDOW_DAYS)
            if recent and practitioner and attendee.staff_id == practitioner.pk:
                continue  # recent sessions stay open to the demo practitioner's feedback
            if supervisor and session.supervisor_id == supervisor.pk:
                chance = 0.9
            elif manager and session.supervisor_id == manager.pk:
                # Too few for the manager's averages to be shown.
                key = quarter_of(session.date).key
                if manager_answers.get(key, 0) >= 3:
                    continue
                manager_answers[key] = manager_answers.get(key, 0) + 1
                chance = 1.0
            else:
                chance = 0.5
            if rng.random() > chance:
                continue
            given_on = min(session.date + timedelta(days=rng.randint(0, 7)), today)
            response = FeedbackResponse(
                organisation=organisation,
                session=session,
                respondent_id=attendee.staff_id,
                supervisor_id=session.supervisor_id,
                given_on=given_on,
                comment=rng.choice(COMMENTS) if rng.random() < 0.3 else "",
                shared_with_supervisor=rng.random() < 0.3,
            )
            response.full_clean(exclude=["organisation", "session", "respondent", "supervisor"])
            responses.append(response)
            ratings.append(
                {
                    key: min(5, max(1, round(rng.gauss(base, 0.8))))
                    for key in STATEMENT_KEYS
                    if rng.random() > 0.04
                }
                or {"support": 4}
            )
    FeedbackResponse.objects.bulk_create(responses)
    FeedbackRating.objects.bulk_create(
        FeedbackRating(response=response, statement=key, score=score)
        for response, scores in zip(responses, ratings, strict=True)
        for key, score in scores.items()
    )
    return len(responses)


# ---------------------------------------------------------------- audit


def _audit(organisation: Organisation, today: date, rng: random.Random) -> int:
    """The auditor draws eight records of the demo supervisor's team over
    the last full quarter and grades all but two, with findings and actions."""
    auditor = _login(organisation, "auditor")
    supervisor = _login(organisation, "supervisor")
    if auditor is None or supervisor is None:
        return 0
    membership = (
        TeamMembership.objects.filter(active_on(today), staff=supervisor)
        .select_related("team")
        .first()
    )
    if membership is None:
        return 0
    team = membership.team
    period = quarters_up_to(today, 2)[-1]
    available = sample_candidates(team=team, period_start=period.start, period_end=period.end)
    size = min(8, available.count())
    if size == 0:
        return 0
    sample = audit_sample_draw(
        team=team,
        period_start=period.start,
        period_end=period.end,
        size=size,
        auditor=auditor.user,
        seed=20260,
        by=auditor.user,
        title=f"Quarterly audit of {team.name}",
        # Open for a quarter from the demo's today, and never already closed
        # when the demo is seeded as of a day in the past.
        closes_on=max(today, organisation_today(organisation)) + timedelta(days=90),
    )
    sessions = list(sample.sessions.select_related("supervisor__organisation").order_by("date"))
    grades = 0
    for n, session in enumerate(sessions[: max(size - 2, 1)]):
        checks = standard_checks(session, today=today)
        grade = audit_grade_save(
            sample=sample,
            session=session,
            standards={check.key: check.suggested for check in checks},
            domains={
                key: rng.choices(Grade.values, weights=(1, 3, 5, 1))[0] for key in DOMAIN_KEYS
            },
            findings=FINDINGS[n % len(FINDINGS)] if n % 2 == 0 else "",
            by=auditor.user,
        )
        if n % 3 == 0:
            audit_action_add(
                grade=grade,
                description="Add the child's voice and the risk analysis to the case discussions.",
                owner=session.supervisor,
                due_on=today + timedelta(days=28),
                by=auditor.user,
            )
        grades += 1
    return AuditGrade.objects.filter(sample=sample).count() if grades else 0


# ---------------------------------------------------------------- self-assessment


def _self_assessment(organisation: Organisation, today: date) -> int:
    supervisor = _login(organisation, "supervisor")
    if supervisor is None:
        return 0
    period = quarters_up_to(today, 2)[-1]
    functions = policy_functions(supervisor=supervisor, on=period.end)
    shares = {"managerial": 45, "development": 20, "support": 25, "mediation": 10}
    if set(shares) != set(functions):  # another policy: an even split
        shares = largest_remainder({f: 100 / len(functions) for f in functions})
    assessment = SelfAssessment(
        supervisor=supervisor,
        period_start=period.start,
        period_end=period.end,
        shares=shares,
        reflection=(
            "Case management took most of the time, as the team carried several care "
            "proceedings. Development slipped: I want to protect twenty minutes of each "
            "session for reflection on practice."
        ),
        created_by=supervisor.user,
    )
    assessment.full_clean()
    assessment.save()
    return 1
