"""The session pages: who may open and post to each (a role matrix), the
edit conflict that keeps the loser's text, and the locked signed record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from supervisiondesk.people.models import Case
from supervisiondesk.people.tests.world import ROLES
from supervisiondesk.supervision.choices import SessionKind
from supervisiondesk.supervision.models import SupervisionSession
from supervisiondesk.supervision.services import records, sessions
from supervisiondesk.supervision.services.common import organisation_today

pytestmark = pytest.mark.django_db

PARTIES = {"supervisor", "practitioner"}
WITH_STAFF = set(ROLES) - {"config_only"}


@pytest.fixture
def held(world) -> SupervisionSession:
    """A formal session of `supervisor` with `practitioner` held today, with
    a case discussion: enough for every page to have something to show."""
    today = organisation_today(world.organisation)
    session = sessions.session_plan(
        supervisor=world.staff["supervisor"],
        supervisee=world.staff["practitioner"],
        kind=SessionKind.INDIVIDUAL_FORMAL,
        date=today,
        planned_minutes=90,
        by=world.users["supervisor"],
    )
    records.record_save(
        session=session,
        expected_version=session.record_version,
        by=world.users["supervisor"],
        sections={"workload": "Twelve cases, two in court."},
        duration_minutes=90,
        functions=["managerial", "support"],
    )
    case = world.staff["practitioner"].case_periods.first().case
    records.case_discussion_add(session=session, case=case, by=world.users["practitioner"])
    return SupervisionSession.objects.get(pk=session.pk)


def pages(session: SupervisionSession) -> dict[str, tuple[str, set[str]]]:
    """Each page and who gets it (everyone else: 404, so ids leak nothing)."""
    discussion = session.case_discussions.get()
    return {
        "overview": (reverse("supervision:overview"), WITH_STAFF),
        "actions": (reverse("supervision:actions"), WITH_STAFF),
        # Whoever supervises someone, in their own organisation.
        "plan": (
            reverse("supervision:session_new"),
            {"supervisor", "manager", "senior", "stranger_boss"},
        ),
        # The supervisor's manager and the service's senior manager read the
        # record (privacy.rules); nobody else, and only the parties change it.
        "session": (
            reverse("supervision:session", args=[session.pk]),
            PARTIES | {"manager", "senior"},
        ),
        "record": (reverse("supervision:record", args=[session.pk]), {"supervisor"}),
        "cancel": (reverse("supervision:session_cancel", args=[session.pk]), PARTIES),
        "change": (reverse("supervision:session_change", args=[session.pk]), {"supervisor"}),
        "discussion": (reverse("supervision:discussion_edit", args=[discussion.pk]), PARTIES),
    }


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(
    "page", ["overview", "actions", "plan", "session", "record", "cancel", "change", "discussion"]
)
def test_role_matrix(client, world, held, who: str, page: str) -> None:
    url, allowed = pages(held)[page]
    client.force_login(world.users[who])
    assert client.get(url).status_code == (200 if who in allowed else 404)


@pytest.mark.parametrize("who", [who for who in ROLES if who not in PARTIES])
@pytest.mark.parametrize("action", ["sign", "request_edits", "withdraw", "agenda_add", "amend"])
def test_outsiders_cannot_post_to_a_session(client, world, held, who: str, action: str) -> None:
    client.force_login(world.users[who])
    response = client.post(reverse(f"supervision:{action}", args=[held.pk]), {"text": "x"})
    assert response.status_code == 404
    held.refresh_from_db()
    assert held.supervisor_signed_on is None
    assert held.agenda_items.count() == 0


def test_anonymous_is_sent_to_sign_in(client, held) -> None:
    response = client.get(reverse("supervision:session", args=[held.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def post_record(client, session, version: int, workload: str):
    return client.post(
        reverse("supervision:record", args=[session.pk]),
        {
            "record_version": version,
            "duration_minutes": 95,
            "functions": ["managerial"],
            **{f"section_{s.key}": s.text for s in session.sections.all()},
            "section_workload": workload,
        },
    )


def test_an_edit_conflict_is_refused_and_the_text_kept(client, world, held) -> None:
    """Two tabs opened on the same version: the first save wins, the second
    is refused with a clear message and its text is still in the form."""
    client.force_login(world.users["supervisor"])
    version = held.record_version
    first = post_record(client, held, version, "First tab's text.")
    assert first.status_code == 302
    second = post_record(client, held, version, "Second tab's text, not to be lost.")
    assert second.status_code == 200
    html = second.content.decode()
    assert "Someone else saved this record" in html
    assert "Second tab&#x27;s text, not to be lost." in html  # kept in the form
    assert "First tab&#x27;s text." in html  # the saved version shown beside it
    assert held.sections.get(key="workload").text == "First tab's text."
    # Having seen both, saving again from that form goes through.
    held.refresh_from_db()
    again = post_record(client, held, held.record_version, "Merged text.")
    assert again.status_code == 302
    assert held.sections.get(key="workload").text == "Merged text."


def test_a_case_discussion_conflict_between_the_two_parties(client, world, held) -> None:
    discussion = held.case_discussions.get()
    url = reverse("supervision:discussion_edit", args=[discussion.pk])
    base = {"version": discussion.version, "risk_trend": ""}
    client.force_login(world.users["practitioner"])
    assert client.post(url, {**base, "progress": "Drafted by the worker."}).status_code == 302
    client.force_login(world.users["supervisor"])
    response = client.post(url, {**base, "progress": "Written by the supervisor."})
    assert response.status_code == 200
    assert "Written by the supervisor." in response.content.decode()
    discussion.refresh_from_db()
    assert discussion.progress == "Drafted by the worker."
    assert discussion.authors["progress"] == world.users["practitioner"].pk


def sign_both(client, world, session, disagreement: str = "") -> None:
    client.force_login(world.users["supervisor"])
    client.post(reverse("supervision:sign", args=[session.pk]))
    client.force_login(world.users["practitioner"])
    client.post(reverse("supervision:sign", args=[session.pk]), {"disagreement": disagreement})


def test_a_signed_record_changes_only_by_amendment(client, world, held) -> None:
    sign_both(client, world, held, disagreement="The workload is higher than recorded.")
    held.refresh_from_db()
    assert held.is_locked
    assert held.disagreement == "The workload is higher than recorded."
    client.force_login(world.users["supervisor"])
    response = post_record(client, held, held.record_version, "A silent edit.")
    assert response.status_code == 200
    assert "signed and locked" in response.content.decode()
    assert held.sections.get(key="workload").text == "Twelve cases, two in court."
    discussion = held.case_discussions.get()
    response = client.post(
        reverse("supervision:discussion_edit", args=[discussion.pk]),
        {"version": discussion.version, "progress": "A silent edit.", "risk_trend": ""},
    )
    assert response.status_code == 200
    discussion.refresh_from_db()
    assert discussion.progress == ""
    section = held.sections.get(key="workload")
    response = client.post(
        reverse("supervision:amend", args=[held.pk]),
        {"target": f"section-{section.pk}", "text": "Thirteen cases.", "reason": "Miscounted."},
    )
    assert response.status_code == 302
    page = client.get(reverse("supervision:session", args=[held.pk])).content.decode()
    assert "Twelve cases, two in court." in page  # the original stays
    assert "Thirteen cases." in page and "Miscounted." in page
    assert "The workload is higher than recorded." in page


def test_the_supervisee_asks_for_changes_and_the_loop_is_kept(client, world, held) -> None:
    client.force_login(world.users["supervisor"])
    client.post(reverse("supervision:sign", args=[held.pk]))
    client.force_login(world.users["practitioner"])
    client.post(
        reverse("supervision:request_edits", args=[held.pk]), {"text": "Add the court date."}
    )
    held.refresh_from_db()
    assert held.supervisor_signed_on is None and held.shared_on is not None
    page = client.get(reverse("supervision:session", args=[held.pk])).content.decode()
    assert "Add the court date." in page


def test_the_next_session_shows_the_open_actions(client, world, held) -> None:
    client.force_login(world.users["supervisor"])
    today = organisation_today(world.organisation)
    client.post(
        reverse("supervision:action_add", args=[held.pk]),
        {
            "description": "Book the core group",
            "owner": world.staff["practitioner"].pk,
            "due_on": (today + timedelta(days=7)).isoformat(),
        },
    )
    response = client.post(
        reverse("supervision:session_new"),
        {
            "supervisee": world.staff["practitioner"].pk,
            "kind": "individual_formal",
            "date": (today + timedelta(days=28)).isoformat(),
            "mode": "in_person",
        },
    )
    assert response.status_code == 302
    later = SupervisionSession.objects.exclude(pk=held.pk).get()
    page = client.get(reverse("supervision:session", args=[later.pk])).content.decode()
    assert "Book the core group" in page
    assert later.agenda_items.filter(action__description="Book the core group").count() == 1


def test_the_overview_lists_what_is_waiting(client, world, held) -> None:
    client.force_login(world.users["supervisor"])
    client.post(reverse("supervision:sign", args=[held.pk]))
    client.force_login(world.users["practitioner"])
    page = client.get(reverse("supervision:overview")).content.decode()
    assert reverse("supervision:session", args=[held.pk]) in page


def test_a_case_of_someone_else_cannot_be_added(client, world, held) -> None:
    client.force_login(world.users["supervisor"])
    colleague_case = Case.objects.get(case_id="colleague-case")
    response = client.post(
        reverse("supervision:discussion_add", args=[held.pk]), {"case": colleague_case.pk}
    )
    assert response.status_code == 302
    assert not held.case_discussions.filter(case=colleague_case).exists()


def test_an_agenda_item_is_taken_off_by_whoever_added_it(client, world) -> None:
    today = organisation_today(world.organisation)
    session = sessions.session_plan(
        supervisor=world.staff["supervisor"],
        supervisee=world.staff["practitioner"],
        kind=SessionKind.INDIVIDUAL_FORMAL,
        date=today + timedelta(days=3),
        by=world.users["supervisor"],
    )
    item = sessions.agenda_item_add(
        session=session, section_key="workload", text="Court", by=world.users["practitioner"]
    )
    url = reverse("supervision:agenda_remove", args=[session.pk, item.pk])
    client.force_login(world.users["supervisor"])  # a party, but not who added it
    client.post(url)
    assert session.agenda_items.filter(pk=item.pk).exists()
    client.force_login(world.users["manager"])  # not a party: nothing to see
    assert client.post(url).status_code == 404
    client.force_login(world.users["practitioner"])
    assert client.post(url).status_code == 302
    assert not session.agenda_items.filter(pk=item.pk).exists()


def test_a_case_added_by_mistake_is_taken_out_by_the_supervisor(client, world, held) -> None:
    discussion = held.case_discussions.get()
    url = reverse("supervision:discussion_remove", args=[discussion.pk])
    client.force_login(world.users["practitioner"])
    client.post(url)
    assert held.case_discussions.exists()
    client.force_login(world.users["director"])
    assert client.post(url).status_code == 404
    client.force_login(world.users["supervisor"])
    assert client.post(url).status_code == 302
    assert not held.case_discussions.exists()
