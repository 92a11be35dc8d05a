"""The development services: what each writes, and what each refuses."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from supervisiondesk.development import services
from supervisiondesk.development.frameworks import CHILD_AND_FAMILY, PRACTICE_SUPERVISORS, PRESETS
from supervisiondesk.development.models import (
    AreaRating,
    CompetencyAssessment,
    CpdEntry,
    Framework,
    FrameworkArea,
    GoalReview,
    LearningGoal,
    LearningPlan,
    PracticeObservation,
    WellbeingPlan,
)
from supervisiondesk.development.tests.helpers import (
    all_ratings,
    login,
    practitioner_records,
    preset,
    today_of,
)
from supervisiondesk.supervision.models import SupervisionSession
from supervisiondesk.supervision.services.common import EditConflict
from supervisiondesk.supervision.tests.test_case_record import make_session

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- frameworks


def test_the_presets_are_the_two_knowledge_and_skills_statements() -> None:
    services.presets_ensure()
    services.presets_ensure()  # twice: nothing doubles
    assert Framework.objects.filter(organisation=None).count() == len(PRESETS) == 2
    child = Framework.objects.get(key=CHILD_AND_FAMILY.key)
    supervisors = Framework.objects.get(key=PRACTICE_SUPERVISORS.key)
    assert child.areas.count() == 10 and supervisors.areas.count() == 8
    assert child.areas.get(number=1).title == "Relationships and effective direct work"
    assert child.areas.get(number=9).title == "The role of supervision"
    assert supervisors.areas.get(number=7).title == "Emotionally intelligent practice supervision"
    assert "2014" in child.source and "2018" in child.source
    assert "2015" in supervisors.source and "2018" in supervisors.source


def test_an_organisation_assesses_against_its_own_framework_and_not_anothers(world) -> None:
    today = today_of(world)
    own = Framework.objects.create(organisation=world.organisation, key="own", title="Ours")
    FrameworkArea.objects.create(framework=own, number=1, title="Curiosity")
    other = Framework.objects.create(
        organisation=world.other_organisation, key="theirs", title="Theirs"
    )
    FrameworkArea.objects.create(framework=other, number=1, title="Theirs")
    retired = Framework.objects.create(
        organisation=world.organisation, key="old", title="Old", active=False
    )
    practitioner = world.staff["practitioner"]
    offered = set(services.frameworks_for(practitioner).values_list("key", flat=True))
    assert offered == {"own", CHILD_AND_FAMILY.key, PRACTICE_SUPERVISORS.key}
    services.competency_assessment_add(
        worker=practitioner,
        framework=own,
        assessed_on=today,
        reassess_on=today + timedelta(days=90),
        ratings=all_ratings(own, 3),
        by=world.users["practitioner"],
    )
    for framework in (other, retired):
        with pytest.raises(ValidationError, match="not offered"):
            services.competency_assessment_add(
                worker=practitioner,
                framework=framework,
                assessed_on=today,
                reassess_on=today + timedelta(days=90),
                ratings=all_ratings(framework, 3),
                by=world.users["practitioner"],
            )


# ---------------------------------------------------------------- competency


def _assess(world, **change):
    today = today_of(world)
    framework = change.pop("framework", None) or preset()
    kwargs = {
        "worker": world.staff["practitioner"],
        "framework": framework,
        "assessed_on": today,
        "reassess_on": today + timedelta(days=180),
        "ratings": all_ratings(framework),
        "by": world.users["practitioner"],
    } | change
    return services.competency_assessment_add(**kwargs)


def test_a_self_assessment_rates_every_area(world) -> None:
    assessment = _assess(world, reflection="  Better at analysis.  ")
    assert assessment.ratings.count() == 10
    assert assessment.reflection == "Better at analysis."
    assert set(assessment.ratings.values_list("rating", flat=True)) == {2}


@pytest.mark.parametrize(
    "change,message",
    [
        ("by_supervisor", "worker themselves"),
        ("one_area_missing", "every area"),
        ("off_the_scale", "from 1 to 4"),
        ("future", "in the future"),
        ("reassess_before", "after the assessment"),
    ],
)
def test_a_self_assessment_is_refused(world, change: str, message: str) -> None:
    framework = preset()
    ratings = all_ratings(framework)
    today = today_of(world)
    changes = {
        "by_supervisor": {"by": world.users["supervisor"]},
        "one_area_missing": {"ratings": dict(list(ratings.items())[1:])},
        "off_the_scale": {"ratings": {pk: (5, "") for pk in ratings}},
        "future": {"assessed_on": today + timedelta(days=1)},
        "reassess_before": {"reassess_on": today},
    }
    with pytest.raises(ValidationError, match=message):
        _assess(world, **changes[change])
    assert not CompetencyAssessment.objects.exists()
    assert not AreaRating.objects.exists()


# ---------------------------------------------------------------- learning plan


def test_a_goal_makes_the_plan_and_is_changed_and_completed(world) -> None:
    today = today_of(world)
    worker = world.staff["practitioner"]
    goal = services.learning_goal_add(
        worker=worker,
        title=" Court skills ",
        actions="Observe a hearing.",
        target_on=today + timedelta(days=30),
        by=world.users["practitioner"],
    )
    assert LearningPlan.objects.get(worker=worker).goals.get() == goal
    assert goal.title == "Court skills"
    services.learning_goal_change(
        goal=goal,
        title="Court skills",
        actions="Observe a hearing.\nWrite a statement.",
        target_on=today + timedelta(days=60),
        completed_on=today,
        by=world.users["supervisor"],
    )
    goal.refresh_from_db()
    assert goal.completed_on == today and "statement" in goal.actions
    with pytest.raises(ValidationError, match="future"):
        services.learning_goal_change(
            goal=goal,
            title="Court skills",
            actions="",
            target_on=today,
            completed_on=today + timedelta(days=1),
            by=world.users["practitioner"],
        )


@pytest.mark.parametrize("who", ["manager", "senior", "director", "auditor", "stranger_boss"])
def test_only_the_worker_and_their_supervisors_write_the_plan(world, who: str) -> None:
    with pytest.raises(ValidationError, match="worker and their supervisors"):
        services.learning_goal_add(
            worker=world.staff["practitioner"],
            title="Anything",
            actions="",
            target_on=today_of(world),
            by=login(world, who),
        )
    assert not LearningGoal.objects.exists() and not LearningPlan.objects.exists()


def test_a_review_in_supervision_links_the_session_and_takes_its_date(world) -> None:
    records = practitioner_records(world)
    today = today_of(world)
    s = world.staff
    session = make_session(
        supervisor=s["supervisor"], attendees=[s["practitioner"]], day=today - timedelta(days=3)
    )
    review = services.goal_review_add(
        goal=records.goal,
        reviewed_on=today,
        notes="Two genograms done.",
        session=session,
        by=world.users["supervisor"],
    )
    assert review.session == session and review.reviewed_on == session.date
    # Not in supervision: the date given.
    other = services.goal_review_add(
        goal=records.goal, reviewed_on=today, notes="On my own.", by=world.users["practitioner"]
    )
    assert other.session is None and other.reviewed_on == today
    # The session page is not touched; a purged session leaves the review.
    SupervisionSession.objects.filter(pk=session.pk).delete()
    review.refresh_from_db()
    assert review.session is None


@pytest.mark.parametrize(
    "case,message",
    [
        ("cancelled", "cancelled or postponed"),
        ("future", "not happened yet"),
        ("not_attended", "did not attend"),
        ("not_a_party", "session's people"),
        ("other_org", "this organisation"),
    ],
)
def test_a_review_is_not_linked_to_any_session(world, case: str, message: str) -> None:
    records = practitioner_records(world)
    today = today_of(world)
    s = world.staff
    by = world.users["supervisor"]
    sessions = {
        "cancelled": lambda: make_session(
            supervisor=s["supervisor"],
            attendees=[s["practitioner"]],
            day=today,
            status="cancelled",
        ),
        "future": lambda: make_session(
            supervisor=s["supervisor"],
            attendees=[s["practitioner"]],
            day=today + timedelta(days=2),
            status="planned",
        ),
        "not_attended": lambda: make_session(
            supervisor=s["supervisor"], attendees=[s["colleague"]], day=today
        ),
        # The practitioner's session with someone else: the supervisor is
        # not one of its people.
        "not_a_party": lambda: make_session(
            supervisor=s["manager"], attendees=[s["practitioner"]], day=today
        ),
        "other_org": lambda: (
            SupervisionSession.objects.exclude(organisation=world.organisation).first()
            or make_session(
                supervisor=world.other_organisation.staff.get(staff_id="boss"),
                attendees=[world.other_organisation.staff.get(staff_id="stranger")],
                day=today,
            )
        ),
    }
    with pytest.raises(ValidationError, match=message):
        services.goal_review_add(
            goal=records.goal, reviewed_on=today, notes="x", session=sessions[case](), by=by
        )
    assert not GoalReview.objects.exists()


# ---------------------------------------------------------------- wellbeing


def _wellbeing(world, who: str, version: int, text: str):
    return services.wellbeing_plan_save(
        worker=world.staff["practitioner"],
        expected_version=version,
        what_helps=text,
        early_signs="Short with people.",
        organisation_can_do="",
        agreed_support="",
        review_on=None,
        by=login(world, who),
    )


def test_the_worker_and_the_supervisor_write_the_wellbeing_plan_in_turn(world) -> None:
    plan = _wellbeing(world, "practitioner", 0, "Walks.")
    assert plan.version == 1
    plan = _wellbeing(world, "supervisor", 1, "Walks and a quiet room.")
    assert plan.version == 2
    # The worker's form was opened at version 1: refused, nothing lost.
    with pytest.raises(EditConflict):
        _wellbeing(world, "practitioner", 1, "Only walks.")
    assert WellbeingPlan.objects.get().what_helps == "Walks and a quiet room."
    # A second first version (both opened the empty plan) is refused too.
    with pytest.raises(EditConflict):
        _wellbeing(world, "practitioner", 0, "Mine.")


@pytest.mark.parametrize(
    "who", ["manager", "senior", "director", "director_ntk", "auditor", "admin", "stranger_boss"]
)
def test_nobody_else_writes_the_wellbeing_plan(world, who: str) -> None:
    with pytest.raises(ValidationError, match="worker and their supervisors only"):
        _wellbeing(world, who, 0, "Not mine to write.")
    assert not WellbeingPlan.objects.exists()


# ---------------------------------------------------------------- CPD


def _cpd(world, who: str, **change):
    kwargs = {
        "worker": world.staff["practitioner"],
        "date": today_of(world),
        "title": "Reading",
        "hours": Decimal("1.5"),
        "learning": "Something.",
        "by": login(world, who),
    } | change
    return services.cpd_entry_add(**kwargs)


def test_a_supervisor_adds_to_the_log_from_a_session(world) -> None:
    s = world.staff
    session = make_session(
        supervisor=s["supervisor"], attendees=[s["practitioner"]], day=today_of(world)
    )
    entry = _cpd(world, "supervisor", session=session)
    assert entry.session == session and entry.created_by == world.users["supervisor"]


def test_a_groups_facilitator_adds_to_a_members_log_from_the_group_session(world) -> None:
    """The colleague is not the supervisor's supervisee, but attended the
    group session the supervisor led."""
    s = world.staff
    session = make_session(
        supervisor=s["supervisor"],
        attendees=[s["practitioner"], s["colleague"]],
        day=today_of(world),
        kind="group",
    )
    entry = _cpd(world, "supervisor", worker=s["colleague"], session=session)
    assert entry.worker == s["colleague"]
    with pytest.raises(ValidationError, match="worker and their supervisors"):
        _cpd(world, "supervisor", worker=s["colleague"])  # not from the session


@pytest.mark.parametrize(
    "who,change,message",
    [
        ("manager", {}, "worker and their supervisors"),
        ("director_ntk", {}, "worker and their supervisors"),
        ("practitioner", {"hours": Decimal("0")}, "hours"),
        ("practitioner", {"date": "tomorrow"}, "future"),
        ("practitioner", {"title": ""}, "title"),
    ],
)
def test_a_cpd_entry_is_refused(world, who, change, message) -> None:
    if change.get("date") == "tomorrow":
        change["date"] = today_of(world) + timedelta(days=1)
    with pytest.raises(ValidationError, match=message):
        _cpd(world, who, **change)
    assert not CpdEntry.objects.exists()


def test_a_cpd_entry_is_changed_by_the_logs_writers_and_removed_by_the_worker(world) -> None:
    entry = _cpd(world, "practitioner")
    services.cpd_entry_change(
        entry=entry,
        date=entry.date,
        title="Reading Munro",
        hours=Decimal("2"),
        learning="Risk.",
        practice_change="Fewer checklists.",
        evidence="Notes in my folder",
        by=world.users["supervisor"],
    )
    entry.refresh_from_db()
    assert entry.title == "Reading Munro" and entry.hours == Decimal("2")
    with pytest.raises(ValidationError, match="Only the worker"):
        services.cpd_entry_remove(entry=entry, by=world.users["supervisor"])
    services.cpd_entry_remove(entry=entry, by=world.users["practitioner"])
    assert not CpdEntry.objects.exists()


# ---------------------------------------------------------------- observations


def test_an_observation_is_the_observers_and_the_reflection_the_workers(world) -> None:
    records = practitioner_records(world)
    observation = records.observation
    assert observation.observer == world.staff["supervisor"]
    services.observation_reflect(
        observation=observation, reflection="Fair.", by=world.users["practitioner"]
    )
    observation.refresh_from_db()
    assert observation.reflection == "Fair." and observation.reflected_at is not None
    for who in ("supervisor", "manager"):
        with pytest.raises(ValidationError, match="worker's own"):
            services.observation_reflect(
                observation=observation, reflection="Mine.", by=world.users[who]
            )
    for who in ("practitioner", "manager"):
        with pytest.raises(ValidationError, match="Only the observer"):
            services.observation_change(
                observation=observation,
                observed_on=observation.observed_on,
                setting="x",
                went_well="x",
                to_develop="x",
                by=world.users[who],
            )


@pytest.mark.parametrize(
    "who,worker,message",
    [
        ("practitioner", "practitioner", "own practice"),
        ("stranger_boss", "practitioner", "own organisation"),
    ],
)
def test_an_observation_is_refused(world, who, worker, message) -> None:
    with pytest.raises(ValidationError, match=message):
        services.observation_record(
            worker=world.staff[worker],
            observed_on=today_of(world),
            setting="Visit",
            went_well="x",
            to_develop="x",
            by=world.users[who],
        )
    assert not PracticeObservation.objects.exists()


def test_an_observation_says_what_went_well_and_what_to_develop(world) -> None:
    with pytest.raises(ValidationError) as refused:
        services.observation_record(
            worker=world.staff["practitioner"],
            observed_on=today_of(world),
            setting=" ",
            went_well="",
            to_develop="",
            by=world.users["supervisor"],
        )
    assert set(refused.value.message_dict) == {"setting", "went_well", "to_develop"}
