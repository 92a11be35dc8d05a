"""The demo's development records (`development.demo.seed_development`) on
the seeded demo organisation, and the pages its logins see."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from supervisiondesk.development.demo import seed_development
from supervisiondesk.development.models import (
    CompetencyAssessment,
    CpdEntry,
    GoalReview,
    LearningGoal,
    PracticeObservation,
    WellbeingPlan,
)
from supervisiondesk.people.models import StaffMember
from supervisiondesk.people.tests.demo_day import DEMO_TODAY


@pytest.mark.django_db
class TestDemoDevelopment:
    def test_the_demo_practitioner_has_a_development_to_look_at(self, demo) -> None:
        seed_development(organisation=demo, today=date.fromisoformat(DEMO_TODAY))
        seed_development(organisation=demo, today=date.fromisoformat(DEMO_TODAY))  # once only
        staff = {
            name: StaffMember.objects.get(organisation=demo, user__username=name)
            for name in ("practitioner", "supervisor")
        }
        practitioner = staff["practitioner"]
        assert LearningGoal.objects.filter(plan__worker=practitioner).count() == 3
        # Reviewed in the practitioner's own supervision sessions.
        reviews = GoalReview.objects.filter(goal__plan__worker=practitioner)
        assert reviews.exists()
        assert all(
            r.session.supervisees.filter(pk=practitioner.pk).exists()
            for r in reviews.select_related("session")
        )
        assessments = CompetencyAssessment.objects.filter(worker=practitioner)
        assert assessments.count() == 2  # a comparison to show
        assert WellbeingPlan.objects.filter(worker=practitioner).exists()
        assert CpdEntry.objects.filter(worker=practitioner, session__isnull=False).exists()
        assert PracticeObservation.objects.filter(worker=practitioner).count() == 2
        assert CompetencyAssessment.objects.filter(worker=staff["supervisor"]).exists()

        client = Client()
        client.force_login(practitioner.user)
        html = client.get(reverse("development:mine")).content.decode()
        assert "Prepare for giving evidence" in html
        latest = assessments.first()
        page = client.get(reverse("development:assessment", args=[latest.pk])).content.decode()
        assert "Now beside the previous assessment" in page

        client.force_login(staff["supervisor"].user)
        people = client.get(reverse("development:people")).content.decode()
        assert practitioner.name in people
