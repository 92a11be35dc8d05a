"""Every write of the api app: making, revoking and using a token."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervisiondesk.accounts.roles import Role, roles_of
from supervisiondesk.api.models import MAX_DAYS, ApiToken
from supervisiondesk.supervision.services.common import NotAllowed

# "sdpat_" tells a secret scanner (and a person) what leaked; 30 random
# bytes give 40 URL-safe characters, far beyond guessing.
PREFIX = "sdpat_"
TOKEN_BYTES = 30


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _may_manage(by: AbstractBaseUser, user: AbstractBaseUser) -> bool:
    """The user themself, or an administrator of the same organisation."""
    if by.pk == user.pk:
        return True
    if Role.ADMINISTRATOR not in roles_of(by):
        return False
    mine = getattr(getattr(by, "staff_member", None), "organisation_id", None)
    theirs = getattr(getattr(user, "staff_member", None), "organisation_id", None)
    return mine is not None and mine == theirs


@transaction.atomic
def token_create(
    *,
    user: AbstractBaseUser,
    name: str,
    scopes: Iterable[str],
    expires_on: date,
    by: AbstractBaseUser,
) -> tuple[ApiToken, str]:
    """A new token for `user`, made by them or their organisation's
    administrator. It works until the end of `expires_on` in the current
    time zone (the organisation's). Returns the token and its secret, which
    is not kept: the caller shows it once."""
    if not _may_manage(by, user):
        raise NotAllowed(_("Only the user or their organisation's administrator makes a token."))
    today = timezone.localdate()
    if expires_on <= today:
        raise NotAllowed(_("The expiry date must be after today."))
    if expires_on > today + timedelta(days=MAX_DAYS):
        raise NotAllowed(
            _("A token lives at most %(days)d days; choose an earlier expiry date.")
            % {"days": MAX_DAYS}
        )
    secret = PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken(
        user=user,
        name=name.strip(),
        token_hash=token_hash(secret),
        hint=secret[-4:],
        scopes=sorted(set(scopes)),
        expires_at=timezone.make_aware(datetime.combine(expires_on + timedelta(days=1), time())),
        created_by=by,
    )
    token.full_clean()
    token.save()
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, by: AbstractBaseUser) -> ApiToken:
    """Stop a token now: every call with it answers 401 from then on."""
    if not _may_manage(by, token.user):
        raise NotAllowed(_("Only the user or their organisation's administrator revokes a token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


# A busy integration calls many times a minute: the "last used" time is
# written at most once a minute per token, not on every call.
TOUCH_EVERY = timedelta(minutes=1)


def token_used(*, token: ApiToken, now: datetime) -> None:
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
