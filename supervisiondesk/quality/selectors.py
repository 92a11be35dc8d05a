"""Reads of the quality app, taking the requesting user."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, Q
from django.utils import timezone

from supervisiondesk.privacy import rules
from supervisiondesk.quality.models import AuditSample
from supervisiondesk.supervision.models import SupervisionSession


def audit_samples_of(*, user: AbstractBaseUser) -> list[AuditSample]:
    """An auditor's open samples, each with its records."""
    viewer = rules.viewer_of(user)
    if viewer.staff is None:
        return []
    return list(
        AuditSample.objects.filter(
            Q(closes_on__isnull=True) | Q(closes_on__gte=timezone.localdate()),
            auditor=user,
            organisation_id=viewer.organisation_id,
        ).prefetch_related(
            Prefetch(
                "sessions",
                queryset=SupervisionSession.objects.select_related("supervisor").order_by(
                    "date", "pk"
                ),
            )
        )
    )
