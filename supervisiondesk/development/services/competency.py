"""Competency self-assessments against a framework."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from supervisiondesk.development.models import (
    AreaRating,
    CompetencyAssessment,
    Framework,
    Rating,
)
from supervisiondesk.development.services.common import NotAllowed, not_after_today
from supervisiondesk.people.models import StaffMember
from supervisiondesk.privacy import development_rules as rules


def frameworks_for(worker: StaffMember):
    """The frameworks a worker may assess against: the presets and their
    organisation's own, those still offered."""
    from django.db.models import Q

    return Framework.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id=worker.organisation_id), active=True
    )


@transaction.atomic
def competency_assessment_add(
    *,
    worker: StaffMember,
    framework: Framework,
    assessed_on: date,
    reassess_on: date,
    ratings: Mapping[int, tuple[int, str]],
    reflection: str = "",
    by: AbstractBaseUser,
) -> CompetencyAssessment:
    """The worker rates themselves on every area of the framework (area pk
    -> (rating, evidence)) and says when they will assess again."""
    if not rules.may_assess(by, worker):
        raise NotAllowed(_("A self-assessment is written by the worker themselves."))
    if not frameworks_for(worker).filter(pk=framework.pk).exists():
        raise NotAllowed({"framework": _("This framework is not offered.")})
    not_after_today(assessed_on, worker=worker, field="assessed_on")
    areas = list(framework.areas.all())
    if not areas:
        raise NotAllowed({"framework": _("This framework has no areas.")})
    if set(ratings) != {area.pk for area in areas}:
        raise NotAllowed(_("Rate every area of the framework."))
    if any(rating not in Rating.values for rating, _evidence in ratings.values()):
        raise NotAllowed(_("Rate each area from 1 to 4."))
    assessment = CompetencyAssessment(
        worker=worker,
        framework=framework,
        assessed_on=assessed_on,
        reassess_on=reassess_on,
        reflection=reflection.strip(),
        created_by=by,
    )
    assessment.full_clean()
    assessment.save()
    rows = [
        AreaRating(
            assessment=assessment,
            area=area,
            rating=ratings[area.pk][0],
            evidence=ratings[area.pk][1].strip(),
        )
        for area in areas
    ]
    for row in rows:
        row.full_clean()
    AreaRating.objects.bulk_create(rows)
    return assessment
