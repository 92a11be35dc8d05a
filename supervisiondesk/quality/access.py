"""The only way quality pages fetch one sensitive record: a feedback
response, a self-assessment, an audit sample. Like `supervision.access`,
each asks `privacy.rules`, logs the read (or the refusal) in the access log
and answers 404 alike for "not there" and "not yours"."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from supervisiondesk.privacy import rules
from supervisiondesk.privacy.models import Channel
from supervisiondesk.quality.models import AuditSample, FeedbackResponse, SelfAssessment
from supervisiondesk.supervision.access import record_for

AnyUser = AbstractBaseUser | AnonymousUser


def feedback_for(user: AnyUser, pk: int, *, channel: str = Channel.PAGE) -> FeedbackResponse:
    """One supervisee's feedback, read like a record: logged, with the
    supervisee and the supervisor as its subjects."""
    queryset = (
        rules.visible_feedback(user)
        .select_related("session", "respondent", "supervisor")
        .prefetch_related("ratings")
    )
    return record_for(
        user,
        queryset,
        FeedbackResponse,
        pk,
        object_type="feedback",
        organisation_path="organisation_id",
        subject_fields=("respondent_id", "supervisor_id"),
        channel=channel,
    )


def self_assessment_for(user: AnyUser, pk: int, *, channel: str = Channel.PAGE) -> SelfAssessment:
    queryset = rules.visible_self_assessments(user).select_related("supervisor__organisation")
    return record_for(
        user,
        queryset,
        SelfAssessment,
        pk,
        object_type="self_assessment",
        organisation_path="supervisor__organisation_id",
        subject_fields=("supervisor_id",),
        channel=channel,
    )


def sample_for(
    user: AnyUser, pk: int, *, edit: bool = False, channel: str = Channel.PAGE
) -> AuditSample:
    """An audit sample with its findings; `edit=True`: its auditor grading."""
    queryset = (rules.editable_audit_samples if edit else rules.visible_audit_samples)(user)
    return record_for(
        user,
        queryset.select_related("team", "organisation", "auditor"),
        AuditSample,
        pk,
        object_type="audit_sample",
        organisation_path="organisation_id",
        subject_fields=(),
        channel=channel,
    )
