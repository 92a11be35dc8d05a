"""Records and logins for the development tests, on the permission world
(people.tests.world)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from supervisiondesk.development import services
from supervisiondesk.development.models import (
    CompetencyAssessment,
    CpdEntry,
    Framework,
    LearningGoal,
    PracticeObservation,
    WellbeingPlan,
)
from supervisiondesk.people.tests.factories import UserFactory
from supervisiondesk.people.tests.world import World
from supervisiondesk.privacy.services import need_to_know_open
from supervisiondesk.supervision.services.common import organisation_today

WELLBEING_TEXT = "WELLBEING-SECRET: a walk at lunchtime."
CHILD_AND_FAMILY = "kss-child-family-practitioners"

# The logins of the role matrix: the world's, plus the other team's
# supervisor (a login made for them) and the director with an open
# need-to-know access naming the practitioner.
WHO = [
    "practitioner",
    "supervisor",
    "other_supervisor",
    "manager",
    "senior",
    "director",
    "director_ntk",
    "auditor",
    "admin",
    "config_only",
    "stranger_boss",
]


def today_of(world: World) -> date:
    return organisation_today(world.organisation)


def login(world: World, who: str):
    """The user standing for `who` (making the extra logins on demand)."""
    if who == "other_supervisor":
        staff = world.staff["other_supervisor"]
        if staff.user is None:
            staff.user = UserFactory(username="other_supervisor", roles=["supervisor"])
            staff.save(update_fields=["user"])
        return staff.user
    if who == "director_ntk":
        director = world.users["director"]
        need_to_know_open(
            user=director,
            organisation=world.organisation,
            reason="conduct",
            details="A complaint about the practitioner's work.",
            staff=world.staff["practitioner"],
        )
        return director
    return world.users[who]


def preset(key: str = CHILD_AND_FAMILY) -> Framework:
    services.presets_ensure()
    return Framework.objects.get(organisation=None, key=key)


@dataclass
class Records:
    goal: LearningGoal
    assessment: CompetencyAssessment
    wellbeing: WellbeingPlan
    cpd: CpdEntry
    observation: PracticeObservation


def all_ratings(framework: Framework, rating: int = 2) -> dict[int, tuple[int, str]]:
    return {area.pk: (rating, f"Evidence {area.number}") for area in framework.areas.all()}


def practitioner_records(world: World) -> Records:
    """One of each record of the practitioner, written through the services
    by the practitioner and their supervisor."""
    today = today_of(world)
    practitioner = world.staff["practitioner"]
    me, supervisor = world.users["practitioner"], world.users["supervisor"]
    goal = services.learning_goal_add(
        worker=practitioner,
        title="Use genograms",
        actions="Try one a week.",
        target_on=today + timedelta(days=60),
        by=supervisor,
    )
    framework = preset()
    assessment = services.competency_assessment_add(
        worker=practitioner,
        framework=framework,
        assessed_on=today,
        reassess_on=today + timedelta(days=180),
        ratings=all_ratings(framework),
        by=me,
    )
    wellbeing = services.wellbeing_plan_save(
        worker=practitioner,
        expected_version=0,
        what_helps=WELLBEING_TEXT,
        early_signs="",
        organisation_can_do="",
        agreed_support="",
        review_on=today + timedelta(days=30),
        by=me,
    )
    cpd = services.cpd_entry_add(
        worker=practitioner,
        date=today,
        title="Court skills",
        hours=Decimal("2.5"),
        learning="Statements.",
        by=me,
    )
    observation = services.observation_record(
        worker=practitioner,
        observed_on=today,
        setting="Home visit",
        went_well="Warm.",
        to_develop="Plain words.",
        by=supervisor,
    )
    return Records(goal, assessment, wellbeing, cpd, observation)
