"""Primero's webhook: `case.create` and `case.update` events note the record
for the next sync (`manage.py primero_sync --pending-only` every few
minutes). The address carries the connection's secret; the payload is not
trusted, the sync reads the record from Primero itself."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from supervisiondesk.integrations.models import PrimeroConnection
from supervisiondesk.integrations.services.sync import webhook_receive


@csrf_exempt  # a server-to-server call; the secret in the address authenticates it
@require_POST
def primero_webhook(request: HttpRequest, secret: str) -> HttpResponse:
    connection = PrimeroConnection.objects.filter(webhook_secret=secret, enabled=True).first()
    if connection is None:
        return JsonResponse({"error": "not found"}, status=404)
    try:
        record_id = webhook_receive(connection=connection, payload=json.loads(request.body))
    except (ValueError, UnicodeDecodeError) as error:
        message = str(error) if not isinstance(error, json.JSONDecodeError) else "not JSON"
        return JsonResponse({"error": message}, status=400)
    return JsonResponse({"record_id": record_id, "status": "queued"}, status=202)
