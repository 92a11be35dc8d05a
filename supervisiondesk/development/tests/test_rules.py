"""Who reads and writes each development record of the practitioner, as a
role matrix over the permission world: the worker, their supervisor, another
team's supervisor, the supervisor's line manager, the service's senior
manager, a director without and with need to know, an auditor, an
administrator (with and without a staff record) and the other
organisation's senior manager."""

from __future__ import annotations

from datetime import timedelta

import pytest

from supervisiondesk.development.tests.helpers import (
    WHO,
    login,
    practitioner_records,
    today_of,
)
from supervisiondesk.people.models import SupervisoryRelationship
from supervisiondesk.people.services import relationship_add
from supervisiondesk.privacy import development_rules as rules
from supervisiondesk.privacy.development_rules import Part

pytestmark = pytest.mark.django_db

# who -> what they may do with the practitioner's records:
# plan, competency, wellbeing, CPD: "rw", "r" or ""; observation: "r", "re"
# (read, edit: the observer), "rf" (read, reflect: the worker) or "".
MATRIX = {
    #                   plan   kss   wellbeing cpd  observation
    "practitioner": ("rw", "rw", "rw", "rw", "rf"),
    "supervisor": ("rw", "r", "rw", "rw", "re"),
    "other_supervisor": ("", "", "", "", ""),
    "manager": ("r", "r", "", "r", "r"),
    "senior": ("r", "", "", "r", ""),
    "director": ("", "", "", "", ""),
    "director_ntk": ("r", "", "", "r", ""),
    "auditor": ("", "", "", "", ""),
    "admin": ("", "", "", "", ""),
    "config_only": ("", "", "", "", ""),
    "stranger_boss": ("", "", "", "", ""),
}
PARTS = {
    "practitioner": {Part.SELF},
    "supervisor": {Part.SUPERVISOR},
    "manager": {Part.LINE_MANAGER},
    "senior": {Part.SENIOR_MANAGER},
    "director_ntk": {Part.NEED_TO_KNOW},
}


def test_the_matrix_names_every_login() -> None:
    assert set(MATRIX) == set(WHO)


@pytest.mark.parametrize("who", WHO)
def test_who_reads_and_writes_the_practitioners_development(world, who: str) -> None:
    records = practitioner_records(world)
    user = login(world, who)
    worker = world.staff["practitioner"]
    plan, kss, wellbeing, cpd, observation = MATRIX[who]

    assert rules.parts_of(user, worker) == PARTS.get(who, set())

    assert rules.may_read_learning_plan(user, worker) is ("r" in plan)
    assert rules.may_write_learning_plan(user, worker) is ("w" in plan)
    assert rules.visible_learning_plans(user).filter(worker=worker).exists() is ("r" in plan)
    assert rules.editable_learning_plans(user).filter(worker=worker).exists() is ("w" in plan)

    assert rules.may_read_competency(user, worker) is ("r" in kss)
    assert rules.may_assess(user, worker) is ("w" in kss)
    assessments = rules.visible_competency_assessments(user)
    assert assessments.filter(pk=records.assessment.pk).exists() is ("r" in kss)

    assert rules.may_read_wellbeing_plan(user, worker) is ("r" in wellbeing)
    assert rules.may_write_wellbeing_plan(user, worker) is ("w" in wellbeing)
    plans = rules.visible_wellbeing_plans(user)
    assert plans.filter(pk=records.wellbeing.pk).exists() is ("r" in wellbeing)

    assert rules.may_read_cpd_log(user, worker) is ("r" in cpd)
    assert rules.may_write_cpd_log(user, worker) is ("w" in cpd)
    assert rules.visible_cpd_entries(user).filter(pk=records.cpd.pk).exists() is ("r" in cpd)
    assert rules.editable_cpd_entries(user).filter(pk=records.cpd.pk).exists() is ("w" in cpd)

    pk = records.observation.pk
    assert rules.visible_observations(user).filter(pk=pk).exists() is ("r" in observation)
    assert rules.editable_observations(user).filter(pk=pk).exists() is ("e" in observation)
    assert rules.reflectable_observations(user).filter(pk=pk).exists() is ("f" in observation)

    readers = rules.development_workers(user)
    assert readers.filter(pk=worker.pk).exists() is ("r" in plan)


def test_a_colleague_the_observer_names_reads_that_observation_only(world) -> None:
    """An observer who is not the worker's supervisor (here the auditor,
    as a practice educator would) reads the observation they made and
    nothing else of the worker's."""
    from supervisiondesk.development import services

    auditor = world.users["auditor"]
    worker = world.staff["practitioner"]
    observation = services.observation_record(
        worker=worker,
        observed_on=today_of(world),
        setting="Conference",
        went_well="Clear.",
        to_develop="Shorter.",
        by=auditor,
    )
    assert rules.visible_observations(auditor).filter(pk=observation.pk).exists()
    assert rules.editable_observations(auditor).filter(pk=observation.pk).exists()
    assert rules.parts_of(auditor, worker) == set()
    assert not rules.development_workers(auditor).filter(pk=worker.pk).exists()


def test_the_wellbeing_plan_follows_the_current_supervisor(world) -> None:
    """A supervisor who hands over stops reading it; the new one starts."""
    records = practitioner_records(world)
    today = today_of(world)
    worker = world.staff["practitioner"]
    SupervisoryRelationship.objects.filter(supervisee=worker).update(
        end_date=today - timedelta(days=1)
    )
    relationship_add(
        supervisee=worker, supervisor=world.staff["manager"], kind="line", start_date=today
    )
    old, new = login(world, "supervisor"), login(world, "manager")
    assert not rules.visible_wellbeing_plans(old).filter(pk=records.wellbeing.pk).exists()
    assert rules.visible_wellbeing_plans(new).filter(pk=records.wellbeing.pk).exists()
    # Senior (who line-managed manager) is now the supervisor's line manager.
    assert Part.LINE_MANAGER in rules.parts_of(login(world, "senior"), worker)


def test_a_professional_supervisor_is_a_supervisor_too(world) -> None:
    worker = world.staff["practitioner"]
    relationship_add(
        supervisee=worker,
        supervisor=world.staff["senior"],
        kind="professional",
        start_date=today_of(world),
    )
    senior = login(world, "senior")
    assert rules.parts_of(senior, worker) == {Part.SUPERVISOR, Part.SENIOR_MANAGER}
    assert rules.may_read_wellbeing_plan(senior, worker)
