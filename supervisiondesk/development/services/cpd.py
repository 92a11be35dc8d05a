"""The CPD log: entries by the worker, or by a supervisor (often from a
supervision discussion)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from supervisiondesk.development.models import CpdEntry
from supervisiondesk.development.services.common import (
    NotAllowed,
    check_linked_session,
    is_session_supervisor,
    not_after_today,
)
from supervisiondesk.people.models import StaffMember
from supervisiondesk.privacy import development_rules as rules
from supervisiondesk.supervision.models import SupervisionSession


def may_add_cpd(
    by: AbstractBaseUser, worker: StaffMember, session: SupervisionSession | None = None
) -> bool:
    """The worker and their supervisors; from a session, also the one who
    led it (a group's facilitator for its members)."""
    return rules.may_write_cpd_log(by, worker) or is_session_supervisor(session, by)


@transaction.atomic
def cpd_entry_add(
    *,
    worker: StaffMember,
    date: date,
    title: str,
    hours: Decimal,
    learning: str,
    practice_change: str = "",
    evidence: str = "",
    session: SupervisionSession | None = None,
    by: AbstractBaseUser,
) -> CpdEntry:
    if not may_add_cpd(by, worker, session):
        raise NotAllowed(_("A CPD log is written by the worker and their supervisors."))
    if session is not None:
        check_linked_session(session, worker=worker, by=by)
    not_after_today(date, worker=worker, field="date")
    entry = CpdEntry(
        worker=worker,
        date=date,
        title=title.strip(),
        hours=hours,
        learning=learning.strip(),
        practice_change=practice_change.strip(),
        evidence=evidence.strip(),
        session=session,
        created_by=by,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def cpd_entry_change(
    *,
    entry: CpdEntry,
    date: date,
    title: str,
    hours: Decimal,
    learning: str,
    practice_change: str,
    evidence: str,
    by: AbstractBaseUser,
) -> CpdEntry:
    if not rules.may_write_cpd_log(by, entry.worker):
        raise NotAllowed(_("A CPD log is written by the worker and their supervisors."))
    not_after_today(date, worker=entry.worker, field="date")
    entry.date, entry.title, entry.hours = date, title.strip(), hours
    entry.learning, entry.practice_change = learning.strip(), practice_change.strip()
    entry.evidence = evidence.strip()
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def cpd_entry_remove(*, entry: CpdEntry, by: AbstractBaseUser) -> None:
    """An entry made in error: the worker removes it (it is their log)."""
    if rules.Part.SELF not in rules.parts_of(by, entry.worker):
        raise NotAllowed(_("Only the worker removes an entry from their CPD log."))
    entry.delete()
