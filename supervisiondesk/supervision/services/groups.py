"""Group supervision (Southwark Appendix 3): standing groups and their
members, who was present in a session and in which role, the case each
presenter brings, and its genogram.

Sessions, sections, case discussions, actions and completing the record go
through services.sessions and services.records like any other session;
these add what only a group has.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Now
from django.utils.translation import gettext as _

from supervisiondesk.accounts.roles import SUPERVISING_ROLES, roles_of
from supervisiondesk.people.models import Case, Organisation, StaffMember, Team
from supervisiondesk.supervision.choices import AttendeeRole, SessionKind, SessionStatus
from supervisiondesk.supervision.models import (
    CaseDiscussion,
    SessionAttendee,
    SupervisionGroup,
    SupervisionSession,
)
from supervisiondesk.supervision.services.common import (
    NotAllowed,
    organisation_today,
    staff_of_user,
)
from supervisiondesk.supervision.services.records import case_discussion_add, may_write_record
from supervisiondesk.supervision.services.sessions import is_party

# Fewer than two members is individual supervision, not a group.
MIN_MEMBERS = 2
# Genograms are drawings or scans: 5 MB is plenty, and bounds what is stored.
GENOGRAM_MAX_BYTES = 5 * 1024 * 1024
# Checked by the file's first bytes, never by its name or the browser's word.
GENOGRAM_SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)
# Roles that one person at most holds in a session.
SINGLE_ROLES = (AttendeeRole.TIME_KEEPER, AttendeeRole.RECORDER)


# ---------------------------------------------------------------- groups


def may_facilitate(user: AbstractBaseUser) -> bool:
    """Supervisors and managers lead groups (Southwark Appendix 3)."""
    return bool(roles_of(user) & SUPERVISING_ROLES)


def _members_checked(
    organisation: Organisation, facilitator: StaffMember, members: Iterable[StaffMember]
) -> list[StaffMember]:
    members = list({m.pk: m for m in members}.values())
    if any(m.organisation_id != organisation.pk for m in members):
        raise NotAllowed(_("Members must work in this organisation."))
    if any(m.pk == facilitator.pk for m in members):
        raise NotAllowed(_("The facilitator leads the group: do not add them as a member."))
    today = organisation_today(organisation)
    gone = sorted(m.name for m in members if not m.in_post(today))
    if gone:
        raise NotAllowed(
            _("No longer in post: %(names)s.") % {"names": ", ".join(gone)},
        )
    if len(members) < MIN_MEMBERS:
        raise NotAllowed(
            _("A group needs at least %(n)s members besides the facilitator.") % {"n": MIN_MEMBERS}
        )
    return members


@transaction.atomic
def group_create(
    *,
    organisation: Organisation,
    name: str,
    facilitator: StaffMember,
    members: Iterable[StaffMember],
    by: AbstractBaseUser,
    team: Team | None = None,
) -> SupervisionGroup:
    """A standing group, created by the supervisor or manager who will
    facilitate it."""
    creator = staff_of_user(by, organisation)
    if creator.pk != facilitator.pk:
        raise NotAllowed(_("The facilitator creates their own group."))
    if not may_facilitate(by):
        raise NotAllowed(_("Only supervisors and managers facilitate supervision groups."))
    if team is not None and team.organisation_id != organisation.pk:
        raise NotAllowed(_("That team belongs to another organisation."))
    name = name.strip()
    if not name:
        raise NotAllowed(_("Give the group a name."))
    if SupervisionGroup.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise NotAllowed(_("There is already a group called %(name)s.") % {"name": name})
    people = _members_checked(organisation, facilitator, members)
    group = SupervisionGroup(
        organisation=organisation, name=name, facilitator=facilitator, team=team
    )
    group.full_clean()
    try:
        # A concurrent creation of the same name loses here, not with a 500.
        with transaction.atomic():
            group.save()
    except IntegrityError:
        raise NotAllowed(_("There is already a group called %(name)s.") % {"name": name}) from None
    group.members.set(people)
    return group


@transaction.atomic
def group_members_set(
    *, group: SupervisionGroup, members: Iterable[StaffMember], by: AbstractBaseUser
) -> SupervisionGroup:
    """Change who belongs to the group. Sessions still to come follow:
    newcomers are added to them, and those who left are taken off unless
    they bring a case to one. Held sessions keep who was there."""
    staff = staff_of_user(by, group.organisation)
    if staff.pk != group.facilitator_id:
        raise NotAllowed(_("Only the group's facilitator changes its members."))
    people = _members_checked(group.organisation, group.facilitator, members)
    wanted = {m.pk for m in people}
    group.members.set(people)
    # Only sessions still to come: a past one awaiting its record was held
    # with the members of its day.
    today = organisation_today(group.organisation)
    planned = list(
        group.sessions.filter(status=SessionStatus.PLANNED, date__gte=today).values_list(
            "pk", flat=True
        )
    )
    if not planned:
        return group
    there = set(SessionAttendee.objects.filter(session__in=planned).values_list("session", "staff"))
    SessionAttendee.objects.bulk_create(
        SessionAttendee(session_id=session, staff_id=person)
        for session in planned
        for person in sorted(wanted)
        if (session, person) not in there
    )
    presenting = set(
        CaseDiscussion.objects.filter(session__in=planned, presented_by__isnull=False).values_list(
            "session", "presented_by"
        )
    )
    leaving = [
        (session, person)
        for session, person in there
        if person not in wanted and (session, person) not in presenting
    ]
    for session, person in leaving:
        SessionAttendee.objects.filter(session=session, staff=person).delete()
    return group


# ---------------------------------------------------------------- sessions


def _group_session(session: SupervisionSession) -> None:
    if session.kind != SessionKind.GROUP:
        raise NotAllowed(_("This is not a group supervision session."))


def _open(session: SupervisionSession) -> None:
    """Group records have no sign-off: open until completed (then amended)."""
    if session.status in (SessionStatus.CANCELLED, SessionStatus.POSTPONED):
        raise NotAllowed(_("This session did not take place: it has no record."))
    if session.is_locked:
        raise NotAllowed(_("This record is complete and locked: add an amendment instead."))


@transaction.atomic
def attendance_record(
    *,
    session: SupervisionSession,
    present: set[int],
    roles: Mapping[int, str],
    by: AbstractBaseUser,
) -> list[SessionAttendee]:
    """Who was present and in which role, for every attendee (group records
    name those present: Southwark Standard 4). Roles may be given out before
    the day; presence is said on or after it. An attendee left out of `roles`
    is a participant; the facilitator is the session's supervisor."""
    _group_session(session)
    staff = staff_of_user(by, session.organisation)
    if not may_write_record(session, staff):
        raise NotAllowed(_("The facilitator or the recorder records attendance."))
    _open(session)
    attendees = list(
        SessionAttendee.objects.select_for_update().filter(session=session).select_related("staff")
    )
    known = {a.staff_id for a in attendees}
    strangers = (set(present) | set(roles)) - known
    if strangers:
        raise NotAllowed(_("Only the group's attendees can be marked present or given a role."))
    unknown = sorted({r for r in roles.values() if r not in AttendeeRole.values})
    if unknown:
        raise NotAllowed(_("Unknown roles: %(names)s.") % {"names": ", ".join(unknown)})
    counts = Counter(roles.values())
    for role in SINGLE_ROLES:
        if counts[role] > 1:
            raise NotAllowed(
                _("One person at most is the %(role)s.") % {"role": AttendeeRole(role).label}
            )
    before_the_day = session.date > organisation_today(session.organisation)
    if before_the_day and present:
        raise NotAllowed(_("Who was present is recorded on or after the day of the session."))
    names = {a.staff_id: a.staff.name for a in attendees}
    # Presenters by role, and whoever brings one of the session's cases.
    presenters = {pk for pk, role in roles.items() if role == AttendeeRole.PRESENTER}
    presenters |= set(
        session.case_discussions.filter(presented_by__isnull=False).values_list(
            "presented_by", flat=True
        )
    )
    absent_presenters = sorted(
        names[pk] for pk in presenters if pk in names and pk not in present and not before_the_day
    )
    if absent_presenters:
        raise NotAllowed(
            _("A presenter must be present: %(names)s.") % {"names": ", ".join(absent_presenters)}
        )
    for attendee in attendees:
        attendee.role = roles.get(attendee.staff_id, AttendeeRole.PARTICIPANT)
        attendee.present = None if before_the_day else attendee.staff_id in present
    SessionAttendee.objects.bulk_update(attendees, ["role", "present"])
    return attendees


@transaction.atomic
def group_case_bring(
    *, session: SupervisionSession, case: Case, presented_by: StaffMember, by: AbstractBaseUser
) -> CaseDiscussion:
    """A case brought to a group session by one of its attendees, who becomes
    its presenter (services.records.case_discussion_add checks the rest: the
    case is allocated to someone in the session, once per session)."""
    _group_session(session)
    attendee = SessionAttendee.objects.filter(session=session, staff=presented_by).first()
    if attendee is None:
        raise NotAllowed(_("The presenter must be one of the session's attendees."))
    if attendee.present is False:
        raise NotAllowed(
            _("%(name)s is recorded as absent: a presenter must be present.")
            % {"name": presented_by.name}
        )
    discussion = case_discussion_add(session=session, case=case, by=by, presented_by=presented_by)
    if attendee.role == AttendeeRole.PARTICIPANT:
        attendee.role = AttendeeRole.PRESENTER
        attendee.save(update_fields=["role"])
    return discussion


# ---------------------------------------------------------------- genograms


def genogram_kind(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a PDF, PNG or JPEG file from its first
    bytes; None for anything else."""
    for signature, content_type, extension in GENOGRAM_SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def genogram_problem(file: File) -> str | None:
    """What is wrong with an uploaded genogram, in words for the page; None
    when it may be stored. Forms call it too, to refuse before saving text."""
    size = file.size
    if size is None or size == 0:
        return _("The genogram file is empty.")
    if size > GENOGRAM_MAX_BYTES:
        return _("The genogram is %(size)s MB: the limit is %(limit)s MB.") % {
            "size": f"{size / (1024 * 1024):.1f}",
            "limit": GENOGRAM_MAX_BYTES // (1024 * 1024),
        }
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if genogram_kind(head) is None:
        return _("The genogram must be a PDF, PNG or JPEG file; this file is none of those.")
    return None


@transaction.atomic
def genogram_upload(
    *, discussion: CaseDiscussion, file: File, by: AbstractBaseUser
) -> CaseDiscussion:
    """Store the genogram of a case brought to a group, replacing (and
    deleting) the previous one. Stored under a random name: the original
    name may hold a child's name, and a guessable path would be worse."""
    session = discussion.session
    _group_session(session)
    staff = staff_of_user(by, session.organisation)
    if not is_party(session, staff):
        raise NotAllowed(_("Only the people in a session can add a genogram to it."))
    _open(session)
    problem = genogram_problem(file)
    if problem:
        raise NotAllowed(problem)
    file.seek(0)
    extension = genogram_kind(file.read(16))[1]
    file.seek(0)
    # Read under a lock: `authors` is rewritten whole by every save.
    row = CaseDiscussion.objects.select_for_update().get(pk=discussion.pk)
    old = row.genogram.name
    field = row.genogram
    field.save(f"{uuid.uuid4().hex}.{extension}", File(file), save=False)
    new = field.name
    try:
        authors = {**(row.authors or {}), "genogram": by.pk}
        # The version moves on so an open form cannot write `authors` back
        # without the genogram's author (it gets the edit-conflict page).
        CaseDiscussion.objects.filter(pk=row.pk).update(
            genogram=new, authors=authors, version=F("version") + 1, updated_at=Now()
        )
    except Exception:
        field.storage.delete(new)
        raise
    storage = field.storage
    if old and old != new:
        # Only once the new one is committed: a rollback keeps the old file.
        transaction.on_commit(lambda: storage.delete(old))
    discussion.refresh_from_db(fields=["genogram", "authors", "version"])
    return discussion
