"""The quality and development parts of the subject access export
(privacy.subject_access_quality, privacy.subject_access_development), read
back from data.json and from the report's HTML.

A worker gets every quality and development record about them; a
supervisor gets of the feedback on their supervision only the averages of
closed quarters over five responses or more and what was shared with them,
nothing of an unshared response; nobody gets another worker's wellbeing
plan, and of an observation they made of someone else only who and when.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta
from html import unescape

import pytest

from supervisiondesk.development import services as development
from supervisiondesk.development.models import PracticeObservation
from supervisiondesk.development.tests.helpers import WELLBEING_TEXT, practitioner_records
from supervisiondesk.privacy.subject_access import subject_access_export
from supervisiondesk.quality.models import AuditGrade, AuditSample, SelfAssessment
from supervisiondesk.quality.tests.helpers import feedback_row, make_session
from supervisiondesk.quality.vocabulary import DOMAIN_KEYS, STANDARD_KEYS, STATEMENT_KEYS
from supervisiondesk.supervision.models import Action
from supervisiondesk.supervision.services.common import organisation_today

pytestmark = pytest.mark.django_db

UNSHARED = "UNSHARED-COMMENT: my supervisor never listens"
SHARED = "SHARED-COMMENT: clear actions, thank you"
OBSERVED_ELSEWHERE = "OBSERVED-COLLEAGUE: shouted at the parent"
# Closed quarters (their feedback window ended long ago).
Q1_2025 = date(2025, 2, 10)
Q2_2025 = date(2025, 5, 12)


def export(world, who: str, *, pages: list[str] | None = None) -> tuple[dict, str]:
    """data.json (parsed) and its text."""
    payload = subject_access_export(staff=world.staff[who], requested_by=world.users["admin"])
    text = zipfile.ZipFile(io.BytesIO(payload)).read("data.json").decode()
    return json.loads(text), text


@pytest.fixture
def report_html(monkeypatch):
    """The HTML WeasyPrint would lay out, export by export."""
    pages: list[str] = []

    class Page:
        def __init__(self, *, string: str, **kwargs) -> None:
            pages.append(unescape(string))

        def write_pdf(self) -> bytes:
            return b"%PDF-1.7 stand-in"

    monkeypatch.setattr("weasyprint.HTML", Page)
    return pages


def feedback_on_sessions(world, day: date, scores: list[int], **kwargs) -> None:
    """One response per score, each on its own session of the supervisor
    with the practitioner on `day` (one response per session and person)."""
    s = world.staff
    for score in scores:
        session = make_session(supervisor=s["supervisor"], attendees=[s["practitioner"]], day=day)
        feedback_row(session=session, respondent=s["practitioner"], score=score, **kwargs)


def graded_record(world) -> tuple[AuditGrade, Action]:
    """A held record of the supervisor with the practitioner, in an audit by
    the auditor, graded with findings and an action."""
    s = world.staff
    session = make_session(
        supervisor=s["supervisor"], attendees=[s["practitioner"]], day=date(2025, 3, 3)
    )
    sample = AuditSample.objects.create(
        organisation=world.organisation,
        title="North, Q1 2025",
        auditor=world.users["auditor"],
        created_by=world.users["auditor"],
        completed_on=date(2025, 4, 30),
        status="completed",
    )
    sample.sessions.add(session)
    grade = AuditGrade.objects.create(
        sample=sample,
        session=session,
        standards={**dict.fromkeys(STANDARD_KEYS, "met"), "signed_on_time": "not_met"},
        domains={**dict.fromkeys(DOMAIN_KEYS, "good"), "family_voice": "inadequate"},
        findings="The family's voice is missing.",
        graded_by=world.users["auditor"],
    )
    action = Action.objects.create(
        organisation=world.organisation,
        description="Record the mother's view",
        owner=s["supervisor"],
        due_on=date(2025, 5, 31),
    )
    grade.actions.add(action)
    return grade, action


# ------------------------------------------------------------------ quality


def test_a_supervisee_gets_the_feedback_they_gave_whole(world) -> None:
    feedback_on_sessions(world, Q1_2025, [2], comment=UNSHARED)
    data, _text = export(world, "practitioner")
    (given,) = data["quality"]["feedback"]["given"]
    assert (given["supervisor"], given["session_date"], given["comment"]) == (
        "Sam Supervisor",
        "2025-02-10",
        UNSHARED,
    )
    assert given["shared_with_supervisor"] is False
    assert [(r["statement"], r["score"]) for r in given["ratings"]] == [
        (key, 2) for key in STATEMENT_KEYS
    ]
    # Feedback about the practitioner's own supervision: none.
    assert data["quality"]["feedback"]["on_my_supervision_by_quarter"] == []
    assert data["quality"]["feedback"]["shared_with_me"] == []


def test_a_supervisor_gets_nothing_of_an_unshared_response(world, report_html) -> None:
    feedback_on_sessions(world, Q1_2025, [1], comment=UNSHARED)
    data, text = export(world, "supervisor")
    feedback = data["quality"]["feedback"]
    assert feedback["given"] == [] and feedback["shared_with_me"] == []
    assert UNSHARED not in text and UNSHARED not in report_html[0]
    # The quarter is listed (their page lists it too) without any figure:
    # no mean, no count, so not the one response's scores.
    (quarter,) = feedback["on_my_supervision_by_quarter"]
    assert quarter["quarter"] == "2025-Q1" and quarter["shown"] is False
    assert {(s["responses"], s["mean"]) for s in quarter["scores"]} == {(None, None)}
    assert '"score"' not in text  # no individual rating anywhere
    assert "fewer than five responses: no figure" in report_html[0]


def test_a_supervisor_gets_a_response_shared_with_them(world) -> None:
    feedback_on_sessions(world, Q1_2025, [5], comment=SHARED, shared=True)
    feedback_on_sessions(world, Q1_2025, [1], comment=UNSHARED)
    data, text = export(world, "supervisor")
    (shared,) = data["quality"]["feedback"]["shared_with_me"]
    assert (shared["respondent"], shared["comment"]) == ("Pat Practitioner", SHARED)
    assert {r["score"] for r in shared["ratings"]} == {5}
    assert UNSHARED not in text


def test_four_responses_in_a_quarter_give_no_figure_and_five_the_mean(world) -> None:
    feedback_on_sessions(world, Q1_2025, [5, 4, 4, 3])
    feedback_on_sessions(world, Q2_2025, [5, 4, 4, 3, 2])
    # The quarter still open is left out, whatever its number of responses.
    today = organisation_today(world.organisation)
    feedback_on_sessions(world, today - timedelta(days=1), [1, 1, 1, 1, 1])
    data, _text = export(world, "supervisor")
    quarters = {
        q["quarter"]: q for q in data["quality"]["feedback"]["on_my_supervision_by_quarter"]
    }
    assert set(quarters) == {"2025-Q1", "2025-Q2"}
    assert quarters["2025-Q1"]["shown"] is False
    assert {(s["responses"], s["mean"]) for s in quarters["2025-Q1"]["scores"]} == {(None, None)}
    assert quarters["2025-Q2"]["shown"] is True
    assert [(s["statement"], s["responses"], s["mean"]) for s in quarters["2025-Q2"]["scores"]] == [
        (key, 5, 3.6) for key in STATEMENT_KEYS
    ]


def test_self_assessments_are_their_authors(world) -> None:
    SelfAssessment.objects.create(
        supervisor=world.staff["supervisor"],
        period_start=date(2025, 1, 1),
        period_end=date(2025, 3, 31),
        shares={"managerial": 50, "support": 30, "development": 20},
        reflection="Too much case management.",
    )
    data, _text = export(world, "supervisor")
    (assessment,) = data["quality"]["self_assessments"]
    assert assessment["reflection"] == "Too much case management."
    assert [(s["function"], s["label"], s["percent"]) for s in assessment["shares"]] == [
        # The vocabulary's order, whatever order the database keeps.
        ("managerial", "Managerial / accountability", 50),
        ("development", "Development / educational", 20),
        ("support", "Support", 30),
    ]
    assert export(world, "practitioner")[0]["quality"]["self_assessments"] == []


@pytest.mark.parametrize(
    ("who", "role"), [("supervisor", "supervisor"), ("practitioner", "attendee")]
)
def test_both_parties_get_the_audit_of_their_record(world, who, role) -> None:
    grade, _action = graded_record(world)
    data, _text = export(world, who)
    (audit,) = data["quality"]["audits"]
    assert audit["session_id"] == grade.session.session_id
    assert audit["your_role"] == role
    assert (audit["audit"], audit["auditor"], audit["audit_completed_on"]) == (
        "North, Q1 2025",
        "Ali Auditor",
        "2025-04-30",
    )
    standards = {s["standard"]: s["result_label"] for s in audit["standards"]}
    assert standards["signed_on_time"] == "Not met" and standards["recorded_on_time"] == "Met"
    domains = {d["domain"]: d["grade_label"] for d in audit["domains"]}
    assert domains["family_voice"] == "Inadequate" and domains["risk_talk"] == "Good"
    assert audit["findings"] == "The family's voice is missing."
    assert [(a["description"], a["owner"]) for a in audit["actions"]] == [
        ("Record the mother's view", "Sam Supervisor")
    ]


def test_nobody_else_gets_an_audit_of_a_record(world) -> None:
    graded_record(world)
    for who in ("manager", "auditor", "colleague"):
        assert export(world, who)[0]["quality"]["audits"] == [], who


# ------------------------------------------------------------------ development


@pytest.fixture
def developed(world):
    """One of each development record of the practitioner (the supervisor
    wrote the goal and the observation, and helps with the wellbeing plan),
    a review of the goal, and an observation the practitioner made of a
    colleague's practice."""
    records = practitioner_records(world)
    today = organisation_today(world.organisation)
    development.goal_review_add(
        goal=records.goal,
        reviewed_on=today,
        notes="One genogram so far.",
        by=world.users["supervisor"],
    )
    development.wellbeing_plan_save(
        worker=world.staff["practitioner"],
        expected_version=1,
        what_helps=WELLBEING_TEXT,
        early_signs="Skipping lunch.",
        organisation_can_do="",
        agreed_support="Protected Friday afternoons.",
        review_on=None,
        by=world.users["supervisor"],
    )
    development.observation_reflect(
        observation=records.observation,
        reflection="I will use plainer words.",
        by=world.users["practitioner"],
    )
    PracticeObservation.objects.create(
        worker=world.staff["colleague"],
        observer=world.staff["practitioner"],
        observed_on=date(2025, 6, 2),
        setting="Core group meeting",
        went_well="Clear agenda.",
        to_develop=OBSERVED_ELSEWHERE,
    )
    return records


def test_the_worker_gets_each_development_record(world, developed, report_html) -> None:
    data, _text = export(world, "practitioner")
    part = data["development"]
    (goal,) = part["learning_plan"]["goals"]
    assert (goal["title"], goal["created_by"]) == ("Use genograms", "Sam Supervisor")
    assert [(r["notes"], r["by"]) for r in goal["reviews"]] == [
        ("One genogram so far.", "Sam Supervisor")
    ]
    (assessment,) = part["competency_assessments"]
    assert len(assessment["ratings"]) == developed.assessment.ratings.count() > 0
    assert {(r["rating"], r["rating_label"]) for r in assessment["ratings"]} == {(2, "Developing")}
    plan = part["wellbeing_plan"]
    assert (plan["what_helps"], plan["early_signs"], plan["agreed_support"]) == (
        WELLBEING_TEXT,
        "Skipping lunch.",
        "Protected Friday afternoons.",
    )
    assert plan["updated_by"] == "Sam Supervisor"
    (cpd,) = part["cpd_log"]
    assert (cpd["title"], cpd["hours"], cpd["learning"]) == ("Court skills", "2.50", "Statements.")
    (observed,) = part["observations_of_my_practice"]
    assert (observed["observer"], observed["went_well"], observed["to_develop"]) == (
        "Sam Supervisor",
        "Warm.",
        "Plain words.",
    )
    assert observed["reflection"] == "I will use plainer words."
    # Of what they observed of a colleague: who and when, not what.
    assert part["observations_i_made"] == [{"observed_on": "2025-06-02", "worker": "Cas Colleague"}]
    html = report_html[0]
    assert OBSERVED_ELSEWHERE not in json.dumps(data) and OBSERVED_ELSEWHERE not in html
    for words in (WELLBEING_TEXT, "Use genograms", "Court skills", "I will use plainer words."):
        assert words in html, words
    assert "Your wellbeing and self-care plan" in html


def test_nobody_gets_another_workers_wellbeing_plan(world, developed, report_html) -> None:
    # The supervisor wrote the plan with the practitioner, the goal and the
    # observation: all the practitioner's, none in the supervisor's export.
    data, text = export(world, "supervisor")
    assert WELLBEING_TEXT not in text and "Protected Friday afternoons." not in text
    assert WELLBEING_TEXT not in report_html[0]
    part = data["development"]
    assert part["wellbeing_plan"] is None and part["learning_plan"] is None
    assert "Use genograms" not in text and "One genogram so far." not in text
    assert part["observations_of_my_practice"] == []
    assert part["observations_i_made"] == [
        {"observed_on": developed.observation.observed_on.isoformat(), "worker": "Pat Practitioner"}
    ]
    assert "Warm." not in text
    # The colleague they observed gets the observation whole.
    colleague = export(world, "colleague")[0]["development"]
    (observed,) = colleague["observations_of_my_practice"]
    assert (observed["observer"], observed["to_develop"]) == (
        "Pat Practitioner",
        OBSERVED_ELSEWHERE,
    )
    assert colleague["wellbeing_plan"] is None


def test_a_worker_with_no_records_gets_empty_parts(world) -> None:
    data, _text = export(world, "colleague")
    assert data["quality"] == {
        "feedback": {"given": [], "on_my_supervision_by_quarter": [], "shared_with_me": []},
        "self_assessments": [],
        "audits": [],
    }
    assert data["development"] == {
        "learning_plan": None,
        "competency_assessments": [],
        "wellbeing_plan": None,
        "cpd_log": [],
        "observations_of_my_practice": [],
        "observations_i_made": [],
    }
