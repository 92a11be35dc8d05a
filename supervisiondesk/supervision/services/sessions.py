"""Planning supervision: plan, change, cancel or postpone, rearrange, and
the agenda both parties add to beforehand."""

from __future__ import annotations

from datetime import date, time

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from supervisiondesk.people.models import Case, CasePeriod, StaffMember, SupervisoryRelationship
from supervisiondesk.people.selectors import active_on
from supervisiondesk.policies.selectors import policy_timeline
from supervisiondesk.supervision.agenda import GROUP_ITEMS, NOTES_ITEM, NOTES_KEY, section_specs
from supervisiondesk.supervision.choices import (
    ActionStatus,
    EventKind,
    Mode,
    SessionKind,
    SessionStatus,
)
from supervisiondesk.supervision.models import (
    Action,
    AgendaItem,
    RecordSection,
    SessionAttendee,
    SupervisionGroup,
    SupervisionSession,
)
from supervisiondesk.supervision.services.common import (
    NotAllowed,
    event_add,
    new_session_id,
    staff_of_user,
)

INDIVIDUAL_KINDS = (SessionKind.INDIVIDUAL_FORMAL, SessionKind.INDIVIDUAL_INFORMAL)
# Sent (with `session`) once a session is planned with its agenda and the
# open actions brought forward, inside the planning transaction: other apps
# add what waits for the next session (quality's audit findings and actions).
session_planned = Signal()


def is_party(session: SupervisionSession, staff: StaffMember) -> bool:
    return session.supervisor_id == staff.pk or session.attendees.filter(staff=staff).exists()


@transaction.atomic
def session_plan(
    *,
    supervisor: StaffMember,
    kind: str,
    date: date,
    by: AbstractBaseUser,
    supervisee: StaffMember | None = None,
    group: SupervisionGroup | None = None,
    start_time: time | None = None,
    planned_minutes: int | None = None,
    mode: str = Mode.IN_PERSON,
    place: str = "",
    video_link: str = "",
    rearranges: SupervisionSession | None = None,
) -> SupervisionSession:
    """A planned session with its standing agenda from the policy in force on
    its date, and the pair's open actions brought forward for review."""
    planner = staff_of_user(by, supervisor.organisation)
    if planner.pk != supervisor.pk:
        raise NotAllowed(_("Only the supervisor plans a session."))
    if kind == SessionKind.GROUP:
        if group is None or group.facilitator_id != supervisor.pk:
            raise NotAllowed(_("A group session is planned by the group's facilitator."))
        attendees = list(group.members.all())
    else:
        if supervisee is None:
            raise NotAllowed(_("Choose the supervisee."))
        if supervisee.pk == supervisor.pk:
            raise NotAllowed(_("Nobody supervises themselves."))
        if supervisee.organisation_id != supervisor.organisation_id:
            raise NotAllowed(
                _("%(name)s is not staff of your organisation.") % {"name": supervisee.name}
            )
        if (
            kind in INDIVIDUAL_KINDS
            and not SupervisoryRelationship.objects.filter(
                active_on(date), supervisor=supervisor, supervisee=supervisee
            ).exists()
        ):
            raise NotAllowed(
                _("%(name)s is not your supervisee on %(date)s.")
                % {"name": supervisee.name, "date": date.isoformat()}
            )
        attendees = [supervisee]
    if rearranges is not None and (
        rearranges.status not in (SessionStatus.CANCELLED, SessionStatus.POSTPONED)
        or rearranges.supervisor_id != supervisor.pk
        or rearranges.kind != kind
    ):
        raise NotAllowed(_("Only a cancelled or postponed session of yours can be rearranged."))
    session = SupervisionSession(
        organisation=supervisor.organisation,
        session_id=new_session_id(),
        kind=kind,
        status=SessionStatus.PLANNED,
        date=date,
        start_time=start_time,
        planned_minutes=planned_minutes,
        mode=mode,
        place=place,
        video_link=video_link,
        supervisor=supervisor,
        group=group,
        rearranges=rearranges,
        created_by=by,
    )
    session.full_clean()
    session.save()
    SessionAttendee.objects.bulk_create(
        SessionAttendee(session=session, staff=person) for person in attendees
    )
    _sections_create(session)
    actions_bring_forward(session=session)
    session_planned.send(sender=SupervisionSession, session=session)
    event_add(session=session, kind=EventKind.PLANNED, by=by)
    if rearranges is not None:
        event_add(
            session=rearranges,
            kind=EventKind.REARRANGED,
            by=by,
            text=_("Rearranged for %(date)s.") % {"date": date.isoformat()},
        )
    return session


def _sections_create(session: SupervisionSession) -> None:
    """A snapshot of the standing agenda, so a later policy does not rewrite
    an old record."""
    if session.kind == SessionKind.INDIVIDUAL_FORMAL:
        policy = policy_timeline(organisation=session.organisation).at(session.date)
        specs = section_specs(policy.standing_agenda)
    elif session.kind == SessionKind.GROUP:
        specs = [(key, str(t), str(p), False) for key, (t, p) in GROUP_ITEMS.items()]
    else:
        specs = [(NOTES_KEY, str(NOTES_ITEM[0]), str(NOTES_ITEM[1]), False)]
    RecordSection.objects.bulk_create(
        RecordSection(
            session=session, key=key, title=title, prompt=prompt, position=n, personal=personal
        )
        for n, (key, title, prompt, personal) in enumerate(specs)
    )


@transaction.atomic
def sections_ensure(*, session: SupervisionSession) -> bool:
    """Give a session its standing agenda if it came without one: sessions
    from a data folder or the demo generator carry only the engine's fields.
    A locked or called-off session is left as it is."""
    if (
        session.status in (SessionStatus.CANCELLED, SessionStatus.POSTPONED)
        or session.is_locked
        or session.sections.exists()
    ):
        return False
    _sections_create(session)
    return True


def open_actions_for(session: SupervisionSession) -> list[Action]:
    """The open actions of earlier sessions between the same supervisor and
    any of this session's supervisees (or of the same group)."""
    earlier = SupervisionSession.objects.filter(
        supervisor=session.supervisor_id, date__lte=session.date
    ).exclude(pk=session.pk)
    if session.group_id:
        earlier = earlier.filter(group=session.group_id)
    else:
        people = session.attendees.values("staff")
        earlier = earlier.filter(group__isnull=True, attendees__staff__in=people)
    return list(
        Action.objects.filter(session__in=earlier, status=ActionStatus.OPEN)
        .select_related("owner")
        .distinct()
        .order_by("due_on", "pk")
    )


def actions_bring_forward(*, session: SupervisionSession) -> int:
    """Put each open action on the agenda under the review of actions (once).
    Called when a session is planned and again when its record is opened, so
    an action agreed in between is not missed."""
    if session.status != SessionStatus.PLANNED and session.is_locked:
        return 0
    # Under the review of actions; a policy's own agenda without one: its
    # first item that is not personal (an action is not a wellbeing matter).
    keys = list(session.sections.order_by("personal", "position").values_list("key", flat=True))
    section = "actions_review" if "actions_review" in keys else next(iter(keys), "")
    already = set(
        AgendaItem.objects.filter(session=session, action__isnull=False).values_list(
            "action", flat=True
        )
    )
    new = [
        AgendaItem(
            session=session,
            section_key=section,
            text=action.description[:500],
            action=action,
            case=action.case,
        )
        for action in open_actions_for(session)
        if action.pk not in already
    ]
    AgendaItem.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def session_change(
    *,
    session: SupervisionSession,
    by: AbstractBaseUser,
    date: date,
    start_time: time | None,
    planned_minutes: int | None,
    mode: str,
    place: str,
    video_link: str,
) -> SupervisionSession:
    """Move or re-place a planned session; the history keeps the old values."""
    if staff_of_user(by, session.organisation).pk != session.supervisor_id:
        raise NotAllowed(_("Only the supervisor changes a planned session."))
    if session.status != SessionStatus.PLANNED:
        raise NotAllowed(_("Only a planned session can be changed."))
    if session.kind in INDIVIDUAL_KINDS:
        unsupervised = [
            a.staff
            for a in session.attendees.select_related("staff")
            if not SupervisoryRelationship.objects.filter(
                active_on(date), supervisor=session.supervisor_id, supervisee=a.staff_id
            ).exists()
        ]
        if unsupervised:
            raise NotAllowed(
                _("%(name)s is not your supervisee on %(date)s.")
                % {"name": unsupervised[0].name, "date": date.isoformat()}
            )
    when = f"{session.date} {session.start_time or ''}".strip()
    before = f"{when}, {session.get_mode_display()} {session.place}"
    for name, value in {
        "date": date,
        "start_time": start_time,
        "planned_minutes": planned_minutes,
        "mode": mode,
        "place": place,
        "video_link": video_link,
    }.items():
        setattr(session, name, value)
    session.full_clean()
    session.save()
    event_add(
        session=session,
        kind=EventKind.RESCHEDULED,
        by=by,
        text=_("Was: %(before)s") % {"before": before.strip()},
    )
    return session


@transaction.atomic
def session_cancel(
    *, session: SupervisionSession, status: str, reason: str, by: AbstractBaseUser
) -> SupervisionSession:
    """Cancel or postpone a planned session: either party may, with a reason
    (Southwark Standard 2: whoever postpones leads rearranging)."""
    staff = staff_of_user(by, session.organisation)
    if not is_party(session, staff):
        raise NotAllowed(_("Only the people in a session can cancel or postpone it."))
    if session.status != SessionStatus.PLANNED:
        raise NotAllowed(_("Only a planned session can be cancelled or postponed."))
    if status not in (SessionStatus.CANCELLED, SessionStatus.POSTPONED):
        raise NotAllowed(_("Choose cancel or postpone."))
    if not reason.strip():
        raise NotAllowed(_("Say why, so the other party knows."))
    session.status = status
    session.cancel_reason = reason.strip()
    session.cancelled_by = by
    session.save(update_fields=["status", "cancel_reason", "cancelled_by"])
    kind = EventKind.CANCELLED if status == SessionStatus.CANCELLED else EventKind.POSTPONED
    event_add(session=session, kind=kind, by=by, text=session.cancel_reason)
    return session


def supervisee_cases(session: SupervisionSession, on: date) -> list[Case]:
    """The cases a session may discuss: those allocated to its supervisees on
    `on` (the session's date, or today for a session still to come)."""
    people = session.attendees.values("staff")
    return list(
        Case.objects.filter(
            pk__in=CasePeriod.objects.filter(active_on(on), worker__in=people).values("case")
        ).order_by("case_id")
    )


@transaction.atomic
def agenda_item_add(
    *,
    session: SupervisionSession,
    section_key: str,
    text: str,
    by: AbstractBaseUser,
    case: Case | None = None,
) -> AgendaItem:
    """Either party adds an item before or during the session."""
    staff = staff_of_user(by, session.organisation)
    if not is_party(session, staff):
        raise NotAllowed(_("Only the people in a session can add to its agenda."))
    if session.status in (SessionStatus.CANCELLED, SessionStatus.POSTPONED) or session.is_locked:
        raise NotAllowed(_("This session's agenda is closed."))
    if not session.sections.filter(key=section_key).exists():
        raise NotAllowed(_("Choose one of the session's agenda items."))
    if not text.strip():
        raise NotAllowed(_("Write what you want to talk about."))
    if case is not None and case.pk not in {c.pk for c in supervisee_cases(session, session.date)}:
        raise NotAllowed(_("That case is not allocated to anyone in this session."))
    item = AgendaItem(
        session=session, section_key=section_key, text=text.strip(), case=case, added_by=by
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by: AbstractBaseUser) -> None:
    if item.added_by_id != by.pk or item.session.status != SessionStatus.PLANNED:
        raise NotAllowed(_("Only who added an item can remove it, before the session."))
    item.delete()
