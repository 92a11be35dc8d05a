"""Primero v2 (CPIMS+): an HTTP client and a local fake server to test it.

../shared/spec/primero-api.md lists the facts of the API that these follow.
"""

from supervisiondesk.integrations.primero.client import Listing, PrimeroClient, ProbeResult
from supervisiondesk.integrations.primero.errors import (
    PrimeroAuthError,
    PrimeroError,
    PrimeroNotFound,
    PrimeroUnavailable,
    PrimeroValidationError,
)

__all__ = [
    "Listing",
    "PrimeroAuthError",
    "PrimeroClient",
    "PrimeroError",
    "PrimeroNotFound",
    "PrimeroUnavailable",
    "PrimeroValidationError",
    "ProbeResult",
]
