"""Errors as RFC 9457 problem details (`application/problem+json`), the
same shape for every failure of every endpoint:

    {"type": "about:blank", "title": "Not found", "status": 404,
     "detail": "...", "instance": "/api/v1/sessions/12/",
     "errors": [{"field": "expires_on", "message": "...", "code": "invalid"}]}

`errors` lists field-level messages (a validation error), each with the
field's dotted path (`rows.3.worker_id`) or `non_field_errors`. The schema
declares this body for the error codes of every operation
(`api.schema.ProblemAutoSchema`); a 404 from the URL resolver under /api/
answers the same (`handler404`).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from supervisiondesk.supervision.services.common import NotAllowed

PROBLEM = "application/problem+json"
VALIDATION_TYPE = "urn:supervisiondesk:problem:validation"
API_PREFIX = "/api/"


def _title(code: int) -> str:
    titles = {
        400: _("Bad request"),
        401: _("Not signed in"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        406: _("Not acceptable"),
        415: _("Unsupported media type"),
        429: _("Too many requests"),
        500: _("Server error"),
    }
    return titles.get(code) or HTTPStatus(code).phrase


def field_errors(detail: Any, path: str = "") -> list[dict[str, str]]:
    """Flatten DRF's nested error detail into a list of (field path, message)."""
    found: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            found += field_errors(value, f"{path}.{key}" if path else str(key))
    elif isinstance(detail, list):
        if all(isinstance(item, (str, exceptions.ErrorDetail)) for item in detail):
            for item in detail:
                found.append(_error(path, item))
        else:
            for index, item in enumerate(detail):
                found += field_errors(item, f"{path}.{index}" if path else str(index))
    else:
        found.append(_error(path, detail))
    return found


def _error(path: str, message: Any) -> dict[str, str]:
    return {
        "field": path or "non_field_errors",
        "message": str(message),
        "code": getattr(message, "code", None) or "invalid",
    }


def problem(
    code: int, detail: str, *, instance: str = "", errors: list | None = None, type_: str = ""
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": type_ or "about:blank",
        "title": _title(code),
        "status": code,
        "detail": detail,
        "instance": instance,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, answering problem details; the services' own refusals
    (`NotAllowed`) and model validation (`full_clean`) become 403 and 400."""
    if isinstance(exc, NotAllowed):
        exc = exceptions.PermissionDenied(str(exc))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found, or not yours to see."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    if isinstance(exc, exceptions.ValidationError):
        errors = field_errors(exc.detail)
        detail = (
            errors[0]["message"]
            if len(errors) == 1
            else _("%(count)d fields are not valid: %(fields)s.")
            % {"count": len(errors), "fields": ", ".join(e["field"] for e in errors[:10])}
        )
        body = problem(
            response.status_code, detail, instance=instance, errors=errors, type_=VALIDATION_TYPE
        )
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        body = problem(response.status_code, str(detail), instance=instance)
    response.data = body
    response.content_type = PROBLEM
    return response


def handler404(request: HttpRequest, exception: Exception | None = None):
    """A path under /api/ that matches nothing answers a problem, not the
    HTML page: an integration reads JSON."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            problem(404, _("There is no such address in the API."), instance=request.path),
            status=status.HTTP_404_NOT_FOUND,
            content_type=PROBLEM,
        )
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest):
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            problem(500, _("Something went wrong on the server; it has been logged.")),
            status=500,
            content_type=PROBLEM,
        )
    return defaults.server_error(request)


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field's dotted path, or non_field_errors.")
    message = serializers.CharField()
    code = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details (for the schema only)."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(allow_blank=True)
    instance = serializers.CharField(allow_blank=True)
    errors = FieldErrorSerializer(many=True, required=False)
