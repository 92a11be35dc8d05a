"""Reads for the group pages, each in a fixed number of queries whatever the
number of groups or sessions. Groups and sessions come through `access`
first; these only gather what the pages show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from supervisiondesk.people.models import (
    Organisation,
    StaffMember,
    SupervisoryRelationship,
    Team,
    TeamMembership,
)
from supervisiondesk.people.selectors import active_on
from supervisiondesk.privacy import rules
from supervisiondesk.supervision import access
from supervisiondesk.supervision.choices import AttendeeRole, SessionStatus
from supervisiondesk.supervision.models import (
    CaseDiscussion,
    SessionAttendee,
    SupervisionGroup,
    SupervisionSession,
)


@dataclass
class GroupLine:
    group: SupervisionGroup
    member_count: int
    next_session: date | None
    last_held: date | None
    facilitates: bool


def groups_of(*, user: AbstractBaseUser, today: date) -> list[GroupLine]:
    """The groups the user facilitates or belongs to, with their next planned
    session and their last held one (one query)."""
    staff = access.staff_of(user)
    # Subqueries, not aggregates over joins: visible_groups already joins
    # the members to find the user's groups, which would skew a Count.
    members = (
        SupervisionGroup.members.through.objects.filter(supervisiongroup=OuterRef("pk"))
        .values("supervisiongroup")
        .annotate(n=Count("*"))
        .values("n")
    )
    sessions = SupervisionSession.objects.filter(group=OuterRef("pk"))
    groups = (
        SupervisionGroup.objects.filter(pk__in=access.visible_groups(user).values("pk"))
        .select_related("facilitator", "team")
        .annotate(
            member_count=Coalesce(Subquery(members), 0),
            next_session=Subquery(
                sessions.filter(status=SessionStatus.PLANNED, date__gte=today)
                .order_by("date")
                .values("date")[:1]
            ),
            last_held=Subquery(
                sessions.filter(status=SessionStatus.HELD).order_by("-date").values("date")[:1]
            ),
        )
        .order_by("name")
    )
    return [
        GroupLine(
            group=g,
            member_count=g.member_count,
            next_session=g.next_session,
            last_held=g.last_held,
            facilitates=g.facilitator_id == staff.pk,
        )
        for g in groups
    ]


@dataclass
class ScheduleLine:
    """One session of a group: the cases brought and who brings them, and
    (once said) who was present."""

    session: SupervisionSession
    discussions: list[CaseDiscussion]
    attendees: list[SessionAttendee]
    may_open: bool

    @property
    def present(self) -> list[SessionAttendee]:
        return [a for a in self.attendees if a.present]

    @property
    def attendance_said(self) -> bool:
        return any(a.present is not None for a in self.attendees)

    def in_role(self, role: str) -> list[SessionAttendee]:
        return [a for a in self.attendees if a.role == role]

    @property
    def roles(self) -> list[tuple[str, list[str]]]:
        """(role label, names) for the roles given out, participants aside."""
        given = []
        for role in (AttendeeRole.PRESENTER, AttendeeRole.TIME_KEEPER, AttendeeRole.RECORDER):
            names = [a.staff.name for a in self.in_role(role)]
            if names:
                given.append((str(role.label), names))
        return given


@dataclass
class GroupSchedule:
    group: SupervisionGroup
    members: list[StaffMember]
    upcoming: list[ScheduleLine]
    past: list[ScheduleLine]


def group_schedule(
    *, group: SupervisionGroup, user: AbstractBaseUser, today: date
) -> GroupSchedule:
    """The group's members and its sessions, those from today on first
    (soonest first), then the past ones (latest first). `may_open` says which
    session pages `user` may open (`privacy.rules.visible_sessions`).
    Five queries: members, sessions, their attendees, their cases, the
    readable ones."""
    members = list(group.members.order_by("name"))
    sessions = list(
        group.sessions.prefetch_related(
            Prefetch(
                "attendees",
                queryset=SessionAttendee.objects.select_related("staff").order_by("staff__name"),
            ),
            Prefetch(
                "case_discussions",
                queryset=CaseDiscussion.objects.select_related("case", "presented_by").order_by(
                    "case__case_id"
                ),
            ),
        ).order_by("date", "start_time", "pk")
    )
    readable = set(rules.visible_sessions(user).filter(group=group).values_list("pk", flat=True))
    lines = [
        ScheduleLine(
            session=s,
            discussions=list(s.case_discussions.all()),
            attendees=list(s.attendees.all()),
            may_open=s.pk in readable,
        )
        for s in sessions
    ]
    upcoming = [line for line in lines if line.session.date >= today]
    past = [line for line in lines if line.session.date < today]
    past.reverse()
    return GroupSchedule(group=group, members=members, upcoming=upcoming, past=past)


def member_candidates(
    *, facilitator: StaffMember, today: date, current: Iterable[int] = ()
) -> QuerySet[StaffMember]:
    """Whom the facilitator may add, as a short list: staff in post in the
    services of the facilitator's teams, the facilitator's supervisees, and
    the group's members now. The service accepts anyone of the organisation;
    the page offers those a group is usually made of."""
    services = TeamMembership.objects.filter(
        active_on(today), staff=facilitator, team__isnull=False
    ).values("team__service")
    colleagues = TeamMembership.objects.filter(active_on(today), team__service__in=services).values(
        "staff"
    )
    supervisees = SupervisoryRelationship.objects.filter(
        active_on(today), supervisor=facilitator
    ).values("supervisee")
    return (
        StaffMember.objects.filter(organisation=facilitator.organisation)
        .filter(
            Q(start_date__lte=today, pk__in=colleagues) | Q(pk__in=supervisees) | Q(pk__in=current)
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .exclude(pk=facilitator.pk)
        .order_by("name")
    )


def group_teams(*, organisation: Organisation, today: date) -> QuerySet[Team]:
    return Team.objects.filter(active_on(today), organisation=organisation).order_by("name")
