"""Supervisee feedback on the teams' dashboard: a supervisor's ratings are
pooled only when their own figure may be shown (five responses or more in a
closed quarter), so the pooled mean reveals nothing the viewer could not
already read; the page shows it with each quarter."""

from __future__ import annotations

import pytest
from django.urls import reverse

from supervisiondesk.people.models import Team
from supervisiondesk.quality.tests.test_feedback import closed_quarter, fill
from supervisiondesk.reports.feedback_selectors import team_feedback
from supervisiondesk.supervision.services.common import organisation_today


@pytest.fixture
def today(world):
    return organisation_today(world.organisation)


def quarter_of(quarters, period):
    return next(q for q in quarters if q.period == period)


@pytest.mark.django_db
def test_a_supervisor_under_five_responses_is_left_out_of_the_pool(world, today) -> None:
    quarter = closed_quarter(today)
    teams = list(Team.objects.filter(organisation=world.organisation))
    fill(world, quarter, "supervisor", 5, score=4)
    fill(world, quarter, "manager", 4, score=1)
    senior = world.users["senior"]  # oversees both supervisors (their service)
    found = quarter_of(team_feedback(user=senior, teams=teams, today=today), quarter)
    assert (found.mean, found.supervisors, found.ratings) == (4.0, 1, 25)
    fill(world, quarter, "manager", 1, score=1)
    found = quarter_of(team_feedback(user=senior, teams=teams, today=today), quarter)
    assert (found.mean, found.supervisors, found.ratings) == (2.5, 2, 50)


@pytest.mark.django_db
def test_a_manager_does_not_see_feedback_on_themselves_pooled(world, today) -> None:
    quarter = closed_quarter(today)
    teams = list(Team.objects.filter(organisation=world.organisation))
    fill(world, quarter, "manager", 6, score=2)
    found = quarter_of(
        team_feedback(user=world.users["manager"], teams=teams, today=today), quarter
    )
    assert found.mean is None and found.supervisors == 0


@pytest.mark.django_db
def test_the_dashboard_shows_the_pooled_mean(client, world, today) -> None:
    quarter = closed_quarter(today)
    fill(world, quarter, "supervisor", 5, score=3)
    client.force_login(world.users["manager"])
    response = client.get(reverse("reports:dashboard"))
    quarters = response.context["feedback"]
    assert quarter_of(quarters, quarter).mean == 3.0
    assert "Supervisee feedback" in response.content.decode()
