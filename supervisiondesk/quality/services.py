"""Writes of the quality app."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from supervisiondesk.accounts.roles import Role, roles_of
from supervisiondesk.people.models import Organisation
from supervisiondesk.quality.models import AuditSample
from supervisiondesk.supervision.models import SupervisionSession


class NotAllowed(Exception):
    pass


def audit_sample_assign(
    *,
    organisation: Organisation,
    auditor: AbstractBaseUser,
    title: str,
    sessions: Iterable[SupervisionSession],
    closes_on: date | None,
    by: AbstractBaseUser,
) -> AuditSample:
    """Give an auditor a sample of one organisation's records to read."""
    if Role.AUDITOR not in roles_of(auditor):
        raise NotAllowed(_("Only an auditor can be given an audit sample."))
    sessions = list(sessions)
    if any(session.organisation_id != organisation.pk for session in sessions):
        raise NotAllowed(_("An audit sample holds records of one organisation only."))
    with transaction.atomic():
        sample = AuditSample(
            organisation=organisation,
            auditor=auditor,
            title=title,
            closes_on=closes_on,
            created_by=by,
        )
        sample.full_clean()
        sample.save()
        sample.sessions.set(sessions)
    return sample
