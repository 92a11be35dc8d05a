"""Every write of the privacy app: access log entries, need-to-know access,
retention rules. (The purge and the subject access export are in
`retention.py` and `subject_access.py`.)"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervisiondesk.people.models import Case, Organisation, StaffMember
from supervisiondesk.privacy import chain as hash_chain
from supervisiondesk.privacy.models import (
    AccessEvent,
    AccessLogEntry,
    AccessLogHead,
    Channel,
    NeedToKnowAccess,
    NeedToKnowReason,
    RecordType,
    RetentionRule,
)


class NotAllowed(Exception):
    """The user may not do this; the message says why, for the page."""


def chain_name(organisation_id: int | None) -> str:
    """The organisation's first chain (the only one a call ever takes when
    no other call is writing to it at the same moment)."""
    return f"org-{organisation_id}" if organisation_id is not None else "system"


# Chains per organisation. Every call appends under its chain's lock; with
# one chain, the calls of a busy organisation queued on one row, held while
# the holder's Python thread waited for a CPU (benchmarks/README.md,
# api_load.py). A call takes the first chain no other call holds.
# privacy.chain.verify checks each; the verify command names their
# organisation (it must change with these names).
CHAINS = 8


def chain_names(organisation_id: int | None) -> list[str]:
    """`org-12`, `org-12.1` ... `org-12.7`, in the order they are tried."""
    first = chain_name(organisation_id)
    return [first] + [f"{first}.{n}" for n in range(1, CHAINS)]


def _head_to_append_to(organisation_id: int | None) -> AccessLogHead:
    """The head of a chain, locked for this transaction: the first chain
    no other transaction holds (SKIP LOCKED; SQLite, which has one writer at
    a time, always gives the first), made when none is free."""
    names = chain_names(organisation_id)
    heads = AccessLogHead.objects.select_for_update(skip_locked=True).filter(chain__in=names)
    head = heads.order_by("chain").first()
    if head is not None:
        return head
    existing = set(AccessLogHead.objects.filter(chain__in=names).values_list("chain", flat=True))
    missing = [name for name in names if name not in existing]
    if missing:
        try:
            with transaction.atomic():
                return AccessLogHead.objects.create(
                    chain=missing[0], seq=0, last_hash=hash_chain.GENESIS
                )
        except IntegrityError:  # another call made it first: wait for it
            name = missing[0]
    else:  # every chain is being written: wait for one
        name = random.choice(names)  # spreads the waiters
    return AccessLogHead.objects.select_for_update().get(chain=name)


def access_log_add(
    *,
    user: AbstractBaseUser | AnonymousUser | None,
    event: str,
    channel: str = Channel.PAGE,
    organisation_id: int | None = None,
    object_type: str = "",
    object_id: str | int = "",
    subjects: Iterable[int] = (),
    reason: str = "",
    detail: str = "",
    username: str = "",
) -> AccessLogEntry:
    """Append one entry to one of its organisation's chains.

    Runs in its own transaction (or savepoint), locking the chain's head, so
    concurrent requests on a chain chain one after the other and never fork
    (`_head_to_append_to` says which chain).
    """
    user_id = None
    if user is not None and user.is_authenticated:
        user_id = user.pk
        username = user.get_username()
    subject_ids = sorted({int(s) for s in subjects})
    with transaction.atomic():
        head = _head_to_append_to(organisation_id)
        entry = AccessLogEntry(
            chain=head.chain,
            seq=head.seq + 1,
            at=timezone.now(),
            organisation_id=organisation_id,
            user_id=user_id,
            username=username[:150],
            event=event,
            channel=channel,
            object_type=object_type,
            object_id=str(object_id),
            subjects=f" {' '.join(map(str, subject_ids))} " if subject_ids else "",
            reason=reason,
            detail=detail,
            prev_hash=head.last_hash,
        )
        entry.entry_hash = hash_chain.entry_hash(entry)
        entry.save()
        AccessLogHead.objects.filter(pk=head.pk).update(seq=entry.seq, last_hash=entry.entry_hash)
    return entry


# ---------------------------------------------------------------- need to know


def need_to_know_open(
    *,
    user: AbstractBaseUser,
    organisation: Organisation,
    reason: str,
    details: str,
    staff: StaffMember | None = None,
    case: Case | None = None,
    hours: int | None = None,
) -> NeedToKnowAccess:
    """Open a director's need-to-know access, logged with its reason."""
    from supervisiondesk.accounts.roles import Role, roles_of

    if Role.DIRECTOR not in roles_of(user):
        raise NotAllowed(_("Only a director opens need-to-know access."))
    subject_org = (staff or case).organisation_id if (staff or case) else None
    if subject_org != organisation.pk:
        raise NotAllowed(_("Choose a worker or a case of your organisation."))
    if reason not in NeedToKnowReason.values:
        raise NotAllowed(_("Choose a reason from the list."))
    if not details.strip():
        raise NotAllowed(_("Say why you need to know."))
    hours = hours or settings.NEED_TO_KNOW_HOURS
    if not 1 <= hours <= settings.NEED_TO_KNOW_MAX_HOURS:
        raise NotAllowed(
            _("Access lasts between 1 and %(max)s hours.")
            % {"max": settings.NEED_TO_KNOW_MAX_HOURS}
        )
    now = timezone.now()
    with transaction.atomic():
        grant = NeedToKnowAccess(
            organisation=organisation,
            user=user,
            staff=staff,
            case=case,
            reason=reason,
            details=details.strip(),
            opened_at=now,
            expires_at=now + timedelta(hours=hours),
        )
        grant.full_clean()
        grant.save()
        access_log_add(
            user=user,
            event=AccessEvent.NEED_TO_KNOW_OPENED,
            organisation_id=organisation.pk,
            object_type="staff" if staff else "case",
            object_id=(staff or case).pk,
            subjects=[staff.pk] if staff else [],
            reason=f"{grant.get_reason_display()}: {grant.details}",
            detail=f"need-to-know #{grant.pk} until {grant.expires_at.isoformat()}",
        )
    return grant


def need_to_know_close(*, user: AbstractBaseUser, grant: NeedToKnowAccess) -> NeedToKnowAccess:
    """End an access before it expires (its holder does, when done)."""
    if grant.user_id != user.pk:
        raise NotAllowed(_("Only the director who opened this access can close it."))
    now = timezone.now()
    with transaction.atomic():
        if grant.closed_at is None and grant.expires_at > now:
            grant.closed_at = now
            grant.save(update_fields=["closed_at"])
            access_log_add(
                user=user,
                event=AccessEvent.NEED_TO_KNOW_CLOSED,
                organisation_id=grant.organisation_id,
                object_type="need_to_know",
                object_id=grant.pk,
                subjects=[grant.staff_id] if grant.staff_id else [],
            )
    return grant


# ---------------------------------------------------------------- retention


def retention_rule_set(
    *, organisation: Organisation, record_type: str, years: int
) -> RetentionRule:
    with transaction.atomic():
        rule = RetentionRule.objects.filter(
            organisation=organisation, record_type=record_type
        ).first() or RetentionRule(organisation=organisation, record_type=record_type)
        rule.years = years
        rule.full_clean()
        rule.save()
    return rule


__all__ = [
    "NotAllowed",
    "RecordType",
    "access_log_add",
    "chain_name",
    "need_to_know_close",
    "need_to_know_open",
    "retention_rule_set",
]
