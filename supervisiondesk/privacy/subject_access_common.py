"""What the parts of the subject access export share: dates in the
organisation's time zone, people named as their staff record names them,
translated labels and the report's tables (privacy.subject_access and its
parts, subject_access_quality and subject_access_development)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from supervisiondesk.people.models import StaffMember


class _Clock:
    """Dates as ISO text, times of day in the organisation's zone: the same
    strings in data.json and in report.pdf."""

    def __init__(self, time_zone: str) -> None:
        self.zone = ZoneInfo(time_zone)

    def __call__(self, value: date | datetime | time | None) -> str | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return timezone.localtime(value, self.zone).isoformat(timespec="seconds")
        return value.isoformat()


def _who(user: AbstractBaseUser | None) -> str | None:
    """A person named as the staff record names them, else by login."""
    if user is None:
        return None
    try:
        return user.staff_member.name
    except StaffMember.DoesNotExist:
        return user.get_username()


def _label(model: type, field: str, value: str) -> str:
    """The translated label of a choice, as the pages show it."""
    choices = dict(model._meta.get_field(field).flatchoices)
    return str(choices.get(value, value))


def _table(title: str, headers: Iterable[str], rows: Iterable[Iterable[Any]]) -> dict[str, Any]:
    return {"title": title, "headers": list(headers), "rows": [list(r) for r in rows]}


def _dash(value: Any) -> Any:
    return "—" if value in (None, "") else value
