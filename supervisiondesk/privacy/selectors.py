"""Reads of the privacy app, each taking the requesting user: who read my
records, a director's need-to-know accesses, and the access report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from supervisiondesk.accounts.roles import Role, roles_of
from supervisiondesk.people.models import StaffMember
from supervisiondesk.privacy import rules
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry, NeedToKnowAccess
from supervisiondesk.supervision.models import SupervisionSession

# What a person is shown about reads of their records: reads, exports,
# refusals and need-to-know accesses that name them; not the sign-ins.
ABOUT_ME = (
    AccessEvent.READ,
    AccessEvent.EXPORTED,
    AccessEvent.DENIED,
    AccessEvent.NEED_TO_KNOW_OPENED,
    AccessEvent.SUBJECT_ACCESS,
    AccessEvent.PURGED,
)
# Who may see the organisation's access report.
REPORT_ROLES = frozenset({Role.DIRECTOR, Role.SENIOR_MANAGER})


def reads_of_my_records(*, user: AbstractBaseUser) -> QuerySet[AccessLogEntry]:
    """Every entry naming the user's staff record as a subject, newest first
    (their own reads are never listed: `access.log_read` leaves the reader
    out of the subjects)."""
    viewer = rules.viewer_of(user)
    if viewer.staff is None:
        return AccessLogEntry.objects.none()
    return AccessLogEntry.objects.filter(
        organisation_id=viewer.organisation_id,
        subjects__contains=f" {viewer.staff.pk} ",
        event__in=ABOUT_ME,
    ).order_by("-at", "-seq")


def reader_names(user_ids: Iterable[int | None]) -> dict[int, str]:
    """Each user's name as staff (or their user name), by user id."""
    ids = {pk for pk in user_ids if pk}
    names = dict(StaffMember.objects.filter(user_id__in=ids).values_list("user_id", "name"))
    missing = ids - set(names)
    if missing:
        names.update(get_user_model().objects.filter(pk__in=missing).values_list("pk", "username"))
    return names


@dataclass(frozen=True)
class GrantLine:
    grant: NeedToKnowAccess
    reads: list[AccessLogEntry]
    # For an open access to a worker: their records, to open one by one.
    sessions: tuple[SupervisionSession, ...] = ()

    @property
    def open(self) -> bool:
        return self.grant.closed_at is None and self.grant.expires_at > timezone.now()


def need_to_know_of(*, user: AbstractBaseUser) -> list[GrantLine]:
    """A director's own accesses, each with the reads made under it and,
    while open, the worker's records to open."""
    lines = _with_reads(
        NeedToKnowAccess.objects.filter(user=user).select_related("staff", "case", "user")
    )
    visible = rules.visible_sessions(user)

    def of(staff) -> Q:
        return Q(supervisor=staff) | Q(attendees__staff=staff)

    return [
        replace(
            line,
            sessions=tuple(
                visible.filter(of(line.grant.staff))
                .distinct()
                .select_related("supervisor")
                .order_by("-date", "-pk")[:100]
            ),
        )
        if line.open and line.grant.staff_id
        else line
        for line in lines
    ]


def may_see_report(user: AbstractBaseUser) -> bool:
    return bool(roles_of(user) & REPORT_ROLES) and rules.viewer_of(user).staff is not None


def access_report(*, user: AbstractBaseUser) -> tuple[list[GrantLine], QuerySet[AccessLogEntry]]:
    """The organisation's need-to-know accesses with their reads, and the
    refused attempts to open records, newest first."""
    viewer = rules.viewer_of(user)
    grants = NeedToKnowAccess.objects.filter(organisation_id=viewer.organisation_id).select_related(
        "staff", "case", "user"
    )
    denied = AccessLogEntry.objects.filter(
        organisation_id=viewer.organisation_id, event=AccessEvent.DENIED
    ).order_by("-at", "-seq")
    return _with_reads(grants), denied


def _with_reads(grants: QuerySet[NeedToKnowAccess]) -> list[GrantLine]:
    """The reads under each access: its director's reads between its opening
    and its end, whose logged reason names it (`access._need_to_know_reason`)."""
    grants = list(grants.order_by("-opened_at", "-pk")[:200])
    if not grants:
        return []
    first = min(g.opened_at for g in grants)
    reads = list(
        AccessLogEntry.objects.filter(
            user_id__in={g.user_id for g in grants},
            event=AccessEvent.READ,
            at__gte=first,
        )
        .exclude(reason="")
        .order_by("at", "seq")
    )
    lines = []
    for grant in grants:
        end = grant.closed_at or grant.expires_at
        tag = f"#{grant.pk} "
        mine = [
            r
            for r in reads
            if r.user_id == grant.user_id
            and grant.opened_at <= r.at <= end
            and (r.reason.startswith(tag) or f"; {tag}" in r.reason)
        ]
        lines.append(GrantLine(grant=grant, reads=mine))
    return lines
