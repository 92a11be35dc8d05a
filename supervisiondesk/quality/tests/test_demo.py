"""The demo's quality data (`quality.demo.seed_quality`) on the seeded demo
organisation: some supervisors pass the feedback threshold and some do not,
an audit is drawn and graded with its follow-ups, and a self-assessment."""

from __future__ import annotations

from datetime import date

import pytest

from supervisiondesk.people.models import StaffMember
from supervisiondesk.people.tests.demo_day import DEMO_TODAY
from supervisiondesk.quality.arithmetic import quarters_up_to
from supervisiondesk.quality.demo import seed_quality
from supervisiondesk.quality.models import AuditGrade, AuditSample, FeedbackResponse, SelfAssessment
from supervisiondesk.quality.selectors.feedback import scores_by_supervisor


@pytest.mark.django_db
class TestDemoQuality:
    def test_the_demo_has_feedback_an_audit_and_a_self_assessment(self, demo) -> None:
        today = date.fromisoformat(DEMO_TODAY)
        if not FeedbackResponse.objects.filter(organisation=demo).exists():  # seed_demo may have
            seed_quality(organisation=demo, today=today)
        login = {
            name: StaffMember.objects.get(organisation=demo, user__username=name)
            for name in ("supervisor", "manager", "practitioner")
        }
        closed = quarters_up_to(today, 3)[-1]
        supervisors = FeedbackResponse.objects.filter(organisation=demo).values_list(
            "supervisor", flat=True
        )
        scores = scores_by_supervisor(set(supervisors), closed)
        assert all(s.shown for s in scores[login["supervisor"].pk])
        assert not any(s.shown for s in scores[login["manager"].pk])
        shown = {pk for pk, row in scores.items() if any(s.shown for s in row)}
        assert 1 < len(shown) < len(scores)  # some pass the threshold, some not

        sample = AuditSample.objects.get(organisation=demo, team__isnull=False)
        grades = AuditGrade.objects.filter(sample=sample)
        assert 0 < grades.count() < sample.sessions.count()  # some left to grade
        assert grades.exclude(findings="").exists()
        assert any(g.actions.exists() for g in grades)
        assert SelfAssessment.objects.filter(supervisor=login["supervisor"]).exists()
