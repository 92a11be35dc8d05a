"""A supervisor's self-assessment of the balance of functions, beside the
balance recorded on their sessions; read by them and their line manager."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from supervisiondesk.people.tests.world import ROLES
from supervisiondesk.privacy import rules
from supervisiondesk.quality.models import SelfAssessment
from supervisiondesk.quality.services import NotAllowed, self_assessment_add
from supervisiondesk.quality.tests.helpers import make_session
from supervisiondesk.supervision.models import SupervisionSession
from supervisiondesk.supervision.services.common import organisation_today

pytestmark = pytest.mark.django_db
SHARES = {"managerial": 50, "development": 10, "support": 30, "mediation": 10}


@pytest.fixture
def today(world):
    return organisation_today(world.organisation)


def assess(world, today, who="supervisor", **kwargs):
    return self_assessment_add(
        supervisor=world.staff[kwargs.pop("supervisor", who)],
        period_start=kwargs.pop("start", today - timedelta(days=60)),
        period_end=kwargs.pop("end", today),
        shares=kwargs.pop("shares", SHARES),
        reflection=kwargs.pop("reflection", "Too little development."),
        by=world.users[who],
    )


@pytest.mark.parametrize(
    "change,message",
    [
        ({"shares": {**SHARES, "support": 40}}, "add up to 110"),
        ({"shares": {"managerial": 100}}, "each function"),
        ({"shares": {**SHARES, "mediation": -10, "support": 50}}, "whole percentage"),
        ({"reflection": "  "}, "reflection"),
        ({"end": None}, "has ended"),
        ({"supervisor": "practitioner"}, "supervisor themselves"),
    ],
)
def test_a_self_assessment_is_refused(world, today, change, message) -> None:
    if change.get("end", 0) is None:
        change = {"end": today + timedelta(days=1)}
    with pytest.raises(ValidationError, match=message):
        assess(world, today, **change)
    assert not SelfAssessment.objects.exists()


READERS = {"supervisor", "manager"}  # the supervisor and their line manager


@pytest.mark.parametrize("who", ROLES)
def test_who_reads_a_self_assessment(client, world, today, who) -> None:
    assessment = assess(world, today)
    assert rules.can_view(world.users[who], assessment) is (who in READERS)
    client.force_login(world.users[who])
    response = client.get(reverse("quality:self_assessment", args=[assessment.pk]))
    assert response.status_code == (200 if who in READERS else 404), who


def test_the_page_shows_it_beside_the_recorded_balance(client, world, today) -> None:
    s = world.staff
    for n, functions in enumerate([["managerial", "support"], ["managerial"], ["development"], []]):
        session = make_session(
            supervisor=s["supervisor"],
            attendees=[s["practitioner"]],
            day=today - timedelta(days=n + 1),
        )
        SupervisionSession.objects.filter(pk=session.pk).update(functions=functions)
    # Outside the period, or led by someone else: not counted.
    make_session(
        supervisor=s["supervisor"], attendees=[s["practitioner"]], day=today - timedelta(days=90)
    )
    other = make_session(supervisor=s["manager"], attendees=[s["supervisor"]], day=today)
    SupervisionSession.objects.filter(pk=other.pk).update(functions=["mediation"])
    assessment = assess(world, today)
    client.force_login(world.users["manager"])
    html = client.get(reverse("quality:self_assessment", args=[assessment.pk])).content.decode()
    # Recorded: managerial 1.5, support 0.5, development 1 of 3.
    for label, assessed, recorded in [
        ("Managerial / accountability", 50, 50),
        ("Development / educational", 10, 33),
        ("Support", 30, 17),
        ("Mediation / advocacy", 10, 0),
    ]:
        row = html.split(f'<th scope="row">{label}</th>')[1].split("</tr>")[0]
        assert f">{assessed}%<" in row and f">{recorded}%<" in row, label
    assert "5 sessions held" not in html and "4 sessions held" in html
    assert "1 session's record names no function" in html


def test_the_form_takes_the_policys_functions(client, world, today) -> None:
    client.force_login(world.users["supervisor"])
    url = reverse("quality:self_assessment_new")
    page = client.get(url).content.decode()
    for label in ["Managerial / accountability", "Mediation / advocacy"]:
        assert label in page
    data = {
        "period_start": (today - timedelta(days=30)).isoformat(),
        "period_end": today.isoformat(),
        "reflection": "Balanced enough.",
    } | {f"share_{k}": v for k, v in SHARES.items()}
    wrong = client.post(url, data | {"share_support": 35})
    assert "add up to 105%" in wrong.content.decode()
    done = client.post(url, data)
    assessment = SelfAssessment.objects.get()
    assert done["Location"] == reverse("quality:self_assessment", args=[assessment.pk])
    assert assessment.shares == SHARES
    listing = client.get(reverse("quality:self_assessments")).content.decode()
    assert done["Location"] in listing
    client.force_login(world.users["manager"])
    assert done["Location"] in client.get(reverse("quality:self_assessments")).content.decode()


def test_refusals_come_back_on_the_form(world, today) -> None:
    with pytest.raises(NotAllowed):
        assess(world, today, start=today, end=today - timedelta(days=1))
