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
