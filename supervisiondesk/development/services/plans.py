"""Learning plans: goals, their changes and their reviews."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from supervisiondesk.development.models import GoalReview, LearningGoal, LearningPlan
from supervisiondesk.development.services.common import (
    NotAllowed,
    check_linked_session,
    not_after_today,
)
from supervisiondesk.people.models import StaffMember
from supervisiondesk.privacy import development_rules as rules
from supervisiondesk.supervision.models import SupervisionSession


def _check_writer(worker: StaffMember, by: AbstractBaseUser) -> None:
    if not rules.may_write_learning_plan(by, worker):
        raise NotAllowed(_("A learning plan is written by the worker and their supervisors."))


@transaction.atomic
def learning_goal_add(
    *,
    worker: StaffMember,
    title: str,
    actions: str,
    target_on: date,
    by: AbstractBaseUser,
) -> LearningGoal:
    """A goal on the worker's plan (the plan is made with its first goal)."""
    _check_writer(worker, by)
    plan, _created = LearningPlan.objects.get_or_create(worker=worker)
    goal = LearningGoal(
        plan=plan, title=title.strip(), actions=actions.strip(), target_on=target_on, created_by=by
    )
    goal.full_clean()
    goal.save()
    plan.save(update_fields=["updated_at"])
    return goal


@transaction.atomic
def learning_goal_change(
    *,
    goal: LearningGoal,
    title: str,
    actions: str,
    target_on: date,
    completed_on: date | None,
    by: AbstractBaseUser,
) -> LearningGoal:
    """Change a goal, or mark it completed (or open again: no date)."""
    worker = goal.plan.worker
    _check_writer(worker, by)
    if completed_on is not None:
        not_after_today(completed_on, worker=worker, field="completed_on")
    goal.title, goal.actions = title.strip(), actions.strip()
    goal.target_on, goal.completed_on = target_on, completed_on
    goal.full_clean()
    goal.save()
    goal.plan.save(update_fields=["updated_at"])
    return goal


@transaction.atomic
def goal_review_add(
    *,
    goal: LearningGoal,
    reviewed_on: date,
    notes: str,
    session: SupervisionSession | None = None,
    by: AbstractBaseUser,
) -> GoalReview:
    """The notes of a review of a goal; in supervision, linked to the
    session (whose date it then takes)."""
    worker = goal.plan.worker
    _check_writer(worker, by)
    if session is not None:
        check_linked_session(session, worker=worker, by=by)
        reviewed_on = session.date
    not_after_today(reviewed_on, worker=worker, field="reviewed_on")
    if not notes.strip():
        raise NotAllowed({"notes": _("Write what the review found.")})
    review = GoalReview(
        goal=goal, reviewed_on=reviewed_on, notes=notes.strip(), session=session, by=by
    )
    review.full_clean()
    review.save()
    goal.plan.save(update_fields=["updated_at"])
    return review
