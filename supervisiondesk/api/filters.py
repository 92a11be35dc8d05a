"""The lists' filters (django-filter): by team, status, date ranges and
`updated_since`, each named in the schema. A team is named by its code and
a person by their staff id, as in the data folder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import django_filters as filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supervisiondesk.people.models import (
    Absence,
    Case,
    CasePeriod,
    CategoryPeriod,
    StaffMember,
    SupervisoryRelationship,
    Team,
    TeamMembership,
)
from supervisiondesk.people.selectors import active_on
from supervisiondesk.quality.models import AuditSample, FeedbackResponse
from supervisiondesk.supervision.models import (
    Action,
    CaseDiscussion,
    SessionAttendee,
    SupervisionAgreement,
    SupervisionSession,
)


class SafeDateTimeField(forms.DateTimeField):
    """A date-time the database can hold: years 1 and 9999 shifted across
    time zones overflow, and must be a 400, not a 500."""

    def to_python(self, value):
        try:
            found = super().to_python(value)
            if found is not None and timezone.is_naive(found):
                found = timezone.make_aware(found)
            if found is not None:
                found.astimezone(timezone.UTC)
        except (OverflowError, ValueError) as error:
            raise forms.ValidationError(
                _("Enter a date and time between years 2 and 9998.")
            ) from error
        return found


class UpdatedSinceFilter(filters.IsoDateTimeFilter):
    field_class = SafeDateTimeField


def _updated_since():
    return UpdatedSinceFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_("Changed at or after this moment (ISO 8601); for incremental syncs."),
    )


def team_members(code: str) -> QuerySet:
    """The staff (primary keys) in the team with this code today, in the
    organisation's time zone; every `team` filter asks this."""
    return TeamMembership.objects.filter(active_on(timezone.localdate()), team__code=code).values(
        "staff"
    )


def in_team(field: str):
    """A filter method: rows whose `field` (a staff member) is in the team
    with this code today."""

    def method(queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(**{f"{field}__in": team_members(value)})

    return method


def by_staff_id(field: str):
    def method(queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(**{f"{field}__staff_id": value})

    return method


def _team(field: str):
    return filters.CharFilter(
        method=in_team(field), label=_("Team code: people in this team today.")
    )


def _staff(field: str, label: str):
    return filters.CharFilter(method=by_staff_id(field), label=label)


def _active_on(queryset: QuerySet, name: str, value: date) -> QuerySet:
    return queryset.filter(active_on(value))


def _active():
    return filters.DateFilter(method=_active_on, label=_("Periods covering this date."))


class StaffFilter(filters.FilterSet):
    team = _team("pk")
    updated_since = _updated_since()

    class Meta:
        model = StaffMember
        fields: list[str] = []


class TeamFilter(filters.FilterSet):
    code = filters.CharFilter()
    updated_since = _updated_since()

    class Meta:
        model = Team
        fields: list[str] = []


class RelationshipFilter(filters.FilterSet):
    team = _team("supervisee")
    supervisee = _staff("supervisee", _("Supervisee's staff id."))
    supervisor = _staff("supervisor", _("Supervisor's staff id."))
    kind = filters.ChoiceFilter(choices=SupervisoryRelationship._meta.get_field("kind").choices)
    active_on = _active()
    updated_since = _updated_since()

    class Meta:
        model = SupervisoryRelationship
        fields: list[str] = []


class CategoryFilter(filters.FilterSet):
    team = _team("staff")
    staff = _staff("staff", _("Staff id."))
    active_on = _active()
    updated_since = _updated_since()

    class Meta:
        model = CategoryPeriod
        fields: list[str] = []


class AbsenceFilter(CategoryFilter):
    class Meta:
        model = Absence
        fields: list[str] = []


class CasePeriodFilter(filters.FilterSet):
    team = _team("worker")
    worker = _staff("worker", _("Worker's staff id."))
    case_type = filters.ChoiceFilter(choices=CasePeriod._meta.get_field("case_type").choices)
    risk = filters.ChoiceFilter(choices=CasePeriod._meta.get_field("risk").choices)
    active_on = _active()
    updated_since = _updated_since()

    class Meta:
        model = CasePeriod
        fields: list[str] = []


def _case_held(workers: Callable[[str], dict]):
    """Cases with a period today whose worker matches `workers(value)`."""

    def method(queryset: QuerySet, name: str, value: str) -> QuerySet:
        periods = CasePeriod.objects.filter(active_on(timezone.localdate()), **workers(value))
        return queryset.filter(pk__in=periods.values("case"))

    return method


class CaseFilter(filters.FilterSet):
    team = filters.CharFilter(
        method=_case_held(lambda code: {"worker__in": team_members(code)}),
        label=_("Team code of the case's worker today."),
    )
    worker = filters.CharFilter(
        method=_case_held(lambda staff_id: {"worker__staff_id": staff_id}),
        label=_("Staff id of the case's worker today."),
    )
    source_system = filters.ChoiceFilter(choices=Case._meta.get_field("source_system").choices)
    updated_since = _updated_since()

    class Meta:
        model = Case
        fields: list[str] = []


def _session_team(queryset: QuerySet, name: str, value: str) -> QuerySet:
    members = team_members(value)
    attended = SessionAttendee.objects.filter(staff__in=members).values("session")
    # A union, not `supervisor IN team OR pk IN attended` (which reads every
    # session: privacy.rules._party_sessions).
    facilitated = SupervisionSession.objects.filter(supervisor__in=members).values("pk")
    return queryset.filter(pk__in=facilitated.union(attended))


def _session_supervisee(queryset: QuerySet, name: str, value: str) -> QuerySet:
    attended = SessionAttendee.objects.filter(staff__staff_id=value).values("session")
    return queryset.filter(pk__in=attended)


class SessionFilter(filters.FilterSet):
    team = filters.CharFilter(
        method=_session_team, label=_("Team code: sessions of this team's people today.")
    )
    supervisor = _staff("supervisor", _("Supervisor's (facilitator's) staff id."))
    supervisee = filters.CharFilter(method=_session_supervisee, label=_("Supervisee's staff id."))
    kind = filters.ChoiceFilter(choices=SupervisionSession._meta.get_field("kind").choices)
    status = filters.ChoiceFilter(choices=SupervisionSession._meta.get_field("status").choices)
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")
    updated_since = _updated_since()

    class Meta:
        model = SupervisionSession
        fields: list[str] = []


class CaseDiscussionFilter(filters.FilterSet):
    case = filters.CharFilter(field_name="case__case_id", label=_("Case id."))
    session = filters.CharFilter(field_name="session__session_id", label=_("Session id."))
    date_from = filters.DateFilter(field_name="session__date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="session__date", lookup_expr="lte")
    updated_since = _updated_since()

    class Meta:
        model = CaseDiscussion
        fields: list[str] = []


class ActionFilter(filters.FilterSet):
    team = _team("owner")
    owner = _staff("owner", _("Owner's staff id."))
    status = filters.ChoiceFilter(choices=Action._meta.get_field("status").choices)
    due_from = filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_to = filters.DateFilter(field_name="due_on", lookup_expr="lte")
    updated_since = _updated_since()

    class Meta:
        model = Action
        fields: list[str] = []


class AgreementFilter(filters.FilterSet):
    team = _team("supervisee")
    supervisee = _staff("supervisee", _("Supervisee's staff id."))
    supervisor = _staff("supervisor", _("Supervisor's staff id."))
    updated_since = _updated_since()

    class Meta:
        model = SupervisionAgreement
        fields: list[str] = []


class FeedbackFilter(filters.FilterSet):
    supervisor = _staff("supervisor", _("Supervisor's staff id."))
    given_from = filters.DateFilter(field_name="given_on", lookup_expr="gte")
    given_to = filters.DateFilter(field_name="given_on", lookup_expr="lte")

    class Meta:
        model = FeedbackResponse
        fields: list[str] = []


class AuditSampleFilter(filters.FilterSet):
    team = filters.CharFilter(field_name="team__code", label=_("Team code."))
    status = filters.ChoiceFilter(choices=AuditSample._meta.get_field("status").choices)

    class Meta:
        model = AuditSample
        fields: list[str] = []
