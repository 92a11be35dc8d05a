"""Working-day countries as the `holidays` library knows them."""

from __future__ import annotations

from functools import cache

import holidays


@cache
def is_known_country(code: str) -> bool:
    """`GB-ENG` is country GB, subdivision ENG; `CO` a whole country."""
    country, _sep, subdivision = code.partition("-")
    supported = holidays.list_supported_countries()
    if country not in supported:
        return False
    return not subdivision or subdivision in supported[country]
