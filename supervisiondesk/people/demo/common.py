"""What both generators share: the logins, reset, the report, sizes."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models import ProtectedError, RestrictedError
from django.db.models.signals import post_delete, pre_delete
from django.utils.translation import gettext as _

from supervisiondesk.accounts.roles import Role
from supervisiondesk.people import services
from supervisiondesk.people.models import (
    Absence,
    Case,
    CasePeriod,
    CategoryPeriod,
    Organisation,
    Service,
    StaffMember,
    SupervisoryRelationship,
    Team,
    TeamMembership,
)
from supervisiondesk.supervision.models import (
    Action,
    AgendaItem,
    AgreementSignature,
    AgreementVersion,
    Amendment,
    CaseDiscussion,
    ManagementDecision,
    RecordSection,
    SessionAttendee,
    SessionEvent,
    SupervisionAgreement,
    SupervisionGroup,
    SupervisionSession,
)


class SeedError(Exception):
    """The seed cannot run; the message says why and what to do."""


# The seven demo logins: user name and roles. Each is linked to a staff
# record chosen by the generator (see `demo.py` and `national.py`).
LOGINS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("practitioner", (Role.PRACTITIONER,)),
    ("supervisor", (Role.SUPERVISOR, Role.PRACTITIONER)),
    ("manager", (Role.MANAGER, Role.SUPERVISOR)),
    ("senior", (Role.SENIOR_MANAGER, Role.MANAGER)),
    ("director", (Role.DIRECTOR,)),
    ("auditor", (Role.AUDITOR,)),
    ("admin", (Role.ADMINISTRATOR,)),
)


@dataclass
class Login:
    username: str
    roles: tuple[str, ...]
    staff_name: str
    password: str

    @property
    def role_labels(self) -> str:
        return ", ".join(str(Role(r).label) for r in self.roles)


@dataclass
class SeedReport:
    organisation: str
    rows: dict[str, int]
    logins: list[Login]
    stages: list[tuple[str, float]] = field(default_factory=list)
    seconds: float = 0.0
    database_bytes: int | None = None


def owned_querysets(organisation: Organisation) -> list[models.QuerySet]:
    """Everything of `organisation`, children first (supervision records
    before the people and cases they point at)."""
    from supervisiondesk.development.models import (
        CompetencyAssessment,
        Framework,
        PracticeObservation,
    )
    from supervisiondesk.privacy.models import NeedToKnowAccess, RetentionRule
    from supervisiondesk.quality.models import AuditSample

    # Each filter is on the table's own key column against a subquery of
    # the parent's keys (`session__in=sessions`), not through a join
    # (`session__organisation=`): Django deletes a join's rows by
    # `id IN (a self-join)`, which PostgreSQL, before it has counted the
    # rows of a table filled in the same transaction (a test's), planned as
    # nested loops over every pair of rows: minutes for the demo's attendees.
    staff = StaffMember.objects.filter(organisation=organisation)
    cases = Case.objects.filter(organisation=organisation)
    sessions = SupervisionSession.objects.filter(organisation=organisation)
    agreements = SupervisionAgreement.objects.filter(supervisor__in=staff)
    versions = AgreementVersion.objects.filter(agreement__in=agreements)
    groups = SupervisionGroup.objects.filter(organisation=organisation)
    return [
        # The access log is never deleted, not even by a demo reset.
        NeedToKnowAccess.objects.filter(organisation=organisation),
        RetentionRule.objects.filter(organisation=organisation),
        AuditSample.objects.filter(organisation=organisation),
        # Development records that protect a staff member or a framework
        # (the rest go with their worker).
        PracticeObservation.objects.filter(worker__in=staff),
        CompetencyAssessment.objects.filter(worker__in=staff),
        Framework.objects.filter(organisation=organisation),
        Amendment.objects.filter(session__in=sessions),
        SessionEvent.objects.filter(session__in=sessions),
        AgendaItem.objects.filter(session__in=sessions),
        Action.objects.filter(organisation=organisation),
        ManagementDecision.objects.filter(case__in=cases),
        CaseDiscussion.objects.filter(session__in=sessions),
        RecordSection.objects.filter(session__in=sessions),
        SessionAttendee.objects.filter(session__in=sessions),
        sessions,
        AgreementSignature.objects.filter(version__in=versions),
        versions,
        agreements,
        SupervisionGroup.members.through.objects.filter(supervisiongroup__in=groups),
        groups,
        CasePeriod.objects.filter(case__in=cases),
        cases,
        Absence.objects.filter(staff__in=staff),
        SupervisoryRelationship.objects.filter(supervisee__in=staff),
        CategoryPeriod.objects.filter(staff__in=staff),
        TeamMembership.objects.filter(staff__in=staff),
        staff,
        Team.objects.filter(organisation=organisation),
        Service.objects.filter(organisation=organisation),
    ]


def delete_organisation(organisation: Organisation) -> None:
    """Delete the organisation, its data and the logins of its staff.

    The caller holds the transaction. Queryset deletes go through Django's
    collector, so records of other apps that point at this data are
    deleted with it (or stop the reset when they protect it).
    """
    user_ids = list(
        StaffMember.objects.filter(organisation=organisation, user__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    emptied: set[type[models.Model]] = set()
    try:
        for queryset in owned_querysets(organisation):
            _delete(queryset, organisation, emptied)
            emptied.add(queryset.model)
        organisation.delete()
    except (ProtectedError, RestrictedError) as error:
        raise SeedError(
            _("%(organisation)s cannot be reset: other records still refer to it (%(error)s).")
            % {"organisation": organisation.name, "error": error.args[0]}
        ) from None
    get_user_model().objects.filter(pk__in=user_ids).delete()


def _delete(
    queryset: models.QuerySet, organisation: Organisation, emptied: set[type[models.Model]]
) -> None:
    """Django's collector loads every row of a model that others point at
    (600,000 cases: twenty seconds) even when those others are already
    gone. When every model pointing here has been emptied and nobody
    listens to its delete signals, one DELETE does the same."""
    model = queryset.model
    alone = all(rel.related_model in emptied for rel in model._meta.related_objects)
    listened = pre_delete.has_listeners(model) or post_delete.has_listeners(model)
    direct = any(f.name == "organisation" for f in model._meta.concrete_fields)
    if not (alone and direct and not listened):
        queryset.delete()
        return
    quote = connection.ops.quote_name
    column = quote(model._meta.get_field("organisation").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quote(model._meta.db_table)} WHERE {column} = %s", [organisation.pk]
        )


def prepare_organisation(name: str, *, reset: bool) -> None:
    """Refuse to seed over existing data unless asked to reset it; check
    that the login names are free."""
    existing = Organisation.objects.filter(name=name).first()
    if existing is not None:
        if not reset:
            raise SeedError(
                _(
                    "The organisation %(name)s already exists. Run again with --reset to "
                    "delete its data and seed it afresh."
                )
                % {"name": name}
            )
        delete_organisation(existing)
    taken = sorted(
        get_user_model()
        .objects.filter(username__in=[username for username, _roles in LOGINS])
        .values_list("username", flat=True)
    )
    if taken:
        raise SeedError(
            _(
                "The demo logins %(names)s already exist for another organisation. Seed "
                "into another database, or reset or delete that organisation first."
            )
            % {"names": ", ".join(taken)}
        )


def create_logins(
    staff: dict[str, StaffMember], *, password: str, email_domain: str
) -> list[Login]:
    """The seven demo users, each linked to `staff[username]`."""
    logins = []
    for username, roles in LOGINS:
        member = staff[username]
        first, _sep, last = member.name.partition(" ")
        services.user_create(
            username=username,
            password=password,
            roles=roles,
            email=f"{username}@{email_domain}",
            first_name=first,
            last_name=last,
            staff=member,
            # The administrator configures the structure in Django's admin.
            is_staff=Role.ADMINISTRATOR in roles,
        )
        logins.append(Login(username, tuple(roles), member.name, password))
    return logins


def organisation_rows(organisation: Organisation) -> dict[str, int]:
    """Rows per model for the organisation (its logins included)."""
    rows = {str(Organisation._meta.verbose_name_plural): 1}
    for queryset in reversed(owned_querysets(organisation)):
        rows[str(queryset.model._meta.verbose_name_plural)] = queryset.count()
    rows[str(get_user_model()._meta.verbose_name_plural)] = StaffMember.objects.filter(
        organisation=organisation, user__isnull=False
    ).count()
    return rows


def database_bytes() -> int | None:
    """The database's size on disk: the SQLite file, or PostgreSQL's figure."""
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if name == ":memory:" or "mode=memory" in name or not os.path.exists(name):
            return None
        return sum(os.path.getsize(path) for path in (name, f"{name}-wal") if os.path.exists(path))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return int(cursor.fetchone()[0])
    return None
