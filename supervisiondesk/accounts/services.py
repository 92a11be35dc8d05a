"""Writes of a person's own account settings."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from supervisiondesk.accounts.languages import LANGUAGE_CODES
from supervisiondesk.accounts.models import Preferences


@transaction.atomic
def preferences_update(*, user: AbstractBaseUser, language: str) -> Preferences:
    """`language` "" goes back to the organisation's language."""
    if language and language not in LANGUAGE_CODES:
        raise ValidationError({"language": _("Unknown language '%(code)s'.") % {"code": language}})
    preferences, _created = Preferences.objects.update_or_create(
        user=user, defaults={"language": language}
    )
    return preferences
