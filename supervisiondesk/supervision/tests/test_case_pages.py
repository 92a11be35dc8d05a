"""The case page, the text for the child's record and the informal
consultation form: who sees them, what they show and what they write."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat

from conftest import screenshot
from supervisiondesk.people.models import Case, CasePeriod
from supervisiondesk.people.tests.world import PASSWORD, ROLES
from supervisiondesk.supervision.case_selectors import case_page
from supervisiondesk.supervision.models import (
    CaseDiscussion,
    ManagementDecision,
    RecordSection,
    SupervisionSession,
)
from supervisiondesk.supervision.services.common import organisation_today
from supervisiondesk.supervision.tests.test_case_record import make_session

pytestmark = pytest.mark.django_db


def short(day: date) -> str:
    """A date as the pages show it."""
    return dateformat.format(day, "j M Y")


def the_case(world, case_id: str = "case-0") -> Case:
    return Case.objects.get(organisation=world.organisation, case_id=case_id)


@pytest.fixture
def history(world):
    """case-0: held by Cas Colleague in 2023 (discussed with Oli Other), then
    by Pat Practitioner (discussed with Sam Supervisor last week, with a
    personal note on the same session); a planned session to come."""
    today = organisation_today(world.organisation)
    case = the_case(world)
    CasePeriod.objects.create(
        case=case,
        worker=world.staff["colleague"],
        case_type="cin",
        risk="standard",
        start_date=date(2023, 6, 1),
        end_date=date(2023, 12, 31),
    )
    old = make_session(
        supervisor=world.staff["other_supervisor"],
        attendees=[world.staff["colleague"]],
        day=date(2023, 10, 2),
    )
    old_discussion = CaseDiscussion.objects.create(
        session=old, case=case, main_purpose="Assessment of need.", recorded_on=date(2023, 10, 5)
    )
    recent = make_session(
        supervisor=world.staff["supervisor"],
        attendees=[world.staff["practitioner"]],
        day=today - timedelta(days=7),
    )
    RecordSection.objects.create(
        session=recent,
        key="check_in",
        title="Check-in and wellbeing",
        position=0,
        personal=True,
        text="PRIVATE: time off after a bereavement",
    )
    discussion = CaseDiscussion.objects.create(
        session=recent,
        case=case,
        main_purpose="Keep Ada safe at home.",
        progress="School attendance is up.",
        decision_rationale="Stay on the plan: risks reducing.",
    )
    planned = make_session(
        supervisor=world.staff["supervisor"],
        attendees=[world.staff["practitioner"]],
        day=today + timedelta(days=7),
        status="planned",
    )
    CaseDiscussion.objects.create(session=planned, case=case, main_purpose="PLANNED ONLY")
    return {"today": today, "discussion": discussion, "old": old_discussion}


def urls(world, history) -> dict[str, str]:
    return {
        "case": reverse("supervision:case", args=[the_case(world).pk]),
        "case_of_colleague": reverse(
            "supervision:case", args=[the_case(world, "colleague-case").pk]
        ),
        "discussion_copy": reverse("supervision:discussion_copy", args=[history["discussion"].pk]),
        "discussion_copy_of_others": reverse(
            "supervision:discussion_copy", args=[history["old"].pk]
        ),
        "informal_new": reverse("supervision:informal_new"),
    }


# page -> the logins that get 200; every other signed-in login gets 404.
# The rules are privacy.rules': the case's worker now and their supervisor;
# the manager of the supervisor who led the recent session; the senior
# manager over the whole service (both supervisors are in it).
ALLOWED = {
    "case": {"practitioner", "supervisor", "manager", "senior"},
    "case_of_colleague": set(),  # held and supervised by people with no login here
    "discussion_copy": {"practitioner", "supervisor", "manager", "senior"},
    # Led by Oli Other, whom the manager does not manage; the child's case
    # is Pat's now, so Pat and Pat's supervisor read its history.
    "discussion_copy_of_others": {"practitioner", "supervisor", "senior"},
    "informal_new": {"supervisor", "manager", "senior", "stranger_boss"},  # supervise someone
}


@pytest.mark.parametrize("page", sorted(ALLOWED))
@pytest.mark.parametrize("who", ROLES)
def test_role_matrix(client, world, history, page: str, who: str) -> None:
    client.force_login(world.users[who])
    response = client.get(urls(world, history)[page])
    assert response.status_code == (200 if who in ALLOWED[page] else 404)


@pytest.mark.parametrize("page", sorted(ALLOWED))
def test_anonymous_is_sent_to_sign_in(client, world, history, page: str) -> None:
    response = client.get(urls(world, history)[page])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# ---------------------------------------------------------------- the case page


def test_case_page_shows_every_worker_s_discussions_newest_first(client, world, history):
    Case.objects.filter(pk=the_case(world).pk).update(source_system="mosaic", external_id="M-41")
    client.force_login(world.users["supervisor"])
    page = client.get(urls(world, history)["case"]).content.decode()
    assert "Mosaic id M-41" in page
    assert page.index("Sam Supervisor") < page.index("Oli Other")  # newest first
    assert "Cas Colleague" in page and "Pat Practitioner" in page  # who held it
    assert "PLANNED ONLY" not in page and "PRIVATE" not in page
    # The text of every discussion opens for the supervisor of the child's
    # worker now: case discussions follow the child's record.
    assert urls(world, history)["discussion_copy"] in page
    assert urls(world, history)["discussion_copy_of_others"] in page
    assert "since 5 Oct 2023" in page  # the old one is on the child's record
    last = history["today"] - timedelta(days=7)
    oversight = re.search(r"Last management oversight</dt>\s*<dd>(.*?)</dd>", page, re.S)
    assert short(last) in oversight.group(1)


def test_recording_on_the_child_s_record_is_shown_late_or_missing(world, history):
    page = case_page(case=the_case(world), user=world.users["manager"])
    rows = {row.discussion.pk: row for row in page.discussions}
    recent, old = rows[history["discussion"].pk], rows[history["old"].pk]
    # A week ago, due the next working day (Southwark): now missing.
    assert recent.recording == "missing" and recent.due_on > recent.session.date
    # Monday 2 October 2023, due Tuesday the 3rd, written on the 5th.
    assert old.due_on == date(2023, 10, 3) and old.recording == "late"
    assert recent.may_open and not old.may_open
    assert recent.qualifying and old.qualifying


def test_a_supervisor_records_a_decision_from_the_case_page(client, world, history):
    client.force_login(world.users["supervisor"])
    url = urls(world, history)["case"]
    assert "Record a management decision" in client.get(url).content.decode()
    refused = client.post(
        url, {"decided_on": "2999-01-01", "decision": "Close.", "rationale": "Why."}
    )
    assert refused.status_code == 200
    assert "the date is in the future" in refused.content.decode()
    response = client.post(
        url,
        {
            "decided_on": history["today"].isoformat(),
            "decision": "Convene a strategy discussion.",
            "rationale": "New bruising reported by school.",
            "worker": world.staff["practitioner"].pk,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url
    page = response.content.decode()
    assert "The decision is recorded on the case." in page
    assert "Convene a strategy discussion." in page
    made = ManagementDecision.objects.get()
    assert made.decided_by == world.staff["supervisor"]
    assert made.worker == world.staff["practitioner"]


def test_a_practitioner_may_not_record_decisions(client, world, history):
    client.force_login(world.users["practitioner"])
    url = urls(world, history)["case"]
    assert "Record a management decision" not in client.get(url).content.decode()
    response = client.post(url, {"decided_on": "2026-01-01", "decision": "x", "rationale": "y"})
    assert response.status_code == 404
    assert not ManagementDecision.objects.exists()


def test_case_page_reads_a_fixed_number_of_queries(world, django_assert_num_queries):
    case = the_case(world)
    viewer = world.staff["supervisor"]
    today = organisation_today(world.organisation)

    def discuss(n: int) -> None:
        for k in range(n):
            session = make_session(
                supervisor=viewer,
                attendees=[world.staff["practitioner"]],
                day=today - timedelta(days=30 + k),
            )
            CaseDiscussion.objects.create(session=session, case=case)
        ManagementDecision.objects.create(
            case=case, decided_on=today, decided_by=viewer, decision="d", rationale="r"
        )

    def load(fresh: Case) -> list:
        page = case_page(case=fresh, user=viewer.user)
        # What the template reads of each row.
        shown = [(row.workers, row.supervisor.name, row.presenter) for row in page.discussions]
        return shown + [(d.decided_by.name, d.worker, d.session) for d in page.decisions]

    discuss(1)
    fresh = Case.objects.get(pk=case.pk)
    # The viewer's roles and staff record are read once per request.
    load(Case.objects.get(pk=case.pk))
    with CaptureQueriesContext(connection) as captured:
        load(fresh)
    one = len(captured)
    discuss(4)
    assert len(case_page(case=case, user=viewer.user).discussions) == 5
    fresh = Case.objects.get(pk=case.pk)
    with django_assert_num_queries(one):
        load(fresh)
    # organisation, periods, discussions, attendees, the readable ones
    # (privacy.rules), decisions, policy
    assert one == 7


# ---------------------------------------------------------------- the text for the child's record


def test_copy_page_has_the_text_and_never_the_personal_notes(client, world, history):
    client.force_login(world.users["practitioner"])
    response = client.get(urls(world, history)["discussion_copy"])
    page = response.content.decode()
    assert "Copy as plain text" in page and "Copy as HTML" in page
    assert re.search(r"<textarea[^>]*readonly[^>]*>Case case-0\. Individual formal", page)
    assert "<h3>Main purpose of the work</h3>" in page
    assert "PRIVATE" not in page and "bereavement" not in page
    # The copy buttons' script is a static file: the policy allows no inline
    # script at all.
    policy = response["Content-Security-Policy"]
    assert "js/copy-record.js" in page and "<script>" not in page
    assert "unsafe-inline" not in policy and "nonce-" not in policy


def test_saying_when_it_was_written_to_the_child_s_record(client, world, history):
    client.force_login(world.users["practitioner"])
    url = urls(world, history)["discussion_copy"]
    session_day = history["discussion"].session.date
    too_early = client.post(url, {"on": (session_day - timedelta(days=1)).isoformat()})
    assert too_early.status_code == 200
    assert "before the session" in too_early.content.decode()
    day = session_day + timedelta(days=2)
    response = client.post(url, {"on": day.isoformat()}, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "Written to the child&#x27;s record on" in response.content.decode()
    history["discussion"].refresh_from_db()
    assert history["discussion"].recorded_on == day
    # The case page now says since when.
    case_page_html = client.get(urls(world, history)["case"]).content.decode()
    assert f"since {short(day)}" in case_page_html


def test_a_planned_session_s_text_cannot_be_marked_written(client, world, history):
    planned = CaseDiscussion.objects.get(session__status="planned")
    client.force_login(world.users["supervisor"])
    url = reverse("supervision:discussion_copy", args=[planned.pk])
    assert "has not been held yet" in client.get(url).content.decode()
    response = client.post(url, {"on": history["today"].isoformat()})
    assert response.status_code == 404
    planned.refresh_from_db()
    assert planned.recorded_on is None


# ---------------------------------------------------------------- informal consultations


def test_informal_form_offers_only_current_supervisees_and_their_cases(client, world, history):
    client.force_login(world.users["supervisor"])
    page = client.get(urls(world, history)["informal_new"]).content.decode()
    assert "Pat Practitioner" in page and "Cas Colleague" not in page
    assert "case-0 (Pat Practitioner)" in page and "case-1" in page
    assert "colleague-case" not in page


def test_informal_form_checks_the_case_on_the_server(client, world, history):
    client.force_login(world.users["supervisor"])
    response = client.post(
        urls(world, history)["informal_new"],
        {
            "supervisee": world.staff["practitioner"].pk,
            "date": history["today"].isoformat(),
            "notes": "Quick chat.",
            "case": the_case(world, "colleague-case").pk,  # not among the choices
            "decision": "Close it.",
            "rationale": "Because.",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not SupervisionSession.objects.filter(kind="individual_informal").exists()


def test_an_informal_decision_shows_on_the_case_as_oversight(client, world, history):
    client.force_login(world.users["supervisor"])
    response = client.post(
        urls(world, history)["informal_new"],
        {
            "supervisee": world.staff["practitioner"].pk,
            "date": history["today"].isoformat(),
            "duration_minutes": "10",
            "notes": "Quick chat in the corridor.",
            "case": the_case(world).pk,
            "decision": "Bring the visit forward.",
            "rationale": "School raised a concern.",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == urls(world, history)["case"]
    page = response.content.decode()
    assert "The consultation with Pat Practitioner is recorded." in page
    assert "oversight only" in page and "Bring the visit forward." in page
    assert "Quick chat in the corridor." not in page  # the notes stay with the session
    oversight = re.search(r"Last management oversight</dt>\s*<dd>(.*?)</dd>", page, re.S)
    assert short(history["today"]) in oversight.group(1)
    last = re.search(r"Last case supervision</dt>\s*<dd>(.*?)</dd>", page, re.S)
    week_ago = history["today"] - timedelta(days=7)
    assert short(week_ago) in last.group(1)


# ---------------------------------------------------------------- in a browser


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_copy_the_text_and_see_the_case(page, live_server, world, history) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill("supervisor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(live_server.url + urls(world, history)["case"])
    assert page.get_by_role("heading", level=1).inner_text() == "Case case-0"
    screenshot(page, "case-page")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "case-page-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("link", name="Record an informal consultation about this case").click()
    assert page.get_by_label("With").input_value() == str(world.staff["practitioner"].pk)
    screenshot(page, "informal-new")
    page.go_back()

    # Newest first; the supervisor of the child's worker now reads both.
    page.get_by_role("link", name="Text for the child's record").first.click()
    page.get_by_role("button", name="Copy as plain text").click()
    feedback = page.get_by_role("status").filter(has_text="Copied")
    assert feedback.inner_text() == "Copied as plain text: paste it into the case system."
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Case case-0. Individual formal supervision on ")
    assert "Main purpose of the work\nKeep Ada safe at home." in copied
    assert "PRIVATE" not in copied

    page.get_by_role("button", name="Copy as HTML").click()
    page.get_by_role("status").filter(has_text="Copied as HTML").wait_for()
    html = page.evaluate(
        """async () => {
            const [item] = await navigator.clipboard.read();
            return await (await item.getType("text/html")).text();
        }"""
    )
    assert "<h3>Main purpose of the work</h3>" in html
    screenshot(page, "discussion-copy")
