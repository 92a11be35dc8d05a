"""The compliance report of `spec/compliance.md` section 7, for a day and
the people the caller may oversee (`privacy.people_rules.compliance_staff`),
computed by the same engine as the pages and the command line.

A team's report costs about half a second at national scale, so it is kept
`COMPLIANCE_CACHE_SECONDS` (a minute) for the same organisation, day and
people, in a cache the server's processes share; the `Age` header says how
old it is, and `Cache-Control: no-cache` asks for it afresh (docs/api.md)."""

from __future__ import annotations

import hashlib
import time
from datetime import date

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from supervisiondesk.api.models import Scope
from supervisiondesk.api.serializers.compliance import ReportSerializer
from supervisiondesk.api.views.base import ApiView
from supervisiondesk.compliance.engine import compliance_report
from supervisiondesk.compliance.engine.report import empty_report
from supervisiondesk.people.models import StaffMember, TeamMembership
from supervisiondesk.people.selectors import active_on
from supervisiondesk.policies.selectors import NoPolicyError, policy_timeline
from supervisiondesk.privacy.people_rules import compliance_staff
from supervisiondesk.privacy.rules import viewer_of
from supervisiondesk.supervision.loaders import dataset_from_database

# The engine walks day by day from each person's start: a date far from
# today is a typing mistake, not a question.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class ComplianceQuery(serializers.Serializer):
    as_of = serializers.DateField(
        required=False, help_text="The day of the report; today (the organisation's) if absent."
    )
    team = serializers.CharField(
        required=False, max_length=64, help_text="A team code: its members on as_of."
    )
    staff = serializers.CharField(
        required=False,
        max_length=4000,
        help_text="Staff ids, separated by commas: only these people and their cases.",
    )

    def validate_as_of(self, value: date) -> date:
        if not EARLIEST <= value <= LATEST:
            raise serializers.ValidationError(
                _("Choose a day between %(first)s and %(last)s.")
                % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()}
            )
        return value


class ComplianceView(ApiView):
    required_scope = Scope.COMPLIANCE
    log_object_type = "compliance_report"

    @extend_schema(
        operation_id="compliance_report",
        parameters=[
            OpenApiParameter("as_of", OpenApiTypes.DATE),
            OpenApiParameter("team", OpenApiTypes.STR),
            OpenApiParameter("staff", OpenApiTypes.STR),
        ],
        responses=ReportSerializer,
        description=(
            "The compliance report (spec/compliance.md section 7): what is due and overdue "
            "for each person and case the caller may oversee, on `as_of`. Needs the "
            "`compliance` scope."
        ),
    )
    def get(self, request):
        query = ComplianceQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        on = query.validated_data.get("as_of") or timezone.localdate()
        viewer = viewer_of(request.user)
        allowed = compliance_staff(request.user, on=on)
        if viewer.staff is None or not allowed:
            return Response(empty_report(on, ""))
        organisation = viewer.staff.organisation
        chosen = allowed
        if team := query.validated_data.get("team"):
            members = set(
                TeamMembership.objects.filter(
                    active_on(on), team__code=team, team__organisation=organisation
                ).values_list("staff_id", flat=True)
            )
            if not members & allowed:
                raise ValidationError({"team": [_("No team with this code among yours.")]})
            chosen = chosen & members
        if wanted := query.validated_data.get("staff"):
            ids = {part.strip() for part in wanted.split(",") if part.strip()}
            found = dict(
                StaffMember.objects.filter(
                    organisation=organisation, staff_id__in=ids, pk__in=chosen
                ).values_list("staff_id", "pk")
            )
            missing = sorted(ids - set(found))
            if missing:
                raise ValidationError(
                    {
                        "staff": [
                            _("Not among the people you oversee: %s.") % ", ".join(missing[:10])
                        ]
                    }
                )
            chosen = set(found.values())
        seconds = settings.COMPLIANCE_CACHE_SECONDS
        key = report_key(organisation.pk, on, chosen)
        fresh = "no-cache" in request.headers.get("Cache-Control", "").lower()
        kept = caches["reports"].get(key) if seconds > 0 and not fresh else None
        if kept is None:
            try:
                policies = policy_timeline(organisation=organisation)
            except NoPolicyError as error:
                raise ValidationError({"as_of": [str(error)]}) from error
            dataset = dataset_from_database(organisation, on, staff=chosen)
            staff_ids = set(
                StaffMember.objects.filter(pk__in=chosen).values_list("staff_id", flat=True)
            )
            kept = (time.time(), compliance_report(dataset, policies, on, staff_ids=staff_ids))
            if seconds > 0:
                caches["reports"].set(key, kept, seconds)
        computed_at, report = kept
        response = Response(report)
        response["Cache-Control"] = f"private, max-age={seconds}"
        response["Age"] = str(max(0, int(time.time() - computed_at)))
        return response


def report_key(organisation: int, on: date, staff: set[int]) -> str:
    """One report for one organisation, day and set of people, whoever asks
    (the people are those the caller may oversee, so sharing it shows no one
    more than their own rules do)."""
    people = ",".join(map(str, sorted(staff)))
    digest = hashlib.sha256(f"{organisation}|{on.isoformat()}|{people}".encode()).hexdigest()
    return f"compliance-report:{digest}"
