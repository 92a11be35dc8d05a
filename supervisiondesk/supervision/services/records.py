"""Holding and recording a session: the record's sections, case discussions,
actions, sign-off with its request-edits loop, disagreement and amendments.

Sign-off (issue 4 item 8, Tameside 4.4): the supervisor writes the record
and signs it, which shares the copy with the supervisee (`recorded_on` and
`shared_on` keep the first such day, `supervisor_signed_on` the latest);
the supervisee signs, or asks for changes, which takes the supervisor's
signature away and sends the record back; once both have signed the record
is locked and every change is an amendment. Other kinds of session have no
sign-off: the supervisor (or a group's recorder) completes the record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervisiondesk.people.models import Case, StaffMember
from supervisiondesk.policies.selectors import policy_timeline
from supervisiondesk.supervision.choices import (
    ActionStatus,
    AttendeeRole,
    EventKind,
    SessionKind,
    SessionStatus,
)
from supervisiondesk.supervision.models import (
    Action,
    Amendment,
    CaseDiscussion,
    RecordSection,
    SupervisionSession,
)
from supervisiondesk.supervision.models.records import GROUP_FIELDS, RECORD_FIELDS
from supervisiondesk.supervision.services.common import (
    NotAllowed,
    event_add,
    organisation_today,
    staff_of_user,
    version_bump,
)
from supervisiondesk.supervision.services.sessions import (
    actions_bring_forward,
    is_party,
    supervisee_cases,
)

# The fields of a case discussion a party may write.
DISCUSSION_FIELDS = RECORD_FIELDS + GROUP_FIELDS


# The fields that say where a record is in its life; re-read under a row lock
# by every write below, so a save racing a signature sees the signature.
STATE_FIELDS = (
    "status",
    "recorded_on",
    "supervisor_signed_on",
    "supervisee_signed_on",
    "shared_on",
    "record_version",
    "disagreement",
)


def _fresh(session: SupervisionSession) -> SupervisionSession:
    """Lock the session's row for this transaction and bring `session` up
    to date with it. Every write to a record starts here."""
    row = SupervisionSession.objects.select_for_update().only(*STATE_FIELDS).get(pk=session.pk)
    for name in STATE_FIELDS:
        setattr(session, name, getattr(row, name))
    return session


def may_write_record(session: SupervisionSession, staff: StaffMember) -> bool:
    """The supervisor writes the record; in a group, the recorder may too."""
    if session.supervisor_id == staff.pk:
        return True
    return (
        session.kind == SessionKind.GROUP
        and session.attendees.filter(staff=staff, role=AttendeeRole.RECORDER).exists()
    )


def _open_for_writing(session: SupervisionSession) -> None:
    if session.status in (SessionStatus.CANCELLED, SessionStatus.POSTPONED):
        raise NotAllowed(_("This session did not take place: it has no record."))
    if session.is_locked:
        if session.is_formal:
            raise NotAllowed(_("This record is signed and locked: add an amendment instead."))
        raise NotAllowed(_("This record is complete and locked: add an amendment instead."))
    if session.is_formal and session.supervisor_signed_on is not None:
        raise NotAllowed(
            _(
                "The supervisor has signed this record and shared it: the supervisee "
                "may ask for changes, or the supervisor may take the signature back."
            )
        )


def _mark_held(session: SupervisionSession, by: AbstractBaseUser, today: date) -> None:
    if session.status == SessionStatus.HELD:
        return
    if session.date > today:
        raise NotAllowed(_("A session cannot be recorded before its date."))
    session.status = SessionStatus.HELD
    session.save(update_fields=["status"])
    event_add(session=session, kind=EventKind.HELD, by=by)
    actions_bring_forward(session=session)


@transaction.atomic
def record_save(
    *,
    session: SupervisionSession,
    expected_version: int,
    by: AbstractBaseUser,
    sections: Mapping[str, str],
    duration_minutes: int | None,
    functions: Iterable[str] = (),
) -> SupervisionSession:
    """Save the record's text; the first save marks the session held.
    Refused with EditConflict when someone saved since `expected_version`."""
    _fresh(session)
    staff = staff_of_user(by, session.organisation)
    if not may_write_record(session, staff):
        raise NotAllowed(_("The supervisor writes this record."))
    _open_for_writing(session)
    today = organisation_today(session.organisation)
    functions = sorted(set(functions))
    allowed = set(policy_timeline(organisation=session.organisation).at(session.date).functions)
    unknown = [f for f in functions if f not in allowed]
    if unknown:
        raise NotAllowed(
            _("Not a function of supervision in your policy: %(names)s.")
            % {"names": ", ".join(unknown)}
        )
    session.record_version = version_bump(
        model=SupervisionSession, pk=session.pk, field="record_version", expected=expected_version
    )
    _mark_held(session, by, today)
    now = timezone.now()
    changed = []
    for section in session.sections.all():
        if section.key in sections and sections[section.key] != section.text:
            section.text = sections[section.key]
            section.written_by = by
            section.written_at = now
            changed.append(section)
    RecordSection.objects.bulk_update(changed, ["text", "written_by", "written_at"])
    what = [section.title for section in changed]
    if duration_minutes != session.duration_minutes:
        what.append(str(SupervisionSession._meta.get_field("duration_minutes").verbose_name))
    if functions != sorted(session.functions or []):
        what.append(str(SupervisionSession._meta.get_field("functions").verbose_name))
    session.duration_minutes = duration_minutes
    session.functions = functions
    session.full_clean()
    session.save(update_fields=["duration_minutes", "functions"])
    if what:
        event_add(session=session, kind=EventKind.CHANGED, by=by, text=", ".join(what))
    return session


def _labels(names: Iterable[str]) -> str:
    return ", ".join(str(CaseDiscussion._meta.get_field(name).verbose_name) for name in names)


@transaction.atomic
def case_discussion_add(
    *,
    session: SupervisionSession,
    case: Case,
    by: AbstractBaseUser,
    presented_by: StaffMember | None = None,
) -> CaseDiscussion:
    """One discussion per case, for a case allocated to someone in the
    session. Either party may add it: the supervisee drafts beforehand."""
    _fresh(session)
    staff = staff_of_user(by, session.organisation)
    if not is_party(session, staff):
        raise NotAllowed(_("Only the people in a session can add a case to it."))
    _open_for_writing(session)
    today = organisation_today(session.organisation)
    allowed = {c.pk for c in supervisee_cases(session, min(session.date, today))}
    if case.pk not in allowed:
        raise NotAllowed(_("That case is not allocated to anyone in this session."))
    if session.case_discussions.filter(case=case).exists():
        raise NotAllowed(_("This case is already in the record: open its discussion."))
    if presented_by is not None and not is_party(session, presented_by):
        raise NotAllowed(_("The presenter must be in the session."))
    discussion = CaseDiscussion(session=session, case=case, presented_by=presented_by)
    discussion.full_clean()
    discussion.save()
    event_add(
        session=session,
        kind=EventKind.CHANGED,
        by=by,
        text=_("Case %(case)s added") % {"case": case.case_id},
    )
    return discussion


@transaction.atomic
def case_discussion_save(
    *,
    discussion: CaseDiscussion,
    expected_version: int,
    by: AbstractBaseUser,
    **fields: object,
) -> CaseDiscussion:
    """Save a case discussion; each field remembers who wrote it last. The
    supervisee may draft before the supervisor signs; the supervisor writes
    until the record is locked. EditConflict when someone saved meanwhile."""
    _fresh(discussion.session)
    session = discussion.session
    staff = staff_of_user(by, session.organisation)
    if not is_party(session, staff):
        raise NotAllowed(_("Only the people in a session can write its case discussions."))
    _open_for_writing(session)
    unknown = set(fields) - set(DISCUSSION_FIELDS)
    if unknown:
        raise NotAllowed(_("Unknown fields: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    discussion.version = version_bump(
        model=CaseDiscussion, pk=discussion.pk, field="version", expected=expected_version
    )
    # Read after the version check: marking the discussion as written to the
    # child's record (services.cases) records its author here too.
    authors = dict(
        CaseDiscussion.objects.filter(pk=discussion.pk).values_list("authors", flat=True).get()
        or {}
    )
    changed = []
    for name, value in fields.items():
        if value is None and name != "child_last_seen":
            value = ""
        # A blank field is stored empty: the drift signal "no reflection"
        # is counted in SQL on that (reports.selectors._bare).
        if isinstance(value, str) and not value.strip():
            value = ""
        if getattr(discussion, name) != value:
            setattr(discussion, name, value)
            authors[name] = by.pk
            changed.append(name)
    discussion.authors = authors
    discussion.full_clean()
    discussion.save(update_fields=[*fields, "authors"])
    if changed:
        event_add(
            session=session,
            kind=EventKind.CHANGED,
            by=by,
            text=_("Case %(case)s: %(fields)s")
            % {"case": discussion.case.case_id, "fields": _labels(changed)},
        )
    return discussion


@transaction.atomic
def case_discussion_remove(*, discussion: CaseDiscussion, by: AbstractBaseUser) -> None:
    _fresh(discussion.session)
    session = discussion.session
    if staff_of_user(by, session.organisation).pk != session.supervisor_id:
        raise NotAllowed(_("Only the supervisor removes a case from the record."))
    _open_for_writing(session)
    genogram = discussion.genogram.name
    storage = discussion.genogram.storage
    event_add(
        session=session,
        kind=EventKind.CHANGED,
        by=by,
        text=_("Case %(case)s taken out of the record") % {"case": discussion.case.case_id},
    )
    discussion.delete()
    if genogram:
        # A child's genogram must not outlive its record; only once the delete is committed.
        transaction.on_commit(lambda: storage.delete(genogram))


@transaction.atomic
def action_add(
    *,
    session: SupervisionSession,
    description: str,
    owner: StaffMember,
    due_on: date,
    by: AbstractBaseUser,
    case_discussion: CaseDiscussion | None = None,
) -> Action:
    """An action agreed in a session: its owner is someone in it."""
    _fresh(session)
    staff = staff_of_user(by, session.organisation)
    if not is_party(session, staff):
        raise NotAllowed(_("Only the people in a session can agree its actions."))
    _open_for_writing(session)
    if not is_party(session, owner):
        raise NotAllowed(_("The owner must be someone in the session."))
    if due_on < session.date:
        raise NotAllowed(_("An action cannot be due before the session."))
    if case_discussion is not None and case_discussion.session_id != session.pk:
        raise NotAllowed(_("That case discussion belongs to another session."))
    action = Action(
        organisation=session.organisation,
        session=session,
        case_discussion=case_discussion,
        case=case_discussion.case if case_discussion else None,
        description=description.strip(),
        owner=owner,
        due_on=due_on,
        created_by=by,
    )
    action.full_clean()
    action.save()
    event_add(
        session=session,
        kind=EventKind.CHANGED,
        by=by,
        text=_("Action added for %(owner)s, due %(due)s")
        % {"owner": owner.name, "due": due_on.isoformat()},
    )
    return action


@transaction.atomic
def action_update(
    *, action: Action, status: str, by: AbstractBaseUser, delay_reason: str = ""
) -> Action:
    """Done, dropped, or still open with a reason for the delay: by its owner
    or by the people of the session it came from."""
    staff = staff_of_user(by, action.organisation)
    if action.owner_id != staff.pk and not (action.session and is_party(action.session, staff)):
        raise NotAllowed(_("Only the owner or the people of its session update an action."))
    if status not in ActionStatus.values:
        raise NotAllowed(_("Unknown status."))
    today = organisation_today(action.organisation)
    before = Action.objects.filter(pk=action.pk).values_list("status", "delay_reason").first()
    action.status = status
    action.done_on = today if status == ActionStatus.DONE else None
    if delay_reason.strip():
        action.delay_reason = delay_reason.strip()
    if before != (action.status, action.delay_reason):
        action.changed_on = today
    action.full_clean()
    action.save(update_fields=["status", "done_on", "delay_reason", "changed_on"])
    if action.session_id and (before is None or before[0] != status):
        event_add(
            session=action.session,
            kind=EventKind.CHANGED,
            by=by,
            text=_("Action for %(owner)s: %(status)s")
            % {"owner": action.owner.name, "status": action.get_status_display()},
        )
    return action


def _supervisee_or_refuse(session: SupervisionSession, by: AbstractBaseUser) -> StaffMember:
    staff = staff_of_user(by, session.organisation)
    if staff.pk == session.supervisor_id or not session.attendees.filter(staff=staff).exists():
        raise NotAllowed(_("Only the supervisee of this session can do this."))
    return staff


def _supervisor_or_refuse(session: SupervisionSession, by: AbstractBaseUser) -> StaffMember:
    staff = staff_of_user(by, session.organisation)
    if staff.pk != session.supervisor_id:
        raise NotAllowed(_("Only the supervisor of this session can do this."))
    return staff


def _formal_held(session: SupervisionSession) -> None:
    if not session.is_formal:
        raise NotAllowed(_("Only individual formal supervision is signed by both parties."))
    if session.status != SessionStatus.HELD:
        raise NotAllowed(_("Record the session before signing it."))


@transaction.atomic
def record_sign_as_supervisor(*, session: SupervisionSession, by: AbstractBaseUser) -> None:
    """Sign the written record and share the copy with the supervisee."""
    _fresh(session)
    _supervisor_or_refuse(session, by)
    _formal_held(session)
    if session.supervisor_signed_on is not None:
        raise NotAllowed(_("You have already signed this record."))
    if session.duration_minutes is None:
        raise NotAllowed(_("Record how long the session lasted before signing."))
    today = organisation_today(session.organisation)
    session.supervisor_signed_on = today
    session.recorded_on = session.recorded_on or today
    session.shared_on = session.shared_on or today
    session.save(update_fields=["supervisor_signed_on", "recorded_on", "shared_on"])
    event_add(session=session, kind=EventKind.SUPERVISOR_SIGNED, by=by)


@transaction.atomic
def record_signature_withdraw(*, session: SupervisionSession, by: AbstractBaseUser) -> None:
    """The supervisor takes their signature back to correct the record,
    while the supervisee has not signed."""
    _fresh(session)
    _supervisor_or_refuse(session, by)
    _formal_held(session)
    if session.supervisor_signed_on is None or session.supervisee_signed_on is not None:
        raise NotAllowed(_("There is no signature of yours to take back."))
    session.supervisor_signed_on = None
    session.save(update_fields=["supervisor_signed_on"])
    event_add(session=session, kind=EventKind.SIGNATURE_WITHDRAWN, by=by)


@transaction.atomic
def record_request_edits(*, session: SupervisionSession, text: str, by: AbstractBaseUser) -> None:
    """The supervisee asks for changes before signing; the record goes back
    to the supervisor, and the request stays in the history."""
    _fresh(session)
    _supervisee_or_refuse(session, by)
    _formal_held(session)
    if session.supervisor_signed_on is None or session.supervisee_signed_on is not None:
        raise NotAllowed(_("Changes can be asked for once the supervisor has signed."))
    if not text.strip():
        raise NotAllowed(_("Say which changes you are asking for."))
    session.supervisor_signed_on = None
    session.save(update_fields=["supervisor_signed_on"])
    event_add(session=session, kind=EventKind.EDITS_REQUESTED, by=by, text=text.strip())


@transaction.atomic
def record_sign_as_supervisee(
    *, session: SupervisionSession, by: AbstractBaseUser, disagreement: str = ""
) -> None:
    """Sign the shared record, with any disagreement, which stays with it.
    Both signatures lock the record."""
    _fresh(session)
    _supervisee_or_refuse(session, by)
    _formal_held(session)
    if session.supervisor_signed_on is None:
        raise NotAllowed(_("The supervisor signs first."))
    if session.supervisee_signed_on is not None:
        raise NotAllowed(_("You have already signed this record."))
    session.supervisee_signed_on = organisation_today(session.organisation)
    fields = ["supervisee_signed_on"]
    if disagreement.strip():
        session.disagreement = disagreement.strip()
        fields.append("disagreement")
    session.save(update_fields=fields)
    event_add(session=session, kind=EventKind.SUPERVISEE_SIGNED, by=by)
    if disagreement.strip():
        event_add(session=session, kind=EventKind.DISAGREEMENT, by=by, text=disagreement.strip())


@transaction.atomic
def record_complete(*, session: SupervisionSession, by: AbstractBaseUser) -> None:
    """Informal, group and peer records have no sign-off: completing one
    dates it and locks it."""
    _fresh(session)
    staff = staff_of_user(by, session.organisation)
    if session.is_formal:
        raise NotAllowed(_("Individual formal supervision is signed by both parties."))
    if not may_write_record(session, staff):
        raise NotAllowed(_("The supervisor writes this record."))
    if session.status != SessionStatus.HELD:
        raise NotAllowed(_("Record the session before completing it."))
    if session.recorded_on is not None:
        raise NotAllowed(_("This record is already complete."))
    session.recorded_on = organisation_today(session.organisation)
    session.save(update_fields=["recorded_on"])
    event_add(session=session, kind=EventKind.COMPLETED, by=by)


@transaction.atomic
def record_amend(
    *,
    session: SupervisionSession,
    text: str,
    reason: str,
    by: AbstractBaseUser,
    section: RecordSection | None = None,
    case_discussion: CaseDiscussion | None = None,
) -> Amendment:
    """A change to a locked record, shown beside what it amends: who, when, why."""
    _fresh(session)
    staff = staff_of_user(by, session.organisation)
    if not is_party(session, staff):
        raise NotAllowed(_("Only the people in a session can amend its record."))
    if not session.is_locked:
        raise NotAllowed(_("The record is not locked yet: edit it instead."))
    if section is not None and section.session_id != session.pk:
        raise NotAllowed(_("That part belongs to another record."))
    if case_discussion is not None and case_discussion.session_id != session.pk:
        raise NotAllowed(_("That case discussion belongs to another record."))
    if not text.strip() or not reason.strip():
        raise NotAllowed(_("Write the amendment and why it is made."))
    amendment = Amendment(
        session=session,
        section=section,
        case_discussion=case_discussion,
        text=text.strip(),
        reason=reason.strip(),
        made_by=by,
    )
    amendment.full_clean()
    amendment.save()
    # The history is read by everyone who may read the record; the reason for
    # amending a personal (wellbeing) section stays beside that section, which
    # only the parties read (privacy.rules.may_read_personal).
    personal = section is not None and section.personal
    event_add(
        session=session, kind=EventKind.AMENDED, by=by, text="" if personal else reason.strip()
    )
    return amendment
