"""The text for the child's record: structure and order, escaping, what is
left out, and never a worker's personal notes."""

from __future__ import annotations

from datetime import date

import pytest

from supervisiondesk.people.models import Case, StaffMember
from supervisiondesk.people.tests.factories import (
    CaseFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
)
from supervisiondesk.supervision.case_record import (
    as_html,
    as_plain_text,
    case_record,
    prefetch_for_record,
)
from supervisiondesk.supervision.models import (
    Action,
    Amendment,
    CaseDiscussion,
    RecordSection,
    SessionAttendee,
    SupervisionSession,
)
from supervisiondesk.supervision.services.common import new_session_id

pytestmark = pytest.mark.django_db

SESSION_DAY = date(2026, 3, 10)


def make_session(
    *,
    supervisor: StaffMember,
    attendees: list[StaffMember],
    day: date,
    kind: str = "individual_formal",
    status: str = "held",
    present: bool | None = None,
) -> SupervisionSession:
    """A session written straight to the models (the session services are
    someone else's work and not under test here)."""
    session = SupervisionSession.objects.create(
        organisation=supervisor.organisation,
        session_id=new_session_id(),
        kind=kind,
        status=status,
        date=day,
        supervisor=supervisor,
    )
    for person in attendees:
        SessionAttendee.objects.create(session=session, staff=person, present=present)
    return session


def fetched(discussion: CaseDiscussion) -> CaseDiscussion:
    return prefetch_for_record(CaseDiscussion.objects.filter(pk=discussion.pk)).get()


@pytest.fixture
def people():
    org = OrganisationFactory()
    supervisor = StaffFactory(organisation=org, name="Sam Supervisor")
    worker = StaffFactory(organisation=org, name="Pat Practitioner")
    case = CaseFactory(
        organisation=org, case_id="c-17", source_system="mosaic", external_id="MOS-9"
    )
    return supervisor, worker, case


def full_discussion(supervisor: StaffMember, worker: StaffMember, case: Case) -> CaseDiscussion:
    session = make_session(supervisor=supervisor, attendees=[worker], day=SESSION_DAY)
    discussion = CaseDiscussion.objects.create(
        session=session,
        case=case,
        main_purpose="Keep Ada safe at home.",
        discussion_purpose="Review the safety plan.",
        progress="School attendance is up.",
        child_voice="Ada says she likes her new teacher.",
        child_last_seen=date(2026, 3, 6),
        risks_and_needs="Neglect at weekends.",
        risk_trend="decreasing",
        reflections="Hypothesis: father's shifts.",
        previous_actions="Referral made late: the form was returned.",
        decision_rationale="Step down to child in need: risks reduced for 3 months.",
    )
    Action.objects.create(
        organisation=supervisor.organisation,
        session=session,
        case_discussion=discussion,
        case=case,
        description="Visit at the weekend",
        owner=worker,
        due_on=date(2026, 3, 20),
    )
    user = UserFactory()
    StaffFactory(organisation=supervisor.organisation, name="Ann Amender", user=user)
    Amendment.objects.create(
        session=session,
        case_discussion=discussion,
        text="Last seen on 6 March, not 5.",
        reason="Typing error.",
        made_by=user,
    )
    return discussion


def test_the_headings_follow_a_good_case_record_in_order(people) -> None:
    discussion = fetched(full_discussion(*people))
    text = as_plain_text(case_record(discussion))
    lines = text.splitlines()
    assert lines[0] == (
        "Case c-17 (Mosaic id MOS-9). Individual formal supervision on 10 March 2026. "
        "Supervisor: Sam Supervisor. Worker: Pat Practitioner."
    )
    order = [
        "Main purpose of the work",
        "Keep Ada safe at home.",
        "Purpose of this discussion",
        "Review the safety plan.",
        "Progress since last time",
        "School attendance is up.",
        "The child's voice and lived experience: Ada says she likes her new teacher.",
        "Child last seen on: 6 March 2026",
        "Current risks and needs",
        "Neglect at weekends.",
        "Are the risks changing? Decreasing",
        "Dilemmas, hypotheses, reflections and conclusions: Hypothesis: father's shifts.",
        "Actions",
        "- Visit at the weekend (Pat Practitioner, by 20 March 2026)",
        "Last time's actions, and reasons for any delay: Referral made late: the form was "
        "returned.",
        "Rationale for significant decisions",
        "Step down to child in need: risks reduced for 3 months.",
        "Amendments",
    ]
    positions = [lines.index(line) for line in order]
    assert positions == sorted(positions)
    assert lines[-1].endswith("Ann Amender: Last seen on 6 March, not 5. (Why: Typing error.)")
    # An individual session has no group part.
    assert "Reflective group case discussion" not in text


def test_html_has_the_same_structure_with_headings_and_lists(people) -> None:
    html = as_html(case_record(fetched(full_discussion(*people))))
    assert html.startswith("<p><strong>Case c-17 (Mosaic id MOS-9).")
    headings = [part.split("</h3>")[0] for part in html.split("<h3>")[1:]]
    assert headings == [
        "Main purpose of the work",
        "Purpose of this discussion",
        "Progress since last time",
        "Current risks and needs",
        "Actions",
        "Rationale for significant decisions",
        "Amendments",
    ]
    assert "<ul><li>Visit at the weekend (Pat Practitioner, by 20 March 2026)</li></ul>" in html
    assert "<p><strong>Child last seen on:</strong> 6 March 2026</p>" in html


def test_markup_in_a_field_is_escaped(people) -> None:
    supervisor, worker, case = people
    session = make_session(supervisor=supervisor, attendees=[worker], day=SESSION_DAY)
    discussion = CaseDiscussion.objects.create(
        session=session,
        case=case,
        progress='<script>alert("x")</script>\r\nSecond line\r\n\r\nNew paragraph & more',
    )
    record = case_record(fetched(discussion))
    html = as_html(record)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Second line" in html
    assert "<p>New paragraph &amp; more</p>" in html
    # Plain text keeps the characters as written, with plain newlines.
    text = as_plain_text(record)
    assert '<script>alert("x")</script>\nSecond line\n\nNew paragraph & more' in text
    assert "\r" not in text


def test_personal_notes_of_the_same_session_never_appear(people) -> None:
    discussion = full_discussion(*people)
    RecordSection.objects.create(
        session=discussion.session,
        key="check_in",
        title="Check-in and wellbeing",
        position=0,
        personal=True,
        text="PRIVATE: the worker's bereavement",
    )
    RecordSection.objects.create(
        session=discussion.session,
        key="workload",
        title="Workload management",
        position=1,
        text="SESSION NOTES: caseload of 19",
    )
    record = case_record(fetched(discussion))
    for output in (as_plain_text(record), as_html(record)):
        assert "Keep Ada safe at home." in output
        assert "bereavement" not in output and "PRIVATE" not in output
        assert "Check-in" not in output
        # Nothing from the session's sections at all: only the discussion.
        assert "SESSION NOTES" not in output


def test_empty_fields_are_left_out(people) -> None:
    supervisor, worker, case = people
    session = make_session(supervisor=supervisor, attendees=[worker], day=SESSION_DAY)
    discussion = CaseDiscussion.objects.create(
        session=session, case=case, risks_and_needs="  ", decision_rationale="Close the case."
    )
    text = as_plain_text(case_record(fetched(discussion)))
    assert text.splitlines()[1:] == [
        "",
        "Rationale for significant decisions",
        "Close the case.",
    ]
    html = as_html(case_record(fetched(discussion)))
    assert html.count("<h3>") == 1


def test_group_discussion_has_the_dilemma_six_steps_and_who_was_present(people) -> None:
    supervisor, worker, case = people
    org = supervisor.organisation
    other = StaffFactory(organisation=org, name="Cas Colleague")
    away = StaffFactory(organisation=org, name="Abe Absent")
    session = make_session(
        supervisor=supervisor,
        attendees=[worker, other],
        day=SESSION_DAY,
        kind="group",
        present=True,
    )
    SessionAttendee.objects.create(session=session, staff=away, present=False)
    discussion = CaseDiscussion.objects.create(
        session=session,
        case=case,
        presented_by=worker,
        main_purpose="Permanence for Ada.",
        dilemma="Return home or long-term foster care?",
        step_task="Ada's case, 40 minutes.",
        step_presentation="Genogram and history.",
        step_questions="Who visits?",
        step_reflection="The team wonders about the grandmother.",
        hypotheses="Mother's own care history.",
        step_feedback="Helpful; will explore kinship.",
        step_actions_risk="Kinship assessment; risk stable.",
    )
    text = as_plain_text(case_record(fetched(discussion)))
    lines = text.splitlines()
    # In a group the worker is the presenter, not every member.
    assert lines[0].endswith("Supervisor: Sam Supervisor. Worker: Pat Practitioner.")
    assert "Group supervision on 10 March 2026" in lines[0]
    order = [
        "Main purpose of the work",
        "Reflective group case discussion",
        "Presented by: Pat Practitioner",
        "The dilemma brought: Return home or long-term foster care?",
        "1. Marking the task: Ada's case, 40 minutes.",
        "2. Presenting the case: Genogram and history.",
        "3. Factual questions: Who visits?",
        "4. Reflective team discussion: The team wonders about the grandmother.",
        "Hypotheses: Mother's own care history.",
        "5. Presenter's feedback: Helpful; will explore kinship.",
        "6. Action points and evaluation of risk: Kinship assessment; risk stable.",
        "Present: Sam Supervisor (facilitator), Cas Colleague, Pat Practitioner",
    ]
    positions = [lines.index(line) for line in order]
    assert positions == sorted(positions)
    assert "Abe Absent" not in text


def test_rendering_reads_nothing_more_from_the_database(people, django_assert_num_queries):
    discussion = full_discussion(*people)
    # select_related row, then attendees, actions, amendments.
    with django_assert_num_queries(4):
        loaded = fetched(discussion)
    with django_assert_num_queries(0):
        record = case_record(loaded)
        as_plain_text(record)
        as_html(record)
