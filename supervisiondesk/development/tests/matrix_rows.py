"""The development app's rows of the authorization matrix
(supervisiondesk/tests/test_authorization_matrix.py), and `build`, which adds
its records to the matrix scenario as `scenario.extra["development"]`.

On each side the supervisee (practitioner, colleague, stranger) has a
learning plan with a goal, a wellbeing plan (holding WELLBEING_MARKER), a
CPD log entry, a competency self-assessment and an observation of their
practice by their supervisor. How the world's logins stand to each worker
(privacy/development_rules.py):

- practitioner ("mine"): supervisor supervises them; manager line-manages
  supervisor (their line manager); senior is senior manager of the service;
- colleague ("other_team"): senior is senior manager of the service; the
  director's need-to-know access names them;
- stranger ("other_org"): stranger_boss supervises them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse

from supervisiondesk.development.models import (
    AreaRating,
    CompetencyAssessment,
    CpdEntry,
    Framework,
    LearningGoal,
    LearningPlan,
    PracticeObservation,
    WellbeingPlan,
)
from supervisiondesk.development.services import presets_ensure
from supervisiondesk.supervision.services.common import organisation_today
from supervisiondesk.tests.matrix_scenario import SIDES, Scenario
from supervisiondesk.tests.test_authorization_matrix import PAGE, WITH_STAFF, only

WELLBEING_MARKER = "WELLBEING-MARKER"
PRESET = "kss-child-family-practitioners"


@dataclass
class SideRecords:
    goal: LearningGoal
    wellbeing: WellbeingPlan
    cpd: CpdEntry
    assessment: CompetencyAssessment
    observation: PracticeObservation


def _records(side) -> SideRecords:
    """Written straight to the models: the other sides' people have no
    logins to write them with (the services are tested in test_services)."""
    worker, supervisor = side.supervisee, side.supervisor
    today = organisation_today(worker.organisation)
    plan = LearningPlan.objects.create(worker=worker)
    goal = LearningGoal.objects.create(
        plan=plan, title="Use genograms with every family", target_on=today + timedelta(days=90)
    )
    wellbeing = WellbeingPlan.objects.create(
        worker=worker,
        what_helps=f"{WELLBEING_MARKER}: a walk at lunchtime ({worker.name}).",
        review_on=today + timedelta(days=60),
    )
    cpd = CpdEntry.objects.create(
        worker=worker,
        date=today,
        title="Court skills workshop",
        hours=Decimal("3"),
        learning="How to write a statement.",
    )
    framework = Framework.objects.get(organisation=None, key=PRESET)
    assessment = CompetencyAssessment.objects.create(
        worker=worker,
        framework=framework,
        assessed_on=today,
        reassess_on=today + timedelta(days=180),
    )
    AreaRating.objects.bulk_create(
        AreaRating(assessment=assessment, area=area, rating=2) for area in framework.areas.all()
    )
    observation = PracticeObservation.objects.create(
        worker=worker,
        observer=supervisor,
        observed_on=today,
        setting="A home visit",
        went_well="Warm and clear with the children.",
        to_develop="Say the worry to the parents plainly.",
    )
    return SideRecords(goal, wellbeing, cpd, assessment, observation)


def build(scenario: Scenario) -> None:
    presets_ensure()  # the matrix's database may have been flushed before
    scenario.extra["development"] = {side: _records(scenario.side(side)) for side in SIDES}


def records(scenario: Scenario, side: str) -> SideRecords:
    return scenario.extra["development"][side]


# ---------------------------------------------------------------- URL builders


def worker_pages() -> dict:
    """The page of each side's supervisee (the worker)."""

    def build(side: str):
        return lambda name, s: reverse(name, args=[s.side(side).supervisee.pk])

    return {side: build(side) for side in SIDES}


def record_pages(attr: str) -> dict:
    def build(side: str):
        return lambda name, s: reverse(name, args=[getattr(records(s, side), attr).pk])

    return {side: build(side) for side in SIDES}


def with_query(**query) -> dict:
    """The bare page, and naming each side's worker or session."""

    def build(side: str, key: str, attr: str):
        def url(name, s):
            target = getattr(s.side(side), attr)
            return f"{reverse(name)}?{key}={target.pk}"

        return url

    pages = {"-": PAGE["-"]}
    for key, attr in query.items():
        pages |= {f"{key}:{side}": build(side, key, attr) for side in SIDES}
    return pages


def framework_chosen() -> dict:
    def url(name, s):
        return f"{reverse(name)}?framework={Framework.objects.get(key=PRESET).pk}"

    return {"-": PAGE["-"], "preset": url}


# ---------------------------------------------------------------- who

# Any record of the worker (their development page), the learning plan and
# the CPD log: the worker, their supervisors, whoever oversees their
# supervision (line manager, senior manager of the service, a director
# under need to know).
OVERSEEN = {
    "mine": only("practitioner", "supervisor", "manager", "senior"),
    "other_team": only("senior", "director"),
    "other_org": only("stranger_boss"),
}
# Writing the learning plan or the CPD log; reading and writing the
# wellbeing plan: the worker and their current supervisors only.
PAIR = {
    "mine": only("practitioner", "supervisor"),
    "other_team": only(),
    "other_org": only("stranger_boss"),
}
# The competency self-assessment: the worker, their supervisors, their
# line manager.
WITH_LINE_MANAGER = {
    "mine": only("practitioner", "supervisor", "manager"),
    "other_team": only(),
    "other_org": only("stranger_boss"),
}
# The observation (by each side's supervisor): the worker, the observer,
# the worker's supervisors and line manager.
OBSERVATION_READERS = WITH_LINE_MANAGER
OBSERVER = {"mine": only("supervisor"), "other_team": only(), "other_org": only("stranger_boss")}
WORKER = {"mine": only("practitioner"), "other_team": only(), "other_org": only()}
# A session's parties (cpd_new?session=).
SESSION_PARTIES = PAIR

ROWS: dict[str, dict] = {
    # ------------------------------------------------------------ development
    # Everyone with a staff record has their own development; the people
    # list is empty for those who follow nobody.
    "development:mine": {"expect": only(*WITH_STAFF)},
    "development:people": {"expect": only(*WITH_STAFF)},
    "development:person": {"urls": worker_pages(), "expect": OVERSEEN},
    # GET its readers; POST (a new goal; an empty form comes back with its
    # errors) its writers.
    "development:plan": {"urls": worker_pages(), "expect": OVERSEEN, "post": {"expect": PAIR}},
    "development:goal": {"urls": record_pages("goal"), "expect": PAIR, "post": {"expect": PAIR}},
    "development:goal_review": {"method": "POST", "urls": record_pages("goal"), "expect": PAIR},
    # Private: the worker and their current supervisors, both ways; never
    # the managers, the director under need to know, auditors, admins.
    "development:wellbeing": {
        "urls": worker_pages(),
        "expect": PAIR,
        "post": {"expect": PAIR},
    },
    "development:cpd": {"urls": worker_pages(), "expect": OVERSEEN},
    # Bare: one's own log. ?worker=: a log the user writes. ?session=: the
    # session's people (supervision.access.session_for, edit). An empty
    # form comes back with its errors.
    "development:cpd_new": {
        "urls": with_query(worker="supervisee", session="session"),
        "expect": {
            "-": only(*WITH_STAFF),
            **{f"worker:{side}": PAIR[side] for side in SIDES},
            **{f"session:{side}": SESSION_PARTIES[side] for side in SIDES},
        },
        "post": {
            "expect": {
                "-": only(*WITH_STAFF),
                **{f"worker:{side}": PAIR[side] for side in SIDES},
                **{f"session:{side}": SESSION_PARTIES[side] for side in SIDES},
            }
        },
    },
    "development:cpd_entry": {
        "urls": record_pages("cpd"),
        "expect": PAIR,
        "post": {"expect": PAIR},
    },
    # One's own self-assessment: choose a framework, then the form (an
    # empty one comes back with its errors).
    "development:assessment_new": {
        "urls": framework_chosen(),
        "expect": {"-": only(*WITH_STAFF), "preset": only(*WITH_STAFF)},
        "post": {"expect": {"-": only(*WITH_STAFF), "preset": only(*WITH_STAFF)}},
    },
    "development:assessment": {"urls": record_pages("assessment"), "expect": WITH_LINE_MANAGER},
    # Bare: anyone with a staff record. ?worker=: colleagues in the teams of
    # the user's services and their supervisees (practitioner: everyone of
    # the north team; colleague: the south team is in the same service;
    # stranger: nobody of this organisation), never oneself.
    "development:observation_new": {
        "urls": with_query(worker="supervisee"),
        "expect": {
            "-": only(*WITH_STAFF),
            "worker:mine": only("supervisor", "manager", "senior", "director", "auditor", "admin"),
            "worker:other_team": only(
                "practitioner", "supervisor", "manager", "senior", "director", "auditor", "admin"
            ),
            "worker:other_org": only("stranger_boss"),
        },
        "post": {
            "expect": {
                "-": only(*WITH_STAFF),
                "worker:mine": only(
                    "supervisor", "manager", "senior", "director", "auditor", "admin"
                ),
                "worker:other_team": only(
                    "practitioner",
                    "supervisor",
                    "manager",
                    "senior",
                    "director",
                    "auditor",
                    "admin",
                ),
                "worker:other_org": only("stranger_boss"),
            }
        },
    },
    # GET its readers; POST (the reflection; empty: the form again) the
    # worker only (the other sides' workers have no login).
    "development:observation": {
        "urls": record_pages("observation"),
        "expect": OBSERVATION_READERS,
        "post": {"expect": WORKER},
    },
    "development:observation_edit": {
        "urls": record_pages("observation"),
        "expect": OBSERVER,
        "post": {"expect": OBSERVER},
    },
}
