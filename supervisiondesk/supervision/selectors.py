"""Reads for the session pages, "My supervision" and the actions list, each
in a fixed number of queries. Records come through `access` first."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q

from supervisiondesk.people.models import StaffMember
from supervisiondesk.supervision.choices import ActionStatus, SessionKind, SessionStatus
from supervisiondesk.supervision.models import (
    Action,
    AgendaItem,
    Amendment,
    CaseDiscussion,
    RecordSection,
    SessionAttendee,
    SupervisionSession,
)
from supervisiondesk.supervision.models.records import GROUP_FIELDS, RECORD_FIELDS


def user_names(ids) -> dict[int, str]:
    """Names to show for user ids: the staff member's name, else the login."""
    ids = {i for i in ids if i}
    if not ids:
        return {}
    names = dict(StaffMember.objects.filter(user__in=ids).values_list("user", "name"))
    missing = ids - set(names)
    if missing:
        names.update(get_user_model().objects.filter(pk__in=missing).values_list("pk", "username"))
    return names


@dataclass
class SectionView:
    section: RecordSection
    items: list[AgendaItem]
    amendments: list[Amendment]
    written_by: str = ""


@dataclass
class DiscussionView:
    discussion: CaseDiscussion
    actions: list[Action]
    amendments: list[Amendment]
    authors: dict[str, str] = field(default_factory=dict)

    @property
    def rows(self) -> list[tuple[str, object, str]]:
        """(label, value, who wrote it) for each field that has something."""
        d = self.discussion
        rows = []
        for name in (*RECORD_FIELDS, *GROUP_FIELDS):
            value = getattr(d, name)
            if value in ("", None):
                continue
            if name == "risk_trend":
                value = d.get_risk_trend_display()
            label = CaseDiscussion._meta.get_field(name).verbose_name
            rows.append((label, value, self.authors.get(name, "")))
        return rows


@dataclass
class SessionPage:
    session: SupervisionSession
    attendees: list[SessionAttendee]
    sections: list[SectionView]
    discussions: list[DiscussionView]
    actions: list[Action]  # agreed in this session, not tied to one case
    review: list[AgendaItem]  # open actions brought forward
    general_amendments: list[Amendment]
    events: list
    names: dict[int, str]
    rearranged_as: list[SupervisionSession]

    @property
    def supervisees(self) -> list[StaffMember]:
        return [a.staff for a in self.attendees]


def session_page(*, session: SupervisionSession, show_personal: bool) -> SessionPage:
    """Everything the session page shows. `show_personal` is False for
    readers who are not the supervisee or the supervisor: personal sections
    (wellbeing) are then left out entirely (issue 5 adds those readers)."""
    attendees = list(session.attendees.select_related("staff").order_by("staff__name"))
    sections = [s for s in session.sections.all() if show_personal or not s.personal]
    items = defaultdict(list)
    review = []
    for item in session.agenda_items.select_related("case", "action", "action__owner"):
        if item.action_id:
            review.append(item)
        else:
            items[item.section_key].append(item)
    amendments = list(session.amendments.all())
    by_section = defaultdict(list)
    by_discussion = defaultdict(list)
    general = []
    for amendment in amendments:
        if amendment.section_id:
            by_section[amendment.section_id].append(amendment)
        elif amendment.case_discussion_id:
            by_discussion[amendment.case_discussion_id].append(amendment)
        else:
            general.append(amendment)
    discussions = list(
        session.case_discussions.select_related("case", "presented_by").order_by("case__case_id")
    )
    actions = list(session.actions.select_related("owner", "case").order_by("due_on", "pk"))
    actions_by_discussion = defaultdict(list)
    loose = []
    for action in actions:
        if action.case_discussion_id:
            actions_by_discussion[action.case_discussion_id].append(action)
        else:
            loose.append(action)
    events = list(session.events.all())
    ids = {s.written_by_id for s in sections} | {session.cancelled_by_id}
    ids |= {e.by_id for e in events} | {a.made_by_id for a in amendments}
    ids |= {i.added_by_id for i in review} | {i.added_by_id for v in items.values() for i in v}
    for d in discussions:
        ids |= set((d.authors or {}).values())
    names = user_names(ids)
    return SessionPage(
        session=session,
        attendees=attendees,
        sections=[
            SectionView(
                section=s,
                items=items.get(s.key, []),
                amendments=by_section.get(s.pk, []),
                written_by=names.get(s.written_by_id, ""),
            )
            for s in sections
        ],
        discussions=[
            DiscussionView(
                discussion=d,
                actions=actions_by_discussion.get(d.pk, []),
                amendments=by_discussion.get(d.pk, []),
                authors={k: names.get(v, "") for k, v in (d.authors or {}).items()},
            )
            for d in discussions
        ],
        actions=loose,
        review=review,
        general_amendments=general,
        events=events,
        names=names,
        rearranged_as=list(session.rearranged_as.all()),
    )


# ---------------------------------------------------------------- my supervision


@dataclass
class Overview:
    upcoming: list[SupervisionSession]
    to_write: list[SupervisionSession]  # as supervisor: held or past, not signed/completed
    to_sign: list[SupervisionSession]  # as supervisee: awaiting my signature
    my_actions: list[Action]
    supervisees_overdue: list[Action]
    today: date


def _with_people(queryset):
    return queryset.select_related("supervisor", "group").prefetch_related(
        Prefetch("attendees", queryset=SessionAttendee.objects.select_related("staff"))
    )


def overview_of(*, staff: StaffMember, today: date) -> Overview:
    mine = SupervisionSession.objects.filter(organisation=staff.organisation).filter(
        Q(supervisor=staff) | Q(attendees__staff=staff)
    )
    upcoming = _with_people(
        mine.filter(status=SessionStatus.PLANNED, date__gte=today)
        .distinct()
        .order_by("date", "start_time")
    )[:20]
    led = SupervisionSession.objects.filter(supervisor=staff, date__lte=today)
    to_write = _with_people(
        led.filter(
            Q(status=SessionStatus.PLANNED)
            | Q(
                status=SessionStatus.HELD,
                kind=SessionKind.INDIVIDUAL_FORMAL,
                supervisor_signed_on__isnull=True,
            )
            | Q(status=SessionStatus.HELD, recorded_on__isnull=True)
            & ~Q(kind=SessionKind.INDIVIDUAL_FORMAL)
        ).order_by("date")
    )[:50]
    to_sign = _with_people(
        SupervisionSession.objects.filter(
            attendees__staff=staff,
            kind=SessionKind.INDIVIDUAL_FORMAL,
            status=SessionStatus.HELD,
            supervisor_signed_on__isnull=False,
            supervisee_signed_on__isnull=True,
        ).order_by("date")
    )
    my_actions = list(
        Action.objects.filter(owner=staff, status=ActionStatus.OPEN)
        .select_related("case", "session")
        .order_by("due_on")[:50]
    )
    supervisees_overdue = list(
        Action.objects.filter(session__supervisor=staff, status=ActionStatus.OPEN, due_on__lt=today)
        .exclude(owner=staff)
        .select_related("owner", "case", "session")
        .order_by("due_on")[:50]
    )
    return Overview(
        upcoming=list(upcoming),
        to_write=list(to_write),
        to_sign=list(to_sign),
        my_actions=my_actions,
        supervisees_overdue=supervisees_overdue,
        today=today,
    )


def actions_of(*, staff: StaffMember, status: str | None) -> list[Action]:
    """Actions the user owns and actions of the sessions they lead or attend."""
    actions = Action.objects.filter(organisation=staff.organisation).filter(
        Q(owner=staff) | Q(session__supervisor=staff) | Q(session__attendees__staff=staff)
    )
    if status:
        actions = actions.filter(status=status)
    return list(
        actions.select_related("owner", "case", "session").distinct().order_by("due_on", "pk")
    )
