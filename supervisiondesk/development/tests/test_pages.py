"""The development pages: what each role sees of the practitioner's
development, that the wellbeing plan shows nowhere else, that reads and
refusals are logged, the CPD log from a session and its download, the
self-assessment comparison, and the list pages' query counts."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from supervisiondesk.development import services
from supervisiondesk.development.models import CpdEntry, GoalReview, WellbeingPlan
from supervisiondesk.development.tests.helpers import (
    WELLBEING_TEXT,
    WHO,
    all_ratings,
    login,
    practitioner_records,
    preset,
    today_of,
)
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry
from supervisiondesk.supervision.tests.test_case_record import make_session

pytestmark = pytest.mark.django_db

PAIR = {"practitioner", "supervisor"}
# Who opens the practitioner's development page, and which sections it shows them.
SECTIONS = {
    "practitioner": {"plan", "kss", "wellbeing", "cpd"},
    "supervisor": {"plan", "kss", "wellbeing", "cpd"},
    "manager": {"plan", "kss", "cpd"},
    "senior": {"plan", "cpd"},
    "director_ntk": {"plan", "cpd"},
}
HEADINGS = {
    "plan": 'id="plan-h"',
    "kss": 'id="kss-h"',
    "wellbeing": 'id="wellbeing-h"',
    "cpd": 'id="cpd-h"',
}


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", WHO)
def test_the_practitioners_page_shows_each_reader_what_they_may_read(world, who: str) -> None:
    practitioner_records(world)
    user = login(world, who)
    client = client_of(user)
    response = client.get(reverse("development:person", args=[world.staff["practitioner"].pk]))
    if who not in SECTIONS:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    html = response.content.decode()
    shown = {name for name, marker in HEADINGS.items() if marker in html}
    assert shown == SECTIONS[who]
    assert "Use genograms" in html  # the plan's goal: a read of the plan, logged
    read = AccessLogEntry.objects.get(event=AccessEvent.READ, object_type="learning_plan")
    assert read.user_id == user.pk
    # A director's read carries the need-to-know access's reason.
    assert ("complaint" in read.reason) is (who == "director_ntk")


@pytest.mark.parametrize("who", [w for w in WHO if w != "config_only"])
def test_the_wellbeing_plan_shows_on_its_own_page_to_the_pair_only(world, who: str) -> None:
    records = practitioner_records(world)
    worker = world.staff["practitioner"].pk
    client = client_of(login(world, who))
    urls = [
        reverse("development:mine"),
        reverse("development:people"),
        reverse("development:person", args=[worker]),
        reverse("development:plan", args=[worker]),
        reverse("development:cpd", args=[worker]),
        reverse("development:assessment", args=[records.assessment.pk]),
        reverse("development:observation", args=[records.observation.pk]),
        reverse("development:goal", args=[records.goal.pk]),
        reverse("development:cpd_entry", args=[records.cpd.pk]),
    ]
    for url in urls:
        assert WELLBEING_TEXT not in client.get(url).content.decode(), (who, url)
    response = client.get(reverse("development:wellbeing", args=[worker]))
    assert response.status_code == (200 if who in PAIR else 404)
    assert (WELLBEING_TEXT in response.content.decode()) is (who in PAIR)


def test_a_read_is_logged_with_the_worker_as_subject(world) -> None:
    practitioner_records(world)
    worker = world.staff["practitioner"]
    client = client_of(world.users["manager"])
    assert client.get(reverse("development:plan", args=[worker.pk])).status_code == 200
    entry = AccessLogEntry.objects.get(
        event=AccessEvent.READ, user_id=world.users["manager"].pk, object_type="learning_plan"
    )
    assert entry.object_id == str(worker.pk) and entry.subject_ids == [worker.pk]
    # ...and the practitioner sees who read it.
    reads = client_of(world.users["practitioner"]).get(reverse("privacy:my_reads"))
    assert "Mo Manager" in reads.content.decode()


@pytest.mark.parametrize(
    "who,name,object_type,subjects",
    [
        ("manager", "development:wellbeing", "wellbeing_plan", True),
        ("director", "development:plan", "learning_plan", True),
        ("auditor", "development:cpd", "cpd_log", True),
        # Another organisation's refusal names nobody of this one.
        ("stranger_boss", "development:person", "development", False),
    ],
)
def test_a_refusal_is_a_404_and_logged(world, who, name, object_type, subjects) -> None:
    practitioner_records(world)
    worker = world.staff["practitioner"]
    user = world.users[who]
    assert client_of(user).get(reverse(name, args=[worker.pk])).status_code == 404
    entry = AccessLogEntry.objects.get(event=AccessEvent.DENIED, user_id=user.pk)
    assert entry.object_type == object_type
    assert entry.subject_ids == ([worker.pk] if subjects else [])
    assert not AccessLogEntry.objects.filter(event=AccessEvent.READ, user_id=user.pk).exists()


def test_a_record_that_is_not_there_answers_as_one_that_is_not_yours(world) -> None:
    records = practitioner_records(world)
    client = client_of(world.users["director"])
    missing = client.get(reverse("development:observation", args=[records.observation.pk + 99]))
    not_mine = client.get(reverse("development:observation", args=[records.observation.pk]))
    assert missing.status_code == not_mine.status_code == 404
    assert missing.content == not_mine.content


# ---------------------------------------------------------------- CPD


def test_add_to_the_cpd_log_from_a_session(world) -> None:
    s = world.staff
    day = today_of(world) - timedelta(days=2)
    session = make_session(supervisor=s["supervisor"], attendees=[s["practitioner"]], day=day)
    url = f"{reverse('development:cpd_new')}?session={session.pk}"
    # The held session's page offers it to its parties only.
    session_page = reverse("supervision:session", args=[session.pk])
    for who, offered in [("supervisor", True), ("practitioner", True), ("manager", False)]:
        shown = client_of(world.users[who]).get(session_page)
        assert shown.status_code == 200, who
        assert (url in shown.content.decode()) is offered, who
    client = client_of(world.users["supervisor"])
    page = client.get(url)
    assert page.status_code == 200
    assert f'value="{day.isoformat()}"' in page.content.decode()  # the session's date
    response = client.post(
        url,
        {
            "worker": s["practitioner"].pk,
            "date": day.isoformat(),
            "title": "Reflective discussion on neglect",
            "hours": "1",
            "learning": "The graded care profile.",
            "practice_change": "",
            "evidence": "",
        },
    )
    assert response.status_code == 302
    entry = CpdEntry.objects.get()
    assert entry.session == session and entry.worker == s["practitioner"]
    assert entry.created_by == world.users["supervisor"]
    # Reading the session to check the right to change it is logged as a read.
    assert AccessLogEntry.objects.filter(
        event=AccessEvent.READ, object_type="session", object_id=str(session.pk)
    ).exists()


def test_the_cpd_log_downloads_as_the_page_shows_it(world) -> None:
    records = practitioner_records(world)
    worker = world.staff["practitioner"]
    url = reverse("development:cpd", args=[worker.pk])
    client = client_of(world.users["supervisor"])
    response = client.get(url, {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Date", "Title", "Hours"]
    assert rows[1][:3] == [records.cpd.date.isoformat(), "Court skills", "2.50"]
    sheet = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
    assert sheet["B2"].value == "Court skills" and sheet["C2"].value == 2.5
    exported = AccessLogEntry.objects.filter(
        event=AccessEvent.EXPORTED, object_type="list:development:cpd"
    )
    assert exported.count() == 2 and exported.first().subject_ids == [worker.pk]
    # The manager (a reader) downloads it too; the director may not.
    assert client_of(world.users["manager"]).get(url, {"format": "csv"}).status_code == 200
    assert client_of(world.users["director"]).get(url, {"format": "csv"}).status_code == 404


# ---------------------------------------------------------------- the plan, reviewed in supervision


def test_a_goal_reviewed_in_supervision_links_to_the_session_from_the_plan(world) -> None:
    records = practitioner_records(world)
    s = world.staff
    session = make_session(
        supervisor=s["supervisor"], attendees=[s["practitioner"]], day=today_of(world)
    )
    client = client_of(world.users["supervisor"])
    goal_page = client.get(reverse("development:goal", args=[records.goal.pk])).content.decode()
    assert f'<option value="{session.pk}">' in goal_page
    response = client.post(
        reverse("development:goal_review", args=[records.goal.pk]),
        {"reviewed_on": today_of(world).isoformat(), "session": session.pk, "notes": "Good."},
    )
    assert response.status_code == 302
    assert GoalReview.objects.get().session == session
    plan = client_of(world.users["manager"]).get(
        reverse("development:plan", args=[s["practitioner"].pk])
    )
    assert reverse("supervision:session", args=[session.pk]) in plan.content.decode()


def test_the_wellbeing_plan_is_not_overwritten_unseen(world) -> None:
    worker = world.staff["practitioner"]
    url = reverse("development:wellbeing", args=[worker.pk])
    mine, theirs = client_of(world.users["practitioner"]), client_of(world.users["supervisor"])
    form = {
        "what_helps": "Walks.",
        "early_signs": "",
        "organisation_can_do": "",
        "agreed_support": "",
        "review_on": "",
        "version": "0",
    }
    assert theirs.post(url, form).status_code == 302
    refused = mine.post(url, form | {"what_helps": "My own words."})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Someone else saved this record" in html and "My own words." in html
    assert WellbeingPlan.objects.get().what_helps == "Walks."


# ---------------------------------------------------------------- the comparison


def test_a_self_assessment_shows_beside_the_previous_one(world) -> None:
    framework = preset()
    today = today_of(world)
    me = world.users["practitioner"]
    worker = world.staff["practitioner"]
    common = {"worker": worker, "framework": framework, "by": me}
    services.competency_assessment_add(
        **common,
        assessed_on=today - timedelta(days=200),
        reassess_on=today - timedelta(days=10),
        ratings=all_ratings(framework, 2),
    )
    ratings = all_ratings(framework, 3)
    second = sorted(ratings)[1]
    ratings[second] = (1, "A hard case in court.")
    latest = services.competency_assessment_add(
        **common, assessed_on=today, reassess_on=today + timedelta(days=180), ratings=ratings
    )
    response = client_of(world.users["manager"]).get(
        reverse("development:assessment", args=[latest.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "9 areas rated higher" in html and "1 lower" in html
    assert 'class="change up">+1' in html and 'class="change down">-1' in html
    assert "A hard case in court." in html


# ---------------------------------------------------------------- queries


def _count(client, url, django_assert_num_queries) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["people", "person", "cpd", "plan", "mine"])
def test_list_pages_read_in_a_fixed_number_of_queries(
    world, django_assert_num_queries, page: str
) -> None:
    s = world.staff
    today = today_of(world)
    worker = s["practitioner"]
    url = {
        "people": reverse("development:people"),
        "person": reverse("development:person", args=[worker.pk]),
        "cpd": reverse("development:cpd", args=[worker.pk]),
        "plan": reverse("development:plan", args=[worker.pk]),
        "mine": reverse("development:mine"),
    }[page]
    who = "practitioner" if page == "mine" else "supervisor"
    practitioner_records(world)
    few = _count(client_of(world.users[who]), url, django_assert_num_queries)

    # More of everything: goals with reviews, entries, observations,
    # assessments, and more people to follow.
    from supervisiondesk.people.services import relationship_add

    for n in range(3):
        goal = services.learning_goal_add(
            worker=worker, title=f"Goal {n}", actions="", target_on=today, by=world.users[who]
        )
        services.goal_review_add(
            goal=goal, reviewed_on=today, notes="Fine.", by=world.users["supervisor"]
        )
        services.cpd_entry_add(
            worker=worker,
            date=today - timedelta(days=n),
            title=f"Entry {n}",
            hours=Decimal("1"),
            learning="x",
            by=world.users["supervisor"],
        )
        services.observation_record(
            worker=worker,
            observed_on=today,
            setting="Visit",
            went_well="x",
            to_develop="x",
            by=world.users["supervisor"],
        )
    relationship_add(
        supervisee=s["auditor"], supervisor=s["supervisor"], kind="professional", start_date=today
    )
    services.learning_goal_add(
        worker=s["auditor"],
        title="Audit",
        actions="",
        target_on=today,
        by=world.users["supervisor"],
    )
    client = client_of(world.users[who])
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200
