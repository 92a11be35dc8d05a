"""Writing a case discussion to its Primero case: as a note in
`notes_section`, or as an entry of the subform the connection names, with
the discussion's structure kept (headed parts in the note; one field per
part in the subform).

The entry's `unique_id` is the same on every push of a discussion, so
Primero replaces the entry when a corrected record is pushed again instead
of adding a second one; a push that failed half-way is simply pushed again.
Only what `supervision.case_record` writes for the child's record is sent:
never the session's own sections (wellbeing, personal matters).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from supervisiondesk.integrations.models import (
    DiscussionPush,
    PrimeroCase,
    PrimeroConnection,
    PrimeroWorker,
)
from supervisiondesk.integrations.primero import PrimeroClient, PrimeroError
from supervisiondesk.supervision.case_record import (
    action_line,
    as_plain_text,
    case_record,
    prefetch_for_record,
)
from supervisiondesk.supervision.choices import SessionKind, SessionStatus
from supervisiondesk.supervision.models import CaseDiscussion
from supervisiondesk.supervision.models.records import GROUP_FIELDS, RECORD_FIELDS
from supervisiondesk.supervision.services.common import organisation_today

NOTES = "notes_section"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://supervisiondesk.org/case-discussion")


class PushError(Exception):
    """The discussion could not be written to Primero; the message says why."""


def entry_id(connection: PrimeroConnection, discussion: CaseDiscussion) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{connection.pk}:{discussion.pk}"))


def primero_users(connection: PrimeroConnection) -> dict[int, str]:
    """Staff keys to their Primero user names (the sync's matches)."""
    return dict(
        PrimeroWorker.objects.filter(connection=connection).values_list("staff_id", "user_name")
    )


def discussion_entry(
    connection: PrimeroConnection, discussion: CaseDiscussion, users: dict[int, str]
) -> dict[str, Any]:
    """The entry as Primero will hold it (the discussion prefetched with
    `case_record.prefetch_for_record`; `users` from `primero_users`)."""
    session = discussion.session
    author = users.get(session.supervisor_id) or connection.user_name
    entry: dict[str, Any] = {"unique_id": entry_id(connection, discussion)}
    if not connection.discussion_subform:
        return entry | {
            "note_subject": _("Supervision case discussion, %(date)s")
            % {"date": session.date.isoformat()},
            "note_text": as_plain_text(case_record(discussion)),
            "note_date": session.date.isoformat(),
            "note_created_by": author,
        }
    names = connection.subform_fields or {}
    fields = [*RECORD_FIELDS, *(GROUP_FIELDS if session.kind == SessionKind.GROUP else ())]
    values: dict[str, Any] = {"session_date": session.date.isoformat(), "supervisor": author}
    for name in fields:
        value = getattr(discussion, name)
        if value in (None, ""):
            continue
        values[name] = value.isoformat() if hasattr(value, "isoformat") else value
    actions = [action_line(a) for a in discussion.actions.all()]
    if actions:
        values["actions"] = "\n".join(actions)
    return entry | {str(names.get(key, key)): value for key, value in values.items()}


def _hash(section: str, entry: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps([section, entry], sort_keys=True).encode()).hexdigest()


def case_discussion_push(
    *,
    connection: PrimeroConnection,
    client: PrimeroClient,
    discussion: CaseDiscussion,
    by: AbstractBaseUser | None = None,
    users: dict[int, str] | None = None,
) -> DiscussionPush:
    """Write the discussion to its Primero case; PushError says why not.
    `users`: `primero_users(connection)`, read once for many pushes."""
    try:
        link = discussion.case.primero
    except PrimeroCase.DoesNotExist:
        link = None
    if link is None or link.connection_id != connection.pk:
        raise PushError(_("This case is not linked to a Primero record."))
    section = connection.discussion_subform or NOTES
    entry = discussion_entry(
        connection, discussion, primero_users(connection) if users is None else users
    )
    push, _created = DiscussionPush.objects.get_or_create(
        discussion=discussion, defaults={"entry_id": entry["unique_id"], "content_hash": ""}
    )
    try:
        client.case_update(link.record_id, {section: [entry]})
    except PrimeroError as error:
        push.error = str(error)
        push.save(update_fields=["error"])
        raise PushError(str(error)) from error
    with transaction.atomic():
        push.content_hash = _hash(section, entry)
        push.pushed_at = timezone.now()
        push.pushed_by = by
        push.error = ""
        push.save()
        if discussion.recorded_on is None:
            # Sent to Primero is written to the child's record: the
            # compliance report reads this date for the record's timeliness.
            discussion.recorded_on = organisation_today(connection.organisation)
            discussion.save(update_fields=["recorded_on"])
    return push


def discussions_to_push(connection: PrimeroConnection) -> QuerySet[CaseDiscussion]:
    """Held and signed discussions of the connection's cases (what the sync sends)."""
    return prefetch_for_record(
        CaseDiscussion.objects.filter(
            case__primero__connection=connection,
            session__status=SessionStatus.HELD,
            session__supervisor_signed_on__isnull=False,
        ).order_by("pk")
    ).select_related("primero_push", "case__primero")


def pending_pushes(connection: PrimeroConnection, users: dict[int, str]) -> list[CaseDiscussion]:
    """Those never sent, or changed since they were: what they would send
    now is compared with what was sent (actions and amendments are part of
    the text, and change no date of the discussion)."""
    section = connection.discussion_subform or NOTES
    waiting = []
    for discussion in discussions_to_push(connection):
        sent = getattr(discussion, "primero_push", None)
        entry = discussion_entry(connection, discussion, users)
        if sent is None or sent.content_hash != _hash(section, entry):
            waiting.append(discussion)
    return waiting
