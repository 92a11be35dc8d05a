"""The demo organisation's professional development (`seed_development`,
for `seed_demo` to call after the sessions and logins exist): the demo
practitioner's learning plan (reviewed in their supervision sessions), two
self-assessments a year apart on the child and family KSS, a wellbeing
plan, a year of CPD entries (one from supervision) and two observations of
their practice (by their supervisor, with their reflection, and by the
Principal Social Worker, waiting for it); the demo supervisor's
self-assessment on the practice supervisors' KSS, plan and CPD; a goal and
an entry for each of the supervisor's other supervisees.

Like the rest of the demo it is data, written straight to the models (with
their checks) for the demo's own today rather than through the services,
which reckon from the real today.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Model

from supervisiondesk.development.models import (
    AreaRating,
    CompetencyAssessment,
    CpdEntry,
    Framework,
    GoalReview,
    LearningGoal,
    LearningPlan,
    PracticeObservation,
    WellbeingPlan,
)
from supervisiondesk.development.services import presets_ensure
from supervisiondesk.people.models import Organisation, StaffMember, SupervisoryRelationship
from supervisiondesk.people.selectors import active_on
from supervisiondesk.supervision.choices import SessionStatus
from supervisiondesk.supervision.models import SupervisionSession

# (area number -> rating) a year ago and now: most areas up one step, one
# held, one (the law) down after a first court case.
PRACTITIONER_BEFORE = {1: 2, 2: 3, 3: 2, 4: 1, 5: 2, 6: 2, 7: 1, 8: 2, 9: 2, 10: 1}
PRACTITIONER_NOW = {1: 3, 2: 3, 3: 3, 4: 2, 5: 3, 6: 3, 7: 2, 8: 1, 9: 3, 10: 2}
EVIDENCE = {
    1: "Direct work with two sibling groups using the three houses tool.",
    4: "Completed the domestic abuse course; applied it in the T. family assessment.",
    7: "Analysis sections now weigh the hypotheses; supervisor notes the improvement.",
    8: "First contested hearing: I was not ready for cross-examination.",
}
SUPERVISOR_NOW = {1: 3, 2: 2, 3: 3, 4: 3, 5: 2, 6: 3, 7: 3, 8: 2}


def _saved(row: Model) -> Model:
    row.full_clean()
    row.save()
    return row


def _login(organisation: Organisation, username: str) -> StaffMember | None:
    return StaffMember.objects.filter(organisation=organisation, user__username=username).first()


def _held_with(supervisor: StaffMember, worker: StaffMember, today: date) -> list:
    return list(
        SupervisionSession.objects.filter(
            supervisor=supervisor, supervisees=worker, status=SessionStatus.HELD, date__lte=today
        ).order_by("-date")[:3]
    )


def _supervisor_of(worker: StaffMember, today: date) -> StaffMember | None:
    relationship = (
        SupervisoryRelationship.objects.filter(active_on(today), supervisee=worker, kind="line")
        .select_related("supervisor")
        .first()
    )
    return relationship.supervisor if relationship else None


def _assessment(worker, framework, on: date, ratings: dict[int, int], reflection: str = ""):
    assessment = _saved(
        CompetencyAssessment(
            worker=worker,
            framework=framework,
            assessed_on=on,
            reassess_on=on + timedelta(days=365),
            reflection=reflection,
            created_by=worker.user,
        )
    )
    for area in framework.areas.all():
        _saved(
            AreaRating(
                assessment=assessment,
                area=area,
                rating=ratings[area.number],
                evidence=EVIDENCE.get(area.number, "") if worker.user else "",
            )
        )
    return assessment


def _practitioner(worker: StaffMember, today: date, counts: dict[str, int]) -> None:
    supervisor = _supervisor_of(worker, today)
    sessions = _held_with(supervisor, worker, today) if supervisor else []
    plan = _saved(LearningPlan(worker=worker))
    goals = [
        ("Use genograms and ecomaps with every family I assess", 60, None),
        ("Prepare for giving evidence in contested hearings", 120, None),
        ("Complete the domestic abuse (DASH) training", -30, today - timedelta(days=45)),
    ]
    for n, (title, days, completed) in enumerate(goals):
        goal = _saved(
            LearningGoal(
                plan=plan,
                title=title,
                actions="Ask my supervisor for a case to try it on.\nRead the team's guidance.",
                target_on=today + timedelta(days=days),
                completed_on=completed,
                created_by=worker.user,
            )
        )
        counts["goals"] += 1
        reviewed = sessions[n : n + 2]
        for session in reviewed:
            _saved(
                GoalReview(
                    goal=goal,
                    reviewed_on=session.date,
                    notes="Talked through progress; agreed the next step.",
                    session=session,
                    by=supervisor.user if supervisor else None,
                )
            )
            counts["reviews"] += 1
        if completed and reviewed:
            # Completed when last reviewed.
            goal.completed_on = max(s.date for s in reviewed)
            _saved(goal)
    framework = Framework.objects.get(organisation=None, key="kss-child-family-practitioners")
    _assessment(worker, framework, today - timedelta(days=380), PRACTITIONER_BEFORE)
    _assessment(
        worker,
        framework,
        today - timedelta(days=20),
        PRACTITIONER_NOW,
        reflection="Stronger in direct work and analysis; court work is where I need support.",
    )
    counts["assessments"] += 2
    _saved(
        WellbeingPlan(
            worker=worker,
            what_helps="A walk at lunchtime; finishing visits by five on Fridays.",
            early_signs="I stop writing up on the day and take work home.",
            organisation_can_do="Protected time for recording after court days.",
            agreed_support="A check-in with my supervisor after any hearing.",
            review_on=today + timedelta(days=90),
            updated_by=worker.user,
        )
    )
    entries = [
        (300, "Domestic abuse risk assessment (DASH) training", "6", None),
        (210, "Reading: Munro on risk and uncertainty", "2", None),
        (150, "Court skills workshop", "3.5", None),
        (90, "Shadowed a family group conference", "4", None),
        (40, "Peer learning: life story work", "1.5", None),
    ]
    for days, title, hours, _unused in entries:
        _saved(
            CpdEntry(
                worker=worker,
                date=today - timedelta(days=days),
                title=title,
                hours=Decimal(hours),
                learning="What I took from it for my families.",
                practice_change="I plan visits around it now.",
                created_by=worker.user,
            )
        )
    if sessions:
        _saved(
            CpdEntry(
                worker=worker,
                date=sessions[0].date,
                title="Reflective case discussion on neglect",
                hours=Decimal("1"),
                learning="Using the graded care profile to show change over time.",
                session=sessions[0],
                created_by=supervisor.user if supervisor else None,
            )
        )
    counts["cpd_entries"] += len(entries) + bool(sessions)
    if supervisor:
        _saved(
            PracticeObservation(
                worker=worker,
                observer=supervisor,
                observed_on=today - timedelta(days=35),
                setting="Home visit to a family on a child protection plan",
                went_well="Warm with the children; the plan was explained in plain words.",
                to_develop="Say the worry to the father as plainly as to the mother.",
                reflection="I avoided the conversation with him; I will plan it next time.",
                created_by=supervisor.user,
            )
        )
        counts["observations"] += 1
    psw = (
        StaffMember.objects.filter(
            organisation=worker.organisation,
            memberships__job_title="Principal Social Worker",
        )
        .exclude(pk=worker.pk)
        .first()
    )
    if psw:
        _saved(
            PracticeObservation(
                worker=worker,
                observer=psw,
                observed_on=today - timedelta(days=6),
                setting="Child protection review conference",
                went_well="Clear report; the family's views were there in their words.",
                to_develop="Keep the child's daily life at the centre of the analysis.",
            )
        )
        counts["observations"] += 1


@transaction.atomic
def seed_development(*, organisation: Organisation, today: date) -> dict[str, int]:
    """Write the demo's development records; the counts written, by kind."""
    presets_ensure()
    counts = dict.fromkeys(("goals", "reviews", "assessments", "cpd_entries", "observations"), 0)
    if LearningPlan.objects.filter(worker__organisation=organisation).exists():
        return counts  # seeded already: nothing twice
    practitioner = _login(organisation, "practitioner")
    if practitioner is not None:
        _practitioner(practitioner, today, counts)
    supervisor = _login(organisation, "supervisor")
    if supervisor is None:
        return counts
    framework = Framework.objects.get(organisation=None, key="kss-practice-supervisors")
    _assessment(
        supervisor,
        framework,
        today - timedelta(days=60),
        SUPERVISOR_NOW,
        reflection="I want more group supervision and sharper use of authority.",
    )
    counts["assessments"] += 1
    others = (
        SupervisoryRelationship.objects.filter(active_on(today), supervisor=supervisor)
        .exclude(supervisee=practitioner)
        .select_related("supervisee")
        .order_by("supervisee__name")
    )
    for n, relationship in enumerate(others[:6]):
        worker = relationship.supervisee
        plan = _saved(LearningPlan(worker=worker))
        _saved(
            LearningGoal(
                plan=plan,
                title="Strengthen analysis in assessments",
                target_on=today + timedelta(days=30 * (n + 1) - 45),
            )
        )
        _saved(
            CpdEntry(
                worker=worker,
                date=today - timedelta(days=20 + 30 * n),
                title="Team learning session",
                hours=Decimal("1.5"),
                learning="Shared practice on a neglect case.",
            )
        )
        counts["goals"] += 1
        counts["cpd_entries"] += 1
    plan = _saved(LearningPlan(worker=supervisor))
    _saved(
        LearningGoal(
            plan=plan,
            title="Run a monthly group supervision for the team",
            actions="Agree the model with my manager.\nBook the room.",
            target_on=today + timedelta(days=75),
            created_by=supervisor.user,
        )
    )
    _saved(
        CpdEntry(
            worker=supervisor,
            date=today - timedelta(days=100),
            title="Practice supervisor development programme, module 2",
            hours=Decimal("7"),
            learning="Emotionally intelligent supervision; the six-step model.",
            created_by=supervisor.user,
        )
    )
    counts["goals"] += 1
    counts["cpd_entries"] += 1
    return counts
