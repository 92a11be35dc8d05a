"""The wellbeing and self-care plan, written by the worker and their
current supervisors."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from supervisiondesk.development.models import WellbeingPlan
from supervisiondesk.development.services.common import NotAllowed
from supervisiondesk.people.models import StaffMember
from supervisiondesk.privacy import development_rules as rules
from supervisiondesk.supervision.services.common import EditConflict, version_bump


@transaction.atomic
def wellbeing_plan_save(
    *,
    worker: StaffMember,
    expected_version: int,
    what_helps: str,
    early_signs: str,
    organisation_can_do: str,
    agreed_support: str,
    review_on: date | None,
    by: AbstractBaseUser,
) -> WellbeingPlan:
    """Write the plan. `expected_version` is the version the form showed
    (0: there was none); a save that started from an older one is refused
    with EditConflict, so the worker and a supervisor never overwrite each
    other unseen."""
    if not rules.may_write_wellbeing_plan(by, worker):
        raise NotAllowed(_("This plan is written by the worker and their supervisors only."))
    plan = WellbeingPlan.objects.filter(worker=worker).first()
    if plan is None:
        if expected_version != 0:
            raise EditConflict()
        plan = WellbeingPlan(worker=worker)
    else:
        plan.version = version_bump(
            model=WellbeingPlan, pk=plan.pk, field="version", expected=expected_version
        )
    plan.what_helps = what_helps.strip()
    plan.early_signs = early_signs.strip()
    plan.organisation_can_do = organisation_can_do.strip()
    plan.agreed_support = agreed_support.strip()
    plan.review_on = review_on
    plan.updated_by = by
    plan.full_clean()
    plan.save()
    return plan
