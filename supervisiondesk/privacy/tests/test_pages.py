"""The privacy pages: who has read my records, need-to-know access and the
access report. (Every URL against every role: tests/test_authorization_matrix.py.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supervisiondesk.people.tests.world import ROLES
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry, NeedToKnowAccess
from supervisiondesk.privacy.services import need_to_know_open
from supervisiondesk.supervision.models import RecordSection
from supervisiondesk.supervision.services.common import organisation_today
from supervisiondesk.supervision.tests.test_case_record import make_session

pytestmark = pytest.mark.django_db

PAGES = {
    "privacy:my_reads": set(ROLES) - {"config_only"},
    "privacy:my_data": set(ROLES) - {"config_only"},
    "privacy:need_to_know": {"director"},
    "privacy:access_report": {"director", "senior", "stranger_boss"},
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_who_gets_each_page(client, world, name) -> None:
    wrong = []
    for who in ROLES:
        client.force_login(world.users[who])
        status = client.get(reverse(name)).status_code
        if status != (200 if who in PAGES[name] else 404):
            wrong.append((who, status))
    assert not wrong


@pytest.fixture
def session(world):
    today = organisation_today(world.organisation)
    session = make_session(
        supervisor=world.staff["supervisor"],
        attendees=[world.staff["practitioner"]],
        day=today - timedelta(days=3),
    )
    RecordSection.objects.create(
        session=session,
        key="check_in",
        title="Check-in and wellbeing",
        position=0,
        personal=True,
        text="PERSONAL-MARKER",
    )
    return session


def test_the_supervisee_sees_that_the_manager_read_their_record(client, world, session) -> None:
    client.force_login(world.users["manager"])
    page = client.get(reverse("supervision:session", args=[session.pk]))
    assert page.status_code == 200 and b"PERSONAL-MARKER" not in page.content
    client.force_login(world.users["practitioner"])
    mine = client.get(reverse("privacy:my_reads")).content.decode()
    assert "Mo Manager" in mine and f"Supervision record {session.pk}" in mine
    # Their own reads and their supervisor's are theirs to see; not sign-ins.
    assert "Signed in" not in mine


def test_a_refused_attempt_is_shown_to_the_worker_and_in_the_access_report(
    client, world, session
) -> None:
    client.force_login(world.users["director"])  # no need-to-know access yet
    assert client.get(reverse("supervision:session", args=[session.pk])).status_code == 404
    entry = AccessLogEntry.objects.get(event=AccessEvent.DENIED)
    assert entry.user_id == world.users["director"].pk and entry.object_id == str(session.pk)
    client.force_login(world.users["practitioner"])
    assert "Refused" in client.get(reverse("privacy:my_reads")).content.decode()
    client.force_login(world.users["senior"])
    report = client.get(reverse("privacy:access_report")).content.decode()
    assert "Dee Director" in report and f"Supervision record {session.pk}" in report


def test_a_director_opens_reads_and_closes_a_need_to_know_access(client, world, session) -> None:
    client.force_login(world.users["director"])
    url = reverse("privacy:need_to_know")
    refused = client.post(url, {"reason": "conduct", "details": "", "hours": 24})
    assert refused.status_code == 200 and not NeedToKnowAccess.objects.exists()
    both = client.post(
        url,
        {
            "staff": world.staff["practitioner"].pk,
            "case_id": "case-0",
            "reason": "conduct",
            "details": "x",
            "hours": 24,
        },
    )
    assert "not both" in both.content.decode()
    response = client.post(
        url,
        {
            "staff": world.staff["practitioner"].pk,
            "reason": "conduct",
            "details": "A complaint about a home visit.",
            "hours": 2,
        },
    )
    assert response.status_code == 302
    grant = NeedToKnowAccess.objects.get()
    assert grant.expires_at - grant.opened_at == timedelta(hours=2)
    listing = client.get(url).content.decode()
    assert reverse("supervision:session", args=[session.pk]) in listing
    page = client.get(reverse("supervision:session", args=[session.pk]))
    assert page.status_code == 200 and b"PERSONAL-MARKER" not in page.content
    read = AccessLogEntry.objects.filter(event=AccessEvent.READ).get()
    assert "Professional conduct: A complaint about a home visit." in read.reason
    # The practitioner sees who read and why.
    client.force_login(world.users["practitioner"])
    mine = client.get(reverse("privacy:my_reads")).content.decode()
    assert "A complaint about a home visit." in mine
    # Closed: the record is out of reach again, and the report lists the read.
    client.force_login(world.users["director"])
    client.post(reverse("privacy:need_to_know_close", args=[grant.pk]))
    assert client.get(reverse("supervision:session", args=[session.pk])).status_code == 404
    client.force_login(world.users["senior"])
    report = client.get(reverse("privacy:access_report")).content.decode()
    assert "A complaint about a home visit." in report
    assert f"Supervision record {session.pk}" in report


def test_an_access_expires_by_itself(client, world, session) -> None:
    grant = need_to_know_open(
        user=world.users["director"],
        organisation=world.organisation,
        reason="risk",
        details="Allegation.",
        staff=world.staff["supervisor"],
    )
    assert grant.expires_at - grant.opened_at == timedelta(hours=24)  # the default
    client.force_login(world.users["director"])
    url = reverse("supervision:session", args=[session.pk])
    assert client.get(url).status_code == 200
    NeedToKnowAccess.objects.filter(pk=grant.pk).update(
        opened_at=timezone.now() - timedelta(hours=25),
        expires_at=timezone.now() - timedelta(hours=1),
    )
    client.force_login(world.users["director"])  # a new request, a new user object
    assert client.get(url).status_code == 404


def test_only_the_director_who_opened_it_closes_it(client, world) -> None:
    grant = need_to_know_open(
        user=world.users["director"],
        organisation=world.organisation,
        reason="legal",
        details="Court order.",
        staff=world.staff["colleague"],
    )
    client.force_login(world.users["senior"])
    assert client.post(reverse("privacy:need_to_know_close", args=[grant.pk])).status_code == 404
    grant.refresh_from_db()
    assert grant.closed_at is None
