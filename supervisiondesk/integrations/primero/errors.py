"""The client's exceptions, and how a failed exchange with Primero becomes
one: which URL, what went wrong, in plain English, with the status and
Primero's own `{"errors": [...]}` kept for code that wants the details."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import requests
from urllib3.exceptions import NewConnectionError


class PrimeroError(Exception):
    """Primero refused or failed a request. `errors` is the list of Primero's
    `{"errors": [...]}` envelope (empty when the answer had none)."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        resource: str | None = None,
        url: str | None = None,
        errors: Sequence[dict[str, Any]] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.resource = resource
        self.url = url
        self.errors = list(errors)


class PrimeroAuthError(PrimeroError):
    """401 (credentials refused, or a session that a new login did not mend)
    or 403 (the role lacks the permission, or a write lacked its CSRF token)."""


class PrimeroValidationError(PrimeroError):
    """422: Primero refused a write and changed nothing."""

    @property
    def fields(self) -> list[str]:
        """The fields named by the errors (Primero puts them in `detail`)."""
        return [str(e["detail"]) for e in self.errors if e.get("detail")]


class PrimeroNotFound(PrimeroError):
    """404: no such record, or one outside the account's scope."""


class PrimeroUnavailable(PrimeroError):
    """Primero could not be reached or failed (timeout, connection, 5xx),
    after the retries that were safe to make: try again later."""


def never_sent(exc: requests.RequestException) -> bool:
    """True when the connection itself failed, so the request cannot have
    reached Primero (refused, unknown host, connect timeout)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(exc, requests.ConnectionError) and isinstance(reason, NewConnectionError)


def unreachable(
    method: str, url: str, exc: requests.RequestException, *, timeout: float, attempts: int
) -> PrimeroUnavailable:
    """No answer: a timeout, a refused or broken connection."""
    tried = f"after {attempts} attempt{'s' if attempts > 1 else ''}"
    if never_sent(exc):
        what = "could not be connected to (refused, unknown host or connect timeout)"
    elif isinstance(exc, requests.Timeout):
        what = f"did not answer within {timeout:g} s"
    else:
        what = f"broke the connection ({type(exc).__name__})"
    return PrimeroUnavailable(f"Primero at {method} {short(url)} {what}, {tried}", url=url)


def refusal(
    method: str, response: requests.Response, *, user_name: str, attempts: int
) -> PrimeroError:
    """An answer of 400 or more, as the matching exception."""
    status, url = response.status_code, response.url
    try:
        errors = response.json().get("errors") or []
    except (ValueError, AttributeError):
        errors = []
    errors = [e for e in errors if isinstance(e, dict)]
    said = "; ".join(_describe(e) for e in errors) or response.reason or "no reason given"
    resource = next((e.get("resource") for e in errors if e.get("resource")), None)
    kinds: dict[int, tuple[type[PrimeroError], str]] = {
        401: (PrimeroAuthError, f"Primero refused the credentials of {user_name!r}"),
        403: (PrimeroAuthError, f"Primero forbids this to {user_name!r} (role or CSRF token)"),
        404: (PrimeroNotFound, "Primero has no such record, or not one this account sees"),
        422: (PrimeroValidationError, "Primero refused the change and saved nothing"),
    }
    cls, what = kinds.get(status, (PrimeroError, f"Primero answered {status}"))
    if status >= 500:
        cls = PrimeroUnavailable
        what = f"Primero failed with {status} after {attempts} attempt" + "s" * (attempts > 1)
    message = f"{what}: {method} {short(url)}: {said}"
    return cls(message, status=status, resource=resource, url=url, errors=errors)


def _describe(error: dict[str, Any]) -> str:
    message = error.get("message")
    text = "; ".join(map(str, message)) if isinstance(message, list) else str(message or "")
    return f"{error['detail']}: {text}" if error.get("detail") else text


def short(url: str, limit: int = 300) -> str:
    """A URL for a message: long worker lists cut, not the whole 4000 characters."""
    return url if len(url) <= limit else url[:limit] + "…"
