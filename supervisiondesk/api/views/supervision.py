"""Agreements, sessions with their records, case discussions and actions.
Lists show dates, names and statuses; a record's words come with its read
through `supervision.access`, logged with its subjects, and a session's
personal sections (wellbeing, personal notes) only to its parties."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from rest_framework.response import Response

from supervisiondesk.api import filters
from supervisiondesk.api.serializers import supervision as serializers
from supervisiondesk.api.views.base import ReadOnlyViewSet
from supervisiondesk.supervision import access
from supervisiondesk.supervision.models import (
    Action,
    AgendaItem,
    AgreementVersion,
    SessionAttendee,
)

ATTENDEES = Prefetch(
    "attendees", queryset=SessionAttendee.objects.select_related("staff").order_by("pk")
)


class AgreementViewSet(ReadOnlyViewSet):
    """Supervision agreements; one agreement brings its versions (what the parties agreed).
    Opening one is logged."""

    filterset_class = filters.AgreementFilter
    ordering_fields = ["signed_on", "reviewed_on", "updated_at"]
    ordering = ["pk"]
    log_object_type = "agreement_list"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.AgreementDetailSerializer
        return serializers.AgreementSerializer

    def get_queryset(self):
        return access.visible_agreements(self.request.user).select_related(
            "supervisee", "supervisor", "group"
        )

    def get_object(self):
        agreement = self.read_record(access.agreement_for)
        versions = AgreementVersion.objects.filter(agreement=agreement).order_by("number")
        agreement._prefetched_objects_cache = {"versions": versions}
        return agreement


class SessionViewSet(ReadOnlyViewSet):
    """Supervision sessions. The list is dates, people and statuses; one
    session brings its record (sections, agenda, case discussions)."""

    filterset_class = filters.SessionFilter
    ordering_fields = ["date", "updated_at"]
    ordering = ["-date", "-pk"]
    log_object_type = "session_list"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.SessionDetailSerializer
        return serializers.SessionSerializer

    def get_queryset(self):
        return (
            access.visible_sessions(self.request.user)
            .select_related("supervisor", "group")
            .prefetch_related(ATTENDEES)
        )

    def get_object(self):
        session = self.read_record(access.session_for)
        # The record's parts, on the session access has read (not read again).
        prefetch_related_objects(
            [session],
            ATTENDEES,
            "sections",
            "case_discussions",
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("case")),
        )
        return session

    def retrieve(self, request, *args, **kwargs):
        session = self.get_object()
        context = self.get_serializer_context()
        # Wellbeing and personal notes: the session's parties only.
        context["may_read_personal"] = access.may_read_personal(request.user, session)
        return Response(self.get_serializer_class()(session, context=context).data)


class CaseDiscussionViewSet(ReadOnlyViewSet):
    """Case discussions: what was said about a child's case in supervision,
    with its structure (purpose, the child's voice, risks, reflections,
    decisions and their rationale) and the actions agreed."""

    filterset_class = filters.CaseDiscussionFilter
    ordering_fields = ["session__date", "updated_at"]
    ordering = ["-session__date", "-pk"]
    log_object_type = "case_discussion_list"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.CaseDiscussionDetailSerializer
        return serializers.CaseDiscussionSerializer

    def get_queryset(self):
        return access.visible_discussions(self.request.user).select_related(
            "session", "case", "presented_by"
        )

    def get_object(self):
        discussion = self.read_record(access.discussion_for)
        discussion._prefetched_objects_cache = {
            "actions": Action.objects.filter(case_discussion=discussion)
            .select_related("owner", "session", "case")
            .order_by("due_on", "pk")
        }
        return discussion


class ActionViewSet(ReadOnlyViewSet):
    """Actions agreed in supervision, with their owner, due date and status. Opening one is
    logged."""

    serializer_class = serializers.ActionSerializer
    filterset_class = filters.ActionFilter
    ordering_fields = ["due_on", "updated_at"]
    ordering = ["due_on", "pk"]
    log_object_type = "action_list"

    def get_queryset(self):
        return access.visible_actions(self.request.user).select_related("owner", "session", "case")

    def get_object(self):
        return self.read_record(access.action_for)
