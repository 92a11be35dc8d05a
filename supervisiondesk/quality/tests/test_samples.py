from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from supervisiondesk.people.tests.world import ROLES
from supervisiondesk.quality.models import AuditSample
from supervisiondesk.quality.services import NotAllowed, audit_sample_assign
from supervisiondesk.supervision.services.common import organisation_today
from supervisiondesk.supervision.tests.test_case_record import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(world):
    today = organisation_today(world.organisation)
    session = make_session(
        supervisor=world.staff["supervisor"],
        attendees=[world.staff["practitioner"]],
        day=today - timedelta(days=10),
    )
    return audit_sample_assign(
        organisation=world.organisation,
        auditor=world.users["auditor"],
        title="Spring audit",
        sessions=[session],
        closes_on=today + timedelta(days=30),
        by=world.users["admin"],
    )


def test_only_auditors_have_the_page_and_it_lists_their_records(client, world, sample) -> None:
    session = sample.sessions.get()
    for who in ROLES:
        client.force_login(world.users[who])
        response = client.get(reverse("quality:samples"))
        assert response.status_code == (200 if who == "auditor" else 404), who
    client.force_login(world.users["auditor"])
    page = client.get(reverse("quality:samples")).content.decode()
    assert "Spring audit" in page
    assert reverse("supervision:session", args=[session.pk]) in page
    assert client.get(reverse("supervision:session", args=[session.pk])).status_code == 200


def test_a_closed_sample_is_no_longer_listed_nor_readable(client, world, sample) -> None:
    session = sample.sessions.get()
    today = organisation_today(world.organisation)
    AuditSample.objects.filter(pk=sample.pk).update(closes_on=today - timedelta(days=1))
    client.force_login(world.users["auditor"])
    assert "Spring audit" not in client.get(reverse("quality:samples")).content.decode()
    assert client.get(reverse("supervision:session", args=[session.pk])).status_code == 404


def test_samples_go_to_auditors_and_stay_in_one_organisation(world, sample) -> None:
    with pytest.raises(NotAllowed):
        audit_sample_assign(
            organisation=world.organisation,
            auditor=world.users["manager"],
            title="x",
            sessions=[],
            closes_on=None,
            by=world.users["admin"],
        )
    stranger = make_session(
        supervisor=world.staff["other_supervisor"],
        attendees=[world.staff["colleague"]],
        day=organisation_today(world.organisation),
    )
    stranger.organisation = world.other_organisation
    with pytest.raises(NotAllowed):
        audit_sample_assign(
            organisation=world.organisation,
            auditor=world.users["auditor"],
            title="x",
            sessions=[stranger],
            closes_on=None,
            by=world.users["admin"],
        )
