"""Writes to an organisation's policy: every change is a new dated version."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from supervisiondesk.people.models import Organisation
from supervisiondesk.policies.models import PolicyVersion


@transaction.atomic
def policy_version_add(
    *,
    organisation: Organisation,
    effective_from: date,
    preset: str = "",
    document: str = "",
    note: str = "",
    by: AbstractBaseUser | None = None,
) -> PolicyVersion:
    """A new version of the organisation's policy, in force from `effective_from`.

    Raises `ValidationError` naming the bad field (for a policy file, the
    field's path inside it) or a version already taking effect that day.
    """
    version = PolicyVersion(
        organisation=organisation,
        effective_from=effective_from,
        preset=preset,
        document=document if not preset else "",
        note=note,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    version.full_clean()
    version.save()
    return version


class PolicyVersionInForce(ValueError):
    """A version that has taken effect is history: reports on past days use it."""


@transaction.atomic
def policy_version_withdraw(*, version: PolicyVersion, today: date) -> None:
    """Withdraw a version that has not yet taken effect (entered by mistake);
    one in force or past stays, so that past reports keep their policy."""
    if version.effective_from <= today:
        raise PolicyVersionInForce(version.effective_from)
    version.delete()
