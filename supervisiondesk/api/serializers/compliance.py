"""The shape of the compliance report (spec/compliance.md section 7), for
the schema: the view answers the engine's own dict."""

from __future__ import annotations

from rest_framework import serializers


def _s(**kwargs):
    return serializers.CharField(**kwargs)


def _d():
    return serializers.DateField(allow_null=True)


class _Due(serializers.Serializer):
    last = _d()
    next_due = _d()
    overdue_after = _d()
    status = _s()
    days_overdue = serializers.IntegerField()


class IndividualSerializer(_Due):
    staff_id = _s()
    category = _s(allow_null=True)


class GroupSerializer(_Due):
    staff_id = _s()


class CaseDueSerializer(_Due):
    case_id = _s()
    worker_id = _s()
    case_type = _s()
    risk = _s()


class RecordSerializer(serializers.Serializer):
    session_id = _s()
    recording = _s(allow_null=True)
    supervisor_sign_off = _s(allow_null=True)
    supervisee_sign_off = _s(allow_null=True)
    shared = _s(allow_null=True)
    short = serializers.BooleanField(allow_null=True)


class CaseRecordSerializer(serializers.Serializer):
    session_id = _s()
    case_id = _s()
    recording = _s(allow_null=True)


class RearrangingSerializer(serializers.Serializer):
    session_id = _s()
    status = _s()


class AgreementStatusSerializer(serializers.Serializer):
    supervisee_id = _s()
    supervisor_id = _s()
    status = _s()
    review_due = _d()


class SupervisorLoadSerializer(serializers.Serializer):
    staff_id = _s()
    supervisees = serializers.IntegerField()
    over_ratio = serializers.BooleanField(allow_null=True)


class BalanceSerializer(serializers.Serializer):
    supervisee_id = _s()
    supervisor_id = _s()
    sessions = serializers.IntegerField()
    functions_missing = serializers.ListField(child=_s())


class SummarySerializer(serializers.Serializer):
    individual_overdue = serializers.IntegerField()
    group_overdue = serializers.IntegerField()
    cases_overdue = serializers.IntegerField()
    records_missing = serializers.IntegerField()
    case_records_missing = serializers.IntegerField()
    agreements_missing = serializers.IntegerField()
    over_ratio = serializers.IntegerField()
    unruled = serializers.IntegerField()


class ReportSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    policy = _s(allow_blank=True)
    individual = IndividualSerializer(many=True)
    group = GroupSerializer(many=True)
    cases = CaseDueSerializer(many=True)
    records = RecordSerializer(many=True)
    case_records = CaseRecordSerializer(many=True)
    rearranging = RearrangingSerializer(many=True)
    agreements = AgreementStatusSerializer(many=True)
    supervisors = SupervisorLoadSerializer(many=True)
    balance = BalanceSerializer(many=True)
    summary = SummarySerializer()
