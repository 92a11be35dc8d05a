"""Validators for codes the product relies on (working-day countries, zones)."""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from supervisiondesk.compliance.countries import is_known_country


def validate_country(value: str) -> None:
    if value and not is_known_country(value):
        raise ValidationError(
            _("'%(value)s' is not a country code with working days (e.g. GB-ENG, CO, UG)."),
            params={"value": value},
            code="unknown_country",
        )


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("'%(value)s' is not a time zone (e.g. Europe/London, America/Bogota)."),
            params={"value": value},
            code="unknown_time_zone",
        )
