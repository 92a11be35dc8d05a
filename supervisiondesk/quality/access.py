"""The only way quality pages fetch one sensitive record: a feedback
response, a self-assessment, an audit sample. Like `supervision.access`,
each asks `privacy.rules`, logs the read (or the refusal) in the access log
and answers 404 alike for "not there" and "not yours"."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, QuerySet
from django.http import Http404

from supervisiondesk.privacy import rules
from supervisiondesk.privacy.models import AccessEvent, Channel
from supervisiondesk.quality.models import AuditSample, FeedbackResponse, SelfAssessment
from supervisiondesk.supervision.access import log_read

AnyUser = AbstractBaseUser | AnonymousUser


def _fetch(
    user: AnyUser,
    queryset: QuerySet,
    model: type[Model],
    pk: int,
    *,
    object_type: str,
    organisation_path: str,
    subject_fields: tuple[str, ...],
    channel: str,
):
    found = queryset.filter(pk=pk).first()
    row = model.objects.filter(pk=pk).values(organisation_path, *subject_fields).first()
    viewer = rules.viewer_of(user) if user.is_authenticated else None
    same = (
        row is not None and viewer is not None and row[organisation_path] == viewer.organisation_id
    )
    subjects = {row[f] for f in subject_fields if row[f] is not None} if same else set()
    if found is None:
        if user.is_authenticated:
            log_read(
                user,
                object_type=object_type,
                object_id=pk,
                subjects=subjects,
                event=AccessEvent.DENIED,
            )
        raise Http404
    log_read(user, object_type=object_type, object_id=pk, subjects=subjects, channel=channel)
    return found


def feedback_for(user: AnyUser, pk: int, *, channel: str = Channel.PAGE) -> FeedbackResponse:
    """One supervisee's feedback, read like a record: logged, with the
    supervisee and the supervisor as its subjects."""
    queryset = (
        rules.visible_feedback(user)
        .select_related("session", "respondent", "supervisor")
        .prefetch_related("ratings")
    )
    return _fetch(
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
    return _fetch(
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
    return _fetch(
        user,
        queryset.select_related("team", "organisation", "auditor"),
        AuditSample,
        pk,
        object_type="audit_sample",
        organisation_path="organisation_id",
        subject_fields=(),
        channel=channel,
    )
