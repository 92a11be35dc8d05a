"""The child's record services: marking a discussion as written to the
child's record, management decisions and informal consultations, with
their refusals; an informal consultation is oversight, never counted by the
compliance engine as the case's supervision."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from supervisiondesk.compliance.engine import compliance_report
from supervisiondesk.people.models import Case, StaffMember
from supervisiondesk.policies.selectors import policy_timeline
from supervisiondesk.supervision.agenda import NOTES_KEY
from supervisiondesk.supervision.loaders import dataset_from_database
from supervisiondesk.supervision.models import (
    CaseDiscussion,
    ManagementDecision,
    RecordSection,
    SessionEvent,
    SupervisionSession,
)
from supervisiondesk.supervision.services.cases import (
    case_discussion_mark_recorded,
    informal_consultation_record,
    management_decision_add,
)
from supervisiondesk.supervision.services.common import NotAllowed, organisation_today
from supervisiondesk.supervision.tests.test_case_record import make_session

pytestmark = pytest.mark.django_db


def today_of(world):
    return organisation_today(world.organisation)


def case(world, case_id: str = "case-0") -> Case:
    return Case.objects.get(organisation=world.organisation, case_id=case_id)


@pytest.fixture
def discussion(world) -> CaseDiscussion:
    session = make_session(
        supervisor=world.staff["supervisor"],
        attendees=[world.staff["practitioner"]],
        day=today_of(world) - timedelta(days=10),
    )
    return CaseDiscussion.objects.create(session=session, case=case(world))


# ---------------------------------------------------------------- written to the child's record


@pytest.mark.parametrize("who", ["supervisor", "practitioner"])
def test_either_party_says_when_it_was_written(world, discussion, who) -> None:
    day = discussion.session.date + timedelta(days=1)
    case_discussion_mark_recorded(discussion=discussion, on=day, by=world.users[who])
    discussion.refresh_from_db()
    assert discussion.recorded_on == day
    assert discussion.authors["recorded_on"] == world.users[who].pk
    # Setting it the first time is not a correction: no history entry.
    assert not SessionEvent.objects.filter(session=discussion.session).exists()


@pytest.mark.parametrize("who", ["manager", "senior", "director", "stranger_boss", "config_only"])
def test_nobody_outside_the_session_says_so(world, discussion, who) -> None:
    with pytest.raises(NotAllowed):
        case_discussion_mark_recorded(
            discussion=discussion, on=today_of(world), by=world.users[who]
        )
    discussion.refresh_from_db()
    assert discussion.recorded_on is None


def test_the_date_is_between_the_session_and_today(world, discussion) -> None:
    user = world.users["supervisor"]
    for day in (discussion.session.date - timedelta(days=1), today_of(world) + timedelta(days=1)):
        with pytest.raises(NotAllowed):
            case_discussion_mark_recorded(discussion=discussion, on=day, by=user)
    for day in (discussion.session.date, today_of(world)):
        case_discussion_mark_recorded(discussion=discussion, on=day, by=user)


@pytest.mark.parametrize("status", ["planned", "cancelled", "postponed"])
def test_only_a_held_session_reaches_the_child_s_record(world, discussion, status) -> None:
    SupervisionSession.objects.filter(pk=discussion.session_id).update(status=status)
    with pytest.raises(NotAllowed, match="not been held"):
        case_discussion_mark_recorded(
            discussion=discussion, on=today_of(world), by=world.users["supervisor"]
        )


def test_a_correction_keeps_the_old_date_in_the_history(world, discussion) -> None:
    first = discussion.session.date + timedelta(days=1)
    second = discussion.session.date + timedelta(days=2)
    user = world.users["supervisor"]
    case_discussion_mark_recorded(discussion=discussion, on=first, by=user)
    case_discussion_mark_recorded(discussion=discussion, on=first, by=user)  # the same: nothing
    assert not SessionEvent.objects.filter(session=discussion.session).exists()
    case_discussion_mark_recorded(discussion=discussion, on=second, by=world.users["practitioner"])
    discussion.refresh_from_db()
    assert discussion.recorded_on == second
    event = SessionEvent.objects.get(session=discussion.session)
    assert event.kind == "amended" and event.by == world.users["practitioner"]
    assert first.isoformat() in event.text and second.isoformat() in event.text


# ---------------------------------------------------------------- management decisions


def decide(world, who: str, case_id: str = "case-0", **changes):
    values = {
        "case": case(world, case_id),
        "decided_on": today_of(world),
        "decision": "Convene a strategy discussion.",
        "rationale": "New bruising reported by school.",
        "by": world.users[who],
        **changes,
    }
    return management_decision_add(**values)


def test_the_worker_s_supervisor_decides_and_is_recorded_as_the_decider(world) -> None:
    made = decide(world, "supervisor", worker=world.staff["practitioner"])
    assert made.decided_by == world.staff["supervisor"]
    assert made.worker == world.staff["practitioner"]
    assert made.recorded_by == world.users["supervisor"]
    assert made.session is None


@pytest.mark.parametrize("who", ["manager", "senior"])
def test_managers_decide_on_any_case_of_their_organisation(world, who) -> None:
    # Neither supervises the worker who holds colleague-case.
    made = decide(world, who, case_id="colleague-case")
    assert made.decided_by == world.staff[who]


@pytest.mark.parametrize(
    ("who", "case_id", "message"),
    [
        ("practitioner", "case-0", "Only the supervisor"),  # their own case: not a manager
        ("director", "case-0", "Only the supervisor"),  # not a deciding role
        ("auditor", "case-0", "Only the supervisor"),
        ("supervisor", "colleague-case", "Only the supervisor"),  # not their supervisee's
        ("stranger_boss", "case-0", "Only staff of this organisation"),
        ("config_only", "case-0", "Only staff of this organisation"),
    ],
)
def test_who_may_not_decide(world, who, case_id, message) -> None:
    with pytest.raises(NotAllowed, match=message):
        decide(world, who, case_id=case_id)
    assert not ManagementDecision.objects.exists()


def test_a_decision_is_recorded_once_made_with_its_rationale(world) -> None:
    with pytest.raises(NotAllowed, match="future"):
        decide(world, "supervisor", decided_on=today_of(world) + timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        decide(world, "supervisor", rationale="   ")
    assert "rationale" in error.value.message_dict
    with pytest.raises(NotAllowed, match="another organisation"):
        decide(world, "manager", worker=StaffMember.objects.get(staff_id="stranger"))
    assert not ManagementDecision.objects.exists()


def test_the_supervisor_decides_on_the_day_their_supervisee_held_the_case(world) -> None:
    # Before START nobody held case-0: no supervisee of theirs held it then.
    with pytest.raises(NotAllowed):
        decide(
            world, "supervisor", decided_on=world.staff["practitioner"].start_date - timedelta(1)
        )


# ---------------------------------------------------------------- informal consultations


def consult(world, who: str = "supervisor", supervisee: str = "practitioner", **changes):
    values = {
        "supervisor": world.staff[who],
        "supervisee": world.staff[supervisee],
        "date": today_of(world) - timedelta(days=1),
        "duration_minutes": 15,
        "notes": "Talked through the weekend visit.",
        "by": world.users[who],
        **changes,
    }
    return informal_consultation_record(**values)


def test_a_consultation_is_a_held_informal_session_with_its_notes(world) -> None:
    session = consult(world)
    assert session.kind == "individual_informal" and session.status == "held"
    assert session.date == today_of(world) - timedelta(days=1)
    assert session.recorded_on == today_of(world)
    assert session.session_id.startswith("sd-")
    assert list(session.attendees.values_list("staff", flat=True)) == [
        world.staff["practitioner"].pk
    ]
    section = RecordSection.objects.get(session=session)
    assert section.key == NOTES_KEY and section.text == "Talked through the weekend visit."
    assert section.written_by == world.users["supervisor"] and section.written_at is not None
    assert list(session.events.values_list("kind", flat=True)) == ["held"]
    assert not session.case_discussions.exists() and not session.decisions.exists()


def test_a_decision_in_a_consultation_reaches_the_case_history(world) -> None:
    session = consult(
        world, case=case(world), decision="Stay at home for now.", rationale="Safety plan holds."
    )
    made = ManagementDecision.objects.get()
    assert made.session == session and made.case == case(world)
    assert made.decided_by == world.staff["supervisor"]
    assert made.worker == world.staff["practitioner"]
    assert made.decided_on == session.date
    discussion = CaseDiscussion.objects.get(session=session)
    assert discussion.case == case(world) and discussion.recorded_on is None
    assert discussion.presented_by == world.staff["practitioner"]
    assert "Stay at home for now." in discussion.decision_rationale
    assert "Safety plan holds." in discussion.decision_rationale


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"who": "manager", "supervisee": "practitioner"}, "not your supervisee"),
        ({"supervisee": "colleague"}, "not your supervisee"),
        ({"supervisee": "supervisor"}, "not your supervisee"),  # themselves
        ({"notes": "  "}, "Write what was discussed"),
        ({"decision": "Close it."}, "Choose the case"),
        ({"case_id": "case-0", "decision": ""}, "Write the decision"),
        ({"case_id": "colleague-case", "decision": "Close it."}, "not allocated"),
    ],
)
def test_consultation_refusals(world, changes, message) -> None:
    changes = dict(changes)
    case_id = changes.pop("case_id", None)
    if case_id:
        changes["case"] = case(world, case_id)
    with pytest.raises(NotAllowed, match=message):
        consult(world, **changes)
    assert not SupervisionSession.objects.exists()


def test_only_the_supervisor_records_their_consultation(world) -> None:
    with pytest.raises(NotAllowed, match="your own"):
        consult(world, by=world.users["manager"])
    with pytest.raises(NotAllowed, match="future"):
        consult(world, date=today_of(world) + timedelta(days=1))
    assert not SupervisionSession.objects.exists()


def test_a_failing_decision_leaves_no_session_behind(world) -> None:
    # The rationale is checked with the decision, after the session is
    # written: the transaction must take it all back.
    with pytest.raises(ValidationError) as error:
        consult(world, case=case(world), decision="Stay at home.", rationale="")
    assert "rationale" in error.value.message_dict
    assert not SupervisionSession.objects.exists()
    assert not RecordSection.objects.exists() and not SessionEvent.objects.exists()
    assert not CaseDiscussion.objects.exists() and not ManagementDecision.objects.exists()


# ---------------------------------------------------------------- what the engine counts


def case_entry(world, case_id: str = "case-0") -> dict:
    org, today = world.organisation, today_of(world)
    report = compliance_report(
        dataset_from_database(org, today), policy_timeline(organisation=org), today
    )
    return next(entry for entry in report["cases"] if entry["case_id"] == case_id)


def test_an_informal_consultation_is_not_case_supervision(world) -> None:
    before = case_entry(world)
    assert before["last"] is None and before["status"] == "overdue"  # never discussed
    consult(world, case=case(world), decision="Stay at home.", rationale="Plan holds.")
    assert CaseDiscussion.objects.filter(session__status="held").count() == 1
    assert case_entry(world) == before

    # A formal held session discussing the case does satisfy it.
    day = today_of(world) - timedelta(days=1)
    formal = make_session(
        supervisor=world.staff["supervisor"], attendees=[world.staff["practitioner"]], day=day
    )
    CaseDiscussion.objects.create(session=formal, case=case(world))
    after = case_entry(world)
    assert after["last"] == day.isoformat()
    assert after["status"] == "ok"
