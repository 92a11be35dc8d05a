"""Feedback from observed practice: the observer records it, the worker
reflects on it."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervisiondesk.development.models import PracticeObservation
from supervisiondesk.development.services.common import NotAllowed, not_after_today, staff_of
from supervisiondesk.people.models import StaffMember


def _check_text(setting: str, went_well: str, to_develop: str) -> None:
    texts = {"setting": setting, "went_well": went_well, "to_develop": to_develop}
    missing = {field: _("Fill this in.") for field, text in texts.items() if not text.strip()}
    if missing:
        raise NotAllowed(missing)


@transaction.atomic
def observation_record(
    *,
    worker: StaffMember,
    observed_on: date,
    setting: str,
    went_well: str,
    to_develop: str,
    by: AbstractBaseUser,
) -> PracticeObservation:
    """The observer (the supervisor, or another colleague such as a
    practice educator) records what they saw, as themselves."""
    observer = staff_of(by)
    if observer.organisation_id != worker.organisation_id:
        raise NotAllowed(_("Observe a colleague of your own organisation."))
    if observer.pk == worker.pk:
        raise NotAllowed({"worker": _("Nobody observes their own practice.")})
    not_after_today(observed_on, worker=worker, field="observed_on")
    _check_text(setting, went_well, to_develop)
    observation = PracticeObservation(
        worker=worker,
        observer=observer,
        observed_on=observed_on,
        setting=setting.strip(),
        went_well=went_well.strip(),
        to_develop=to_develop.strip(),
        created_by=by,
    )
    observation.full_clean()
    observation.save()
    return observation


@transaction.atomic
def observation_change(
    *,
    observation: PracticeObservation,
    observed_on: date,
    setting: str,
    went_well: str,
    to_develop: str,
    by: AbstractBaseUser,
) -> PracticeObservation:
    if staff_of(by).pk != observation.observer_id:
        raise NotAllowed(_("Only the observer changes what they observed."))
    not_after_today(observed_on, worker=observation.worker, field="observed_on")
    _check_text(setting, went_well, to_develop)
    observation.observed_on, observation.setting = observed_on, setting.strip()
    observation.went_well, observation.to_develop = went_well.strip(), to_develop.strip()
    observation.full_clean()
    observation.save()
    return observation


@transaction.atomic
def observation_reflect(
    *, observation: PracticeObservation, reflection: str, by: AbstractBaseUser
) -> PracticeObservation:
    """The worker's reflection, added (or rewritten) afterwards."""
    if staff_of(by).pk != observation.worker_id:
        raise NotAllowed(_("The reflection is the worker's own."))
    if not reflection.strip():
        raise NotAllowed({"reflection": _("Write your reflection.")})
    observation.reflection = reflection.strip()
    observation.reflected_at = timezone.now()
    observation.full_clean()
    observation.save()
    return observation
