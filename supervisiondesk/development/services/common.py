"""What the development services share: their refusal and the checks on a
supervision session a record is linked to."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from supervisiondesk.people.models import StaffMember
from supervisiondesk.privacy.rules import viewer_of
from supervisiondesk.supervision.choices import SessionStatus
from supervisiondesk.supervision.models import SessionAttendee, SupervisionSession
from supervisiondesk.supervision.services.common import NotAllowed as RecordRuleBroken
from supervisiondesk.supervision.services.common import organisation_today


class NotAllowed(RecordRuleBroken):
    """A development rule refused the write; the message says which (pages
    show it beside the form)."""


def staff_of(by: AbstractBaseUser) -> StaffMember:
    staff = viewer_of(by).staff
    if staff is None:
        raise NotAllowed(_("Only staff of an organisation can do this."))
    return staff


def not_after_today(day: date, *, worker: StaffMember, field: str) -> None:
    if day > organisation_today(worker.organisation):
        raise NotAllowed({field: _("This date is in the future.")})


def check_linked_session(
    session: SupervisionSession, *, worker: StaffMember, by: AbstractBaseUser
) -> None:
    """A development record links to a supervision session where it was
    discussed: one the worker attended, held or planned (not cancelled or
    postponed), not in the future, and of which `by` is a party."""
    if session.organisation_id != worker.organisation_id:
        raise NotAllowed({"session": _("Choose a session of this organisation.")})
    if session.status not in (SessionStatus.HELD, SessionStatus.PLANNED):
        raise NotAllowed({"session": _("The session was cancelled or postponed.")})
    if session.date > organisation_today(worker.organisation):
        raise NotAllowed({"session": _("The session has not happened yet.")})
    attendees = set(
        SessionAttendee.objects.filter(session=session).values_list("staff_id", flat=True)
    )
    if worker.pk not in attendees:
        raise NotAllowed({"session": _("The worker did not attend this session.")})
    staff = staff_of(by)
    if staff.pk != session.supervisor_id and staff.pk not in attendees:
        raise NotAllowed({"session": _("Only the session's people link a record to it.")})


def is_session_supervisor(session: SupervisionSession | None, by: AbstractBaseUser) -> bool:
    staff = viewer_of(by).staff
    return session is not None and staff is not None and session.supervisor_id == staff.pk
