"""What every supervision service shares: its errors, the organisation's
today, the history of events and optimistic locking."""

from __future__ import annotations

import uuid
from datetime import date
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import Organisation, StaffMember
from supervisiondesk.supervision.models import SessionEvent, SupervisionSession


class NotAllowed(ValidationError):
    """The action breaks a rule of the record (signing as the other party,
    editing a locked record...). The message says which; pages show it."""


class EditConflict(ValidationError):
    """Someone else saved the same record since the form was opened. The
    page shows the message and keeps the text that was not saved."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else saved this record after you opened it, so your "
                "changes were not saved. Your text is kept below: compare it "
                "with the saved version, then save again."
            ),
            code="edit_conflict",
        )


def organisation_today(organisation: Organisation) -> date:
    """Today where the organisation works, whatever the server's zone."""
    return timezone.localtime(timezone.now(), ZoneInfo(organisation.time_zone)).date()


def staff_of_user(user: AbstractBaseUser, organisation: Organisation) -> StaffMember:
    staff = StaffMember.objects.filter(user=user, organisation=organisation).first()
    if staff is None:
        raise NotAllowed(_("Only staff of this organisation can do this."))
    return staff


def event_add(
    *, session: SupervisionSession, kind: str, by: AbstractBaseUser | None, text: str = ""
) -> SessionEvent:
    return SessionEvent.objects.create(session=session, kind=kind, by=by, text=text)


def version_bump(*, model: type[models.Model], pk: int, field: str, expected: int) -> int:
    """Compare-and-set in one UPDATE: the new version, or EditConflict when
    the row's version is no longer `expected` (a concurrent save won)."""
    updated = model.objects.filter(pk=pk, **{field: expected}).update(**{field: F(field) + 1})
    if not updated:
        raise EditConflict()
    return expected + 1


def new_session_id() -> str:
    """An id for a session made in the app, unique without a lookup; folder
    imports keep their own ids (folder_sync)."""
    return f"sd-{uuid.uuid4().hex[:12]}"
