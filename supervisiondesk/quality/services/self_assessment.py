"""A supervisor's self-assessment of the balance of functions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from supervisiondesk.people.models import StaffMember
from supervisiondesk.policies.selectors import policy_timeline
from supervisiondesk.quality.models import SelfAssessment
from supervisiondesk.quality.services.common import NotAllowed
from supervisiondesk.supervision.services.common import organisation_today, staff_of_user


def policy_functions(*, supervisor: StaffMember, on: date) -> tuple[str, ...]:
    """The functions of supervision of the policy in force on `on`."""
    return policy_timeline(organisation=supervisor.organisation).at(on).functions


@transaction.atomic
def self_assessment_add(
    *,
    supervisor: StaffMember,
    period_start: date,
    period_end: date,
    shares: Mapping[str, int],
    reflection: str,
    by: AbstractBaseUser,
) -> SelfAssessment:
    """A supervisor says how their supervision was shared between the
    policy's functions over a past period (whole percentages adding up to
    100) and reflects on it."""
    if staff_of_user(by, supervisor.organisation).pk != supervisor.pk:
        raise NotAllowed(_("A self-assessment is written by the supervisor themselves."))
    if period_end < period_start:
        raise NotAllowed(_("The period ends before it starts."))
    if period_end > organisation_today(supervisor.organisation):
        raise NotAllowed(_("Assess a period that has ended (or ends today)."))
    functions = policy_functions(supervisor=supervisor, on=period_end)
    if set(shares) != set(functions):
        raise NotAllowed(_("Give a share to each function of the policy."))
    if not reflection.strip():
        raise NotAllowed(_("Write your reflection."))
    assessment = SelfAssessment(
        supervisor=supervisor,
        period_start=period_start,
        period_end=period_end,
        shares={function: int(shares[function]) for function in functions},
        reflection=reflection.strip(),
        created_by=by,
    )
    assessment.full_clean()
    assessment.save()
    return assessment
