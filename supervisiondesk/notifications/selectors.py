"""Reads of the notifications app: the rows the reminder rules read for an
organisation on a day, and a person's own notifications."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from supervisiondesk.accounts.roles import TEAM_VIEWING_ROLES, team_scope
from supervisiondesk.compliance.engine import compliance_report
from supervisiondesk.compliance.workdays import is_working_day, working_days_after
from supervisiondesk.notifications.choices import Delivery, Kind
from supervisiondesk.notifications.models import Notification, Preference, ReminderSettings
from supervisiondesk.notifications.reminders import ActionRow, Inputs, SessionRow, week_of
from supervisiondesk.people.choices import RelationshipKind
from supervisiondesk.people.models import Case, Organisation, StaffMember, SupervisoryRelationship
from supervisiondesk.people.selectors import active_on, team_members, visible_teams
from supervisiondesk.policies.selectors import NoPolicyError, policy_timeline
from supervisiondesk.supervision.choices import ActionStatus, SessionKind, SessionStatus
from supervisiondesk.supervision.loaders import dataset_from_database
from supervisiondesk.supervision.models import (
    Action,
    SessionAttendee,
    SupervisionAgreement,
    SupervisionSession,
)

PLANNED_AHEAD_DAYS = 14  # planned sessions read: far enough for two working days and holidays
RECORDS_BACK_DAYS = 90  # held sessions whose record is still awaited: reminded within this


def settings_of(organisation: Organisation) -> ReminderSettings:
    """The organisation's reminder settings, the defaults when none are stored."""
    found = ReminderSettings.objects.filter(organisation=organisation).first()
    return found or ReminderSettings(organisation=organisation)


def calendar_of(
    organisation: Organisation,
) -> tuple[Callable[[int, date], bool], Callable[[int, date, int], date]]:
    """Each staff member's working days (their country, else the
    organisation's): `is_working(staff key, day)`, `after(staff key, day, n)`."""
    countries = dict(
        StaffMember.objects.filter(organisation=organisation).values_list("pk", "country")
    )

    def country(pk: int) -> str:
        return countries.get(pk) or organisation.country

    return (
        lambda pk, day: is_working_day(country(pk), day),
        lambda pk, day, n: working_days_after(country(pk), day, n),
    )


def reminder_inputs(organisation: Organisation, today: date) -> Inputs:
    """Everything `reminders.reminders` reads for `organisation` on `today`."""
    sessions = SupervisionSession.objects.filter(organisation=organisation).filter(
        Q(
            status=SessionStatus.PLANNED,
            date__gt=today,
            date__lte=today + timedelta(PLANNED_AHEAD_DAYS),
        )
        | Q(
            status=SessionStatus.HELD,
            date__lte=today,
            date__gte=today - timedelta(RECORDS_BACK_DAYS),
        )
        & (
            Q(recorded_on__isnull=True)
            | Q(
                kind=SessionKind.INDIVIDUAL_FORMAL,
                shared_on__isnull=True,
                recorded_on__isnull=False,
            )
            | Q(
                kind=SessionKind.INDIVIDUAL_FORMAL,
                supervisor_signed_on__isnull=False,
                supervisee_signed_on__isnull=True,
            )
        )
    )
    rows = list(
        sessions.values_list(
            "pk",
            "session_id",
            "kind",
            "status",
            "date",
            "supervisor_id",
            "recorded_on",
            "supervisor_signed_on",
            "supervisee_signed_on",
            "shared_on",
        )
    )
    attendees: dict[int, list[int]] = defaultdict(list)
    for session, staff in SessionAttendee.objects.filter(
        session__in=[row[0] for row in rows]
    ).values_list("session_id", "staff_id"):
        attendees[session].append(staff)
    session_rows = [
        SessionRow(pk, kind, status, day, supervisor, tuple(sorted(attendees[pk])), *dates)
        for pk, _code, kind, status, day, supervisor, *dates in rows
    ]
    actions = [
        ActionRow(pk, owner, due_on, description)
        for pk, owner, due_on, description in Action.objects.filter(
            organisation=organisation, status=ActionStatus.OPEN, due_on__isnull=False
        ).values_list("pk", "owner_id", "due_on", "description")
    ]
    people = list(
        StaffMember.objects.filter(organisation=organisation).values_list("pk", "staff_id", "name")
    )
    staff = {staff_id: pk for pk, staff_id, _name in people}
    names = {pk: name for pk, _staff_id, name in people}
    supervisors: dict[int, list[int]] = defaultdict(list)
    for supervisee, supervisor in SupervisoryRelationship.objects.filter(
        active_on(today), supervisee__organisation=organisation, kind=RelationshipKind.LINE
    ).values_list("supervisee_id", "supervisor_id"):
        supervisors[supervisee].append(supervisor)
    agreements = {
        (supervisee, supervisor): pk
        for pk, supervisee, supervisor in SupervisionAgreement.objects.filter(
            supervisee__organisation=organisation, signed_on__isnull=False
        )
        .order_by("signed_on", "pk")
        .values_list("pk", "supervisee_id", "supervisor_id")
    }
    report = _report(organisation, today)
    managed = _managed(organisation, today)
    missing = [e["session_id"] for e in report.get("records", ()) if e["recording"] == "missing"]
    return Inputs(
        today=today,
        sessions=session_rows,
        open_actions=actions,
        report=report,
        staff_pk=staff,
        case_pk=dict(Case.objects.filter(organisation=organisation).values_list("case_id", "pk")),
        session_pk={code: pk for pk, code, *_rest in rows},
        agreement_pk=agreements,
        supervisors={pk: tuple(sorted(set(v))) for pk, v in supervisors.items()},
        names=names,
        escalate_after_days=settings_of(organisation).escalate_after_days,
        managed=managed,
        record_supervisor=dict(
            SupervisionSession.objects.filter(
                organisation=organisation, session_id__in=missing
            ).values_list("session_id", "supervisor_id")
        )
        if managed
        else {},
    )


def _managed(organisation: Organisation, today: date) -> dict[int, tuple]:
    """The managers (managers, senior managers, directors with a sign-in)
    still to get this week's digest, with the teams each looks after, as the
    dashboard shows them (`people.selectors.visible_teams`). Only those still
    to get it: after Monday's run, nobody, so the hourly runs stay cheap."""
    roles: dict[int, set[str]] = defaultdict(set)
    for user, role in StaffMember.objects.filter(
        organisation=organisation,
        user__is_active=True,
        user__groups__name__in=TEAM_VIEWING_ROLES,
    ).values_list("user_id", "user__groups__name"):
        roles[user].add(role)
    done = set(
        Notification.objects.filter(
            organisation=organisation, kind=Kind.WEEKLY_DIGEST, cause=week_of(today)
        ).values_list("recipient_id", flat=True)
    ) | set(
        Preference.objects.filter(
            kind=Kind.WEEKLY_DIGEST, delivery=Delivery.OFF, user__in=roles
        ).values_list("user_id", flat=True)
    )
    managed = {}
    for manager in StaffMember.objects.filter(
        organisation=organisation, user__in=set(roles) - done
    ).order_by("pk"):
        scope = team_scope(frozenset(roles[manager.user_id]))
        teams = list(visible_teams(staff=manager, on=today, scope=scope).order_by("name", "pk"))
        members = team_members(teams=teams, on=today)
        if teams:
            managed[manager.pk] = tuple(
                (team.name, frozenset(members.get(team.pk, ()))) for team in teams
            )
    return managed


def _report(organisation: Organisation, today: date) -> dict[str, Any]:
    """The compliance report on everyone (compliance.md section 7); empty
    when the organisation has no policy yet."""
    try:
        timeline = policy_timeline(organisation=organisation)
    except NoPolicyError:
        return {}
    return compliance_report(dataset_from_database(organisation, today), timeline, today)


def notifications_of(user: AbstractBaseUser) -> QuerySet[Notification]:
    """The person's own notifications, newest first: nobody reads another's."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user: AbstractBaseUser) -> int:
    return Notification.objects.filter(
        recipient=user, read_at__isnull=True, resolved_at__isnull=True
    ).count()
