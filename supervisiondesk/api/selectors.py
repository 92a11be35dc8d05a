"""Reads of the api app's own pages."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from supervisiondesk.api.models import ApiToken


def tokens_of(*, user: AbstractBaseUser) -> QuerySet[ApiToken]:
    """A user's tokens, newest first, the revoked ones included (history)."""
    return ApiToken.objects.filter(user=user).select_related("created_by", "revoked_by")
