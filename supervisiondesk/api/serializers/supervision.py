"""Supervision as the API shows it: agreements, sessions with their record,
case discussions (with their whole structure) and actions."""

from __future__ import annotations

from rest_framework import serializers

from supervisiondesk.api.serializers.people import staff_ref
from supervisiondesk.supervision.models import (
    Action,
    AgendaItem,
    AgreementVersion,
    CaseDiscussion,
    RecordSection,
    SessionAttendee,
    SupervisionAgreement,
    SupervisionSession,
)
from supervisiondesk.supervision.models.records import GROUP_FIELDS, RECORD_FIELDS


class AttendeeSerializer(serializers.ModelSerializer):
    staff = staff_ref()

    class Meta:
        model = SessionAttendee
        fields = ["staff", "role", "present"]


class SessionSerializer(serializers.ModelSerializer):
    supervisor = staff_ref()
    attendees = AttendeeSerializer(many=True, read_only=True)
    group = serializers.CharField(source="group.name", read_only=True, allow_null=True)

    class Meta:
        model = SupervisionSession
        fields = [
            "id",
            "session_id",
            "kind",
            "status",
            "date",
            "start_time",
            "planned_minutes",
            "duration_minutes",
            "mode",
            "supervisor",
            "attendees",
            "group",
            "recorded_on",
            "supervisor_signed_on",
            "supervisee_signed_on",
            "shared_on",
            "functions",
            "updated_at",
        ]


class SectionSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField(
        help_text="The notes; null when the section is personal to the worker and the caller "
        "is not a party to the session (see `withheld`)."
    )
    withheld = serializers.SerializerMethodField()

    class Meta:
        model = RecordSection
        fields = ["key", "title", "position", "personal", "text", "withheld", "written_at"]

    def _withheld(self, section: RecordSection) -> bool:
        return section.personal and not self.context.get("may_read_personal", False)

    def get_text(self, section: RecordSection) -> str | None:
        return None if self._withheld(section) else section.text

    def get_withheld(self, section: RecordSection) -> bool:
        return self._withheld(section)


class AgendaItemSerializer(serializers.ModelSerializer):
    case = serializers.SlugRelatedField(slug_field="case_id", read_only=True, allow_null=True)

    class Meta:
        model = AgendaItem
        fields = ["section_key", "text", "case"]


class SessionDetailSerializer(SessionSerializer):
    sections = SectionSerializer(many=True, read_only=True)
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)
    case_discussions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta(SessionSerializer.Meta):
        fields = [
            *SessionSerializer.Meta.fields,
            "place",
            "cancel_reason",
            "disagreement",
            "sections",
            "agenda",
            "case_discussions",
        ]


class CaseDiscussionSerializer(serializers.ModelSerializer):
    session = serializers.SlugRelatedField(slug_field="session_id", read_only=True)
    case = serializers.SlugRelatedField(slug_field="case_id", read_only=True)
    presented_by = staff_ref(allow_null=True)
    date = serializers.DateField(source="session.date", read_only=True)

    class Meta:
        model = CaseDiscussion
        fields = [
            "id",
            "session",
            "date",
            "case",
            "presented_by",
            "recorded_on",
            "risk_trend",
            "updated_at",
        ]


# The structure of a case discussion, in the order it is written and read
# (supervision.models.records): an integration writing it back to the
# child's record keeps these as its headings.
DISCUSSION_TEXT_FIELDS = RECORD_FIELDS + GROUP_FIELDS


class CaseDiscussionDetailSerializer(CaseDiscussionSerializer):
    actions = serializers.SerializerMethodField()

    class Meta(CaseDiscussionSerializer.Meta):
        fields = [
            *CaseDiscussionSerializer.Meta.fields,
            *(f for f in DISCUSSION_TEXT_FIELDS if f != "risk_trend"),
            "actions",
        ]

    def get_actions(self, discussion: CaseDiscussion) -> list[dict]:
        return ActionSerializer(discussion.actions.all(), many=True).data


class ActionSerializer(serializers.ModelSerializer):
    owner = staff_ref()
    session = serializers.SlugRelatedField(slug_field="session_id", read_only=True, allow_null=True)
    case = serializers.SlugRelatedField(slug_field="case_id", read_only=True, allow_null=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "description",
            "owner",
            "due_on",
            "status",
            "done_on",
            "delay_reason",
            "session",
            "case_discussion",
            "case",
            "changed_on",
            "updated_at",
        ]


class AgreementVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreementVersion
        exclude = ["id", "agreement", "created_by", "edit_version"]


class AgreementSerializer(serializers.ModelSerializer):
    supervisee = staff_ref(allow_null=True)
    supervisor = staff_ref()
    group = serializers.CharField(source="group.name", read_only=True, allow_null=True)

    class Meta:
        model = SupervisionAgreement
        fields = [
            "id",
            "supervisee",
            "supervisor",
            "group",
            "signed_on",
            "reviewed_on",
            "updated_at",
        ]


class AgreementDetailSerializer(AgreementSerializer):
    versions = AgreementVersionSerializer(many=True, read_only=True)

    class Meta(AgreementSerializer.Meta):
        fields = [*AgreementSerializer.Meta.fields, "versions"]
