"""The only way pages fetch supervision records: each function checks who
may see the record and answers 404 alike for "not there" and "not yours",
so an id leaks nothing.

Issue 4's rules are the parties' own: a session is seen by its supervisor
and its supervisees or attendees; an agreement by its parties (and a
group's members); a case by the workers who held it, their supervisors
today, and the parties of the sessions that discussed it. Issue 5 widens
them to managers, senior managers, need-to-know access and auditors, and
logs every read here; every view goes through these functions so that
change is made in one place.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from supervisiondesk.people.models import Case, CasePeriod, StaffMember, SupervisoryRelationship
from supervisiondesk.supervision.models import (
    Action,
    CaseDiscussion,
    SupervisionAgreement,
    SupervisionGroup,
    SupervisionSession,
)

AnyUser = AbstractBaseUser | AnonymousUser


def staff_of(user: AnyUser) -> StaffMember:
    """The user's staff record; accounts without one see no records."""
    staff = getattr(user, "_supervisiondesk_staff", None)
    if staff is None:
        if not user.is_authenticated:
            raise Http404
        staff = StaffMember.objects.select_related("organisation").filter(user=user).first()
        if staff is None:
            raise Http404
        user._supervisiondesk_staff = staff
    return staff


# ---------------------------------------------------------------- sessions


def visible_sessions(user: AnyUser) -> QuerySet[SupervisionSession]:
    staff = staff_of(user)
    return (
        SupervisionSession.objects.filter(organisation=staff.organisation)
        .filter(Q(supervisor=staff) | Q(attendees__staff=staff))
        .distinct()
    )


def session_for(user: AnyUser, pk: int) -> SupervisionSession:
    session = (
        visible_sessions(user)
        .select_related("supervisor", "group", "organisation")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    return session


def discussion_for(user: AnyUser, pk: int) -> CaseDiscussion:
    discussion = (
        CaseDiscussion.objects.select_related("session", "case", "session__supervisor")
        .filter(pk=pk, session__in=visible_sessions(user))
        .first()
    )
    if discussion is None:
        raise Http404
    return discussion


# ---------------------------------------------------------------- cases


def visible_cases(user: AnyUser) -> QuerySet[Case]:
    staff = staff_of(user)
    today = timezone.localdate()
    supervisees = SupervisoryRelationship.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today),
        supervisor=staff,
        start_date__lte=today,
    ).values("supervisee")
    held = CasePeriod.objects.filter(worker=staff).values("case")
    supervised_now = CasePeriod.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today),
        start_date__lte=today,
        worker__in=supervisees,
    ).values("case")
    discussed = CaseDiscussion.objects.filter(session__in=visible_sessions(user)).values("case")
    return Case.objects.filter(organisation=staff.organisation).filter(
        Q(pk__in=held) | Q(pk__in=supervised_now) | Q(pk__in=discussed)
    )


def case_for(user: AnyUser, pk: int) -> Case:
    case = visible_cases(user).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


# ---------------------------------------------------------------- agreements and groups


def visible_groups(user: AnyUser) -> QuerySet[SupervisionGroup]:
    staff = staff_of(user)
    return (
        SupervisionGroup.objects.filter(organisation=staff.organisation)
        .filter(Q(facilitator=staff) | Q(members=staff))
        .distinct()
    )


def group_for(user: AnyUser, pk: int) -> SupervisionGroup:
    group = visible_groups(user).select_related("facilitator", "team").filter(pk=pk).first()
    if group is None:
        raise Http404
    return group


def visible_agreements(user: AnyUser) -> QuerySet[SupervisionAgreement]:
    staff = staff_of(user)
    return (
        SupervisionAgreement.objects.filter(supervisor__organisation=staff.organisation)
        .filter(
            Q(supervisor=staff)
            | Q(supervisee=staff)
            | Q(group__members=staff)
            | Q(group__facilitator=staff)
        )
        .distinct()
    )


def agreement_for(user: AnyUser, pk: int) -> SupervisionAgreement:
    agreement = (
        visible_agreements(user)
        .select_related("supervisor", "supervisee", "group")
        .filter(pk=pk)
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement


# ---------------------------------------------------------------- actions


def action_for(user: AnyUser, pk: int) -> Action:
    """An action its owner or the people of its session may see and update."""
    staff = staff_of(user)
    action = (
        Action.objects.filter(organisation=staff.organisation)
        .filter(Q(owner=staff) | Q(session__in=visible_sessions(user)))
        .select_related("session", "owner", "case")
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise Http404
    return action
