"""Which language a person reads: their own choice (the Language page),
else the one picked in this browser (the switch before signing in: Django's
language cookie), else their organisation's, else the browser's preferred
languages (LocaleMiddleware), else the site's.

The pages (people.middleware.OrganisationMiddleware, with the browser's
cookie and languages) and the reminder emails (notifications.services, with
neither) ask here; the calendar feed keeps the language of the page where
its address was made (calendars.models.CalendarFeed.language)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ObjectDoesNotExist

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def chosen_language(user: AbstractBaseUser) -> str:
    """The person's own choice, or "" (reads `user.preferences`, so select it
    with the user where many are read)."""
    try:
        language = user.preferences.language
    except ObjectDoesNotExist:
        return ""
    return language if language in LANGUAGE_CODES else ""


def language_for(
    user: AbstractBaseUser, organisation=None, *, picked: str = "", fallback: str = ""
) -> str:
    """The language `user` reads in `organisation` (their staff record's);
    `picked`: the browser's language cookie, `fallback`: its languages."""
    for language in (
        chosen_language(user),
        picked,
        organisation.language if organisation is not None else "",
        fallback,
    ):
        if language in LANGUAGE_CODES:
            return language
    return settings.LANGUAGE_CODE
