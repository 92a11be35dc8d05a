"""POST /api/v1/caseload/: a caseload from any case system, the same rows as
the data folder's case_periods.csv, as CSV (`text/csv`) or a JSON list.
The first write endpoint: it needs the `write` scope and an administrator
of the organisation (the same people who run `import_caseload`), and calls
the command's own service, `people.caseload.caseload_import`."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiRequest, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.parsers import BaseParser, JSONParser
from rest_framework.response import Response

from supervisiondesk.accounts.roles import Role, roles_of
from supervisiondesk.api.models import Scope
from supervisiondesk.api.views.base import ApiView
from supervisiondesk.compliance.folder import FolderError
from supervisiondesk.people.caseload import caseload_import
from supervisiondesk.people.choices import CaseType, Risk
from supervisiondesk.privacy.rules import viewer_of

MAX_ROWS = 100_000  # a national caseload; more is a mistake, not a caseload


class CsvParser(BaseParser):
    """The body as it came (bytes): `caseload_import` reads the CSV itself,
    so the API and the command line report the same lines."""

    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None) -> bytes:
        return stream.read() if stream is not None else b""


# "from" is a Python keyword: the row's serializer is built with type().
CaseloadRow = type(
    "CaseloadRow",
    (serializers.Serializer,),
    {
        "case_id": serializers.CharField(max_length=64),
        "worker_id": serializers.CharField(max_length=64, help_text="A staff id."),
        "case_type": serializers.ChoiceField(choices=CaseType.choices),
        "risk": serializers.ChoiceField(choices=Risk.choices),
        "from": serializers.DateField(),
        "to": serializers.DateField(required=False, allow_null=True),
    },
)


class CaseloadResult(serializers.Serializer):
    dry_run = serializers.BooleanField()
    rows = serializers.IntegerField(help_text="Case periods read.")
    created = serializers.DictField(child=serializers.IntegerField())
    updated = serializers.DictField(child=serializers.IntegerField())
    deleted = serializers.DictField(child=serializers.IntegerField())


class CaseloadView(ApiView):
    parser_classes = [JSONParser, CsvParser]
    required_scope = Scope.WRITE
    log_object_type = "caseload"

    @extend_schema(
        operation_id="caseload_import",
        parameters=[
            OpenApiParameter(
                "dry_run", OpenApiTypes.BOOL, description="Check and count; write nothing."
            )
        ],
        request={
            "application/json": OpenApiRequest(CaseloadRow(many=True)),
            "text/csv": OpenApiRequest(OpenApiTypes.STR),
        },
        responses=CaseloadResult,
        description=(
            "Import a caseload: case periods with the columns of the data folder's "
            "case_periods.csv (case_id, worker_id, case_type, risk, from, to), as CSV with a "
            "header row or as a JSON list of objects with those keys. For each case named, its "
            "periods become exactly these rows; other cases are left alone. All or nothing: "
            "every problem comes back in `errors`, by line (`lines.3.worker_id`) or item "
            "(`items.2.from`). Needs the `write` scope and an administrator."
        ),
    )
    def post(self, request):
        viewer = viewer_of(request.user)
        if viewer.staff is None or Role.ADMINISTRATOR not in roles_of(request.user):
            raise exceptions.PermissionDenied(
                _("Only an administrator of the organisation can import a caseload.")
            )
        data = request.data
        if not isinstance(data, bytes | list):
            raise exceptions.ValidationError(
                {"non_field_errors": [_("Send a JSON list of case periods, or CSV.")]}
            )
        if isinstance(data, list) and len(data) > MAX_ROWS:
            raise exceptions.ValidationError(
                {"non_field_errors": [_("At most %(n)d rows at once.") % {"n": MAX_ROWS}]}
            )
        dry_run = request.query_params.get("dry_run", "").lower() in ("1", "true", "yes")
        try:
            rows, summary = caseload_import(
                organisation=viewer.staff.organisation, data=data, dry_run=dry_run
            )
        except FolderError as error:
            prefix = "items" if isinstance(data, list) else "lines"
            errors: dict[str, list[str]] = {}
            for problem in error.problems:
                path = ".".join(str(p) for p in (prefix, problem.line, problem.column) if p != "")
                errors.setdefault(path, []).append(problem.message)
            raise exceptions.ValidationError(errors) from error
        body = {
            "dry_run": dry_run,
            "rows": rows,
            "created": dict(summary.created),
            "updated": dict(summary.updated),
            "deleted": dict(summary.deleted),
        }
        return Response(CaseloadResult(body).data)
