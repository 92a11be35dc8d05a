"""Holding and recording a session (issue 4): the record's sections with the
personal check-in kept apart, functions of the policy, case discussions with
who wrote each answer, actions, optimistic locking, sign-off with its
request-changes loop, disagreement, the lock and amendments; the engine's
fields as the compliance report reads them from the database.

No clock is frozen (neither time_machine nor freezegun is installed):
`organisation_today` reads the real clock, so sessions are dated relative
to it.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from supervisiondesk.people.models import Case
from supervisiondesk.policies.services import policy_version_add
from supervisiondesk.supervision.agenda import NOTES_KEY
from supervisiondesk.supervision.choices import (
    ActionStatus,
    AttendeeRole,
    EventKind,
    RiskTrend,
    SessionKind,
    SessionStatus,
)
from supervisiondesk.supervision.loaders import dataset_from_database
from supervisiondesk.supervision.models import (
    Action,
    Amendment,
    CaseDiscussion,
    SessionAttendee,
    SessionEvent,
    SupervisionGroup,
    SupervisionSession,
)
from supervisiondesk.supervision.services.common import (
    EditConflict,
    NotAllowed,
    organisation_today,
)
from supervisiondesk.supervision.services.records import (
    action_add,
    action_update,
    case_discussion_add,
    case_discussion_remove,
    case_discussion_save,
    record_amend,
    record_complete,
    record_request_edits,
    record_save,
    record_sign_as_supervisee,
    record_sign_as_supervisor,
    record_signature_withdraw,
)
from supervisiondesk.supervision.services.sessions import (
    agenda_item_add,
    session_cancel,
    session_plan,
)

pytestmark = pytest.mark.django_db

FORMAL = SessionKind.INDIVIDUAL_FORMAL
INFORMAL = SessionKind.INDIVIDUAL_INFORMAL


# ------------------------------------------------------------------ helpers


def today(world) -> date:
    return organisation_today(world.organisation)


def plan(world, days: int = 0, *, kind=FORMAL, supervisor="supervisor", supervisee="practitioner"):
    """A session of `supervisor` with `supervisee`, `days` from today."""
    return session_plan(
        supervisor=world.staff[supervisor],
        supervisee=world.staff[supervisee],
        kind=kind,
        date=today(world) + timedelta(days),
        by=world.users[supervisor],
    )


def fresh(session: SupervisionSession) -> SupervisionSession:
    """The session as a page opening it now would load it."""
    return SupervisionSession.objects.get(pk=session.pk)


def save(
    world, session, *, by="supervisor", sections=None, duration=90, functions=(), version=None
):
    return record_save(
        session=session,
        expected_version=session.record_version if version is None else version,
        by=world.users[by],
        sections=sections or {},
        duration_minutes=duration,
        functions=functions,
    )


def refused(call, *args, match: str, **kwargs) -> NotAllowed:
    with pytest.raises(NotAllowed, match=match) as error:
        call(*args, **kwargs)
    return error.value


def events(
    session: SupervisionSession, *, changes: bool = False
) -> list[tuple[str, str | None, str]]:
    """The session's history; the edits ("changed") only when asked, so the
    life-cycle tests read as the life cycle."""
    rows = SessionEvent.objects.filter(session=session).select_related("by")
    if not changes:
        rows = rows.exclude(kind=EventKind.CHANGED)
    return [(e.kind, e.by.username if e.by else None, e.text) for e in rows]


def kinds(session: SupervisionSession) -> list[str]:
    return [kind for kind, _by, _text in events(session)]


def case(world, case_id: str) -> Case:
    return Case.objects.get(organisation=world.organisation, case_id=case_id)


def texts(session: SupervisionSession) -> dict[str, str]:
    return dict(session.sections.values_list("key", "text"))


def signed_by_supervisor(world, days: int = 0) -> SupervisionSession:
    session = plan(world, days)
    save(world, session, sections={"workload": "Twelve cases"}, functions=["managerial"])
    record_sign_as_supervisor(session=session, by=world.users["supervisor"])
    return fresh(session)


def locked(world, days: int = 0) -> SupervisionSession:
    session = signed_by_supervisor(world, days)
    record_sign_as_supervisee(session=session, by=world.users["practitioner"])
    return fresh(session)


def group_session(world, *, recorder="practitioner", days=0) -> SupervisionSession:
    group = SupervisionGroup.objects.create(
        organisation=world.organisation, name="North group", facilitator=world.staff["supervisor"]
    )
    group.members.set([world.staff["practitioner"], world.staff["colleague"]])
    session = session_plan(
        supervisor=world.staff["supervisor"],
        kind=SessionKind.GROUP,
        group=group,
        date=today(world) + timedelta(days),
        by=world.users["supervisor"],
    )
    SessionAttendee.objects.filter(session=session, staff=world.staff[recorder]).update(
        role=AttendeeRole.RECORDER
    )
    return session


def report(world, as_of: date, capsys) -> dict:
    call_command(
        "compliance",
        "--organisation",
        world.organisation.name,
        "--as-of",
        as_of.isoformat(),
        "--format",
        "json",
    )
    return json.loads(capsys.readouterr().out)


# ------------------------------------------------------------------ the record


def test_the_first_save_marks_the_session_held_and_writes_the_sections(world) -> None:
    session = plan(world, -1)
    save(
        world,
        session,
        sections={"check_in": "Tired; leave booked for May", "workload": "Twelve cases"},
        duration=80,
        functions=["support", "managerial", "support"],
    )
    session = fresh(session)
    assert session.status == SessionStatus.HELD
    assert session.duration_minutes == 80
    assert session.functions == ["managerial", "support"]  # each once, in order
    assert session.record_version == 2
    assert kinds(session) == [EventKind.PLANNED, EventKind.HELD]
    check_in = session.sections.get(key="check_in")
    workload = session.sections.get(key="workload")
    assert (check_in.text, check_in.written_by) == (
        "Tired; leave booked for May",
        world.users["supervisor"],
    )
    assert check_in.written_at is not None
    # The check-in is personal to the worker; the rest may reach a child's record.
    assert check_in.personal and not workload.personal
    assert not session.sections.filter(personal=True).exclude(key="check_in").exists()
    untouched = session.sections.get(key="development")
    assert (untouched.text, untouched.written_by, untouched.written_at) == ("", None, None)
    # Signing dates are the sign-off's business, not the save's.
    assert session.recorded_on is session.supervisor_signed_on is session.shared_on is None


def test_a_later_save_rewrites_only_what_changed_and_is_not_held_twice(world) -> None:
    session = plan(world)
    save(world, session, sections={"check_in": "Well", "workload": "Ten cases"})
    first = session.sections.get(key="check_in").written_at
    session = fresh(session)
    save(world, session, sections={"check_in": "Well", "workload": "Eleven cases"}, duration=95)
    session = fresh(session)
    assert texts(session)["workload"] == "Eleven cases"
    assert session.sections.get(key="check_in").written_at == first
    assert session.duration_minutes == 95 and session.record_version == 3
    assert kinds(session).count(EventKind.HELD) == 1


def test_only_the_supervisor_writes_a_formal_record(world) -> None:
    session = plan(world)
    for user, message in [
        ("practitioner", "The supervisor writes this record"),
        ("manager", "The supervisor writes this record"),
        ("stranger_boss", "Only staff of this organisation"),
        ("config_only", "Only staff of this organisation"),
    ]:
        refused(save, world, session, by=user, sections={"workload": "Mine"}, match=message)
    session = fresh(session)
    assert session.status == SessionStatus.PLANNED and session.record_version == 1
    assert texts(session)["workload"] == ""


def test_a_session_cannot_be_recorded_before_its_date(world) -> None:
    session = plan(world, 2)
    refused(
        save,
        world,
        session,
        sections={"workload": "Written early"},
        match="A session cannot be recorded before its date",
    )
    session = fresh(session)
    assert session.status == SessionStatus.PLANNED
    assert session.record_version == 1
    assert texts(session)["workload"] == ""
    assert kinds(session) == [EventKind.PLANNED]


@pytest.mark.parametrize(
    ("functions", "message"),
    [
        (["supportive"], "Not a function of supervision in your policy: supportive"),
        (["managerial", "nonsense"], "Not a function of supervision in your policy: nonsense"),
        (["educational", "administrative"], "administrative, educational"),
    ],
)
def test_functions_outside_the_policys_set_are_refused(world, functions, message) -> None:
    session = plan(world)
    refused(save, world, session, sections={"workload": "Text"}, functions=functions, match=message)
    session = fresh(session)
    assert (session.status, session.record_version, session.functions) == (
        SessionStatus.PLANNED,
        1,
        [],
    )
    assert texts(session)["workload"] == ""


def test_functions_follow_the_policy_in_force_on_the_sessions_date(world) -> None:
    policy_version_add(
        organisation=world.organisation,
        effective_from=today(world) - timedelta(10),
        preset="interagency-cm-2014",
    )
    recent, older = plan(world, -3), plan(world, -20)
    refused(save, world, recent, functions=["support"], match="Not a function")
    save(world, fresh(recent), functions=["supportive", "educational"])
    save(world, older, functions=["support", "mediation"])
    refused(save, world, fresh(older), functions=["supportive"], match="Not a function")
    assert fresh(recent).functions == ["educational", "supportive"]
    assert fresh(older).functions == ["mediation", "support"]


def test_a_save_failing_after_its_text_is_written_leaves_nothing_behind(world) -> None:
    session = plan(world)
    with pytest.raises(ValidationError) as error:
        save(world, session, sections={"workload": "Half written"}, duration=-5)
    assert "duration_minutes" in error.value.message_dict
    session = fresh(session)
    assert session.status == SessionStatus.PLANNED
    assert session.record_version == 1 and session.duration_minutes is None
    assert texts(session)["workload"] == ""
    assert kinds(session) == [EventKind.PLANNED]


# ------------------------------------------------------------------ concurrency


def test_two_saves_from_the_same_version_never_silently_overwrite(world) -> None:
    session = plan(world)
    mine, theirs = fresh(session), fresh(session)  # two tabs opened at version 1
    save(world, mine, sections={"workload": "First text"}, duration=60, version=1)
    with pytest.raises(EditConflict) as error:
        save(
            world,
            theirs,
            sections={"workload": "Second text", "development": "Also second"},
            duration=75,
            functions=["support"],
            version=1,
        )
    assert error.value.code == "edit_conflict"
    assert "Someone else saved this record" in error.value.messages[0]
    session = fresh(session)
    assert texts(session)["workload"] == "First text"
    assert texts(session)["development"] == ""
    assert (session.record_version, session.duration_minutes, session.functions) == (2, 60, [])
    # Opened again at the saved version, the second text goes in.
    save(world, fresh(session), sections={"workload": "Second text"}, duration=75)
    assert texts(fresh(session))["workload"] == "Second text"
    assert fresh(session).record_version == 3


def test_a_group_recorder_and_the_facilitator_editing_at_once(world) -> None:
    session = group_session(world)
    facilitator, recorder = fresh(session), fresh(session)
    save(world, recorder, by="practitioner", sections={"group_notes": "The recorder's notes"})
    with pytest.raises(EditConflict):
        save(world, facilitator, sections={"group_notes": "The facilitator's notes"}, version=1)
    section = fresh(session).sections.get(key="group_notes")
    assert (section.text, section.written_by) == (
        "The recorder's notes",
        world.users["practitioner"],
    )
    # A plain participant does not write the group's record.
    SessionAttendee.objects.filter(session=session).update(role=AttendeeRole.PARTICIPANT)
    refused(
        save,
        world,
        fresh(session),
        by="practitioner",
        sections={"group_notes": "Not mine to write"},
        match="The supervisor writes this record",
    )


def test_two_saves_of_a_case_discussion_from_the_same_version(world) -> None:
    session = plan(world)
    discussion = case_discussion_add(
        session=session, case=case(world, "case-0"), by=world.users["practitioner"]
    )
    by_supervisee = CaseDiscussion.objects.get(pk=discussion.pk)
    by_supervisor = CaseDiscussion.objects.get(pk=discussion.pk)
    case_discussion_save(
        discussion=by_supervisee,
        expected_version=1,
        by=world.users["practitioner"],
        progress="School attendance up",
    )
    with pytest.raises(EditConflict):
        case_discussion_save(
            discussion=by_supervisor,
            expected_version=1,
            by=world.users["supervisor"],
            progress="No change",
            reflections="Overwrite?",
        )
    discussion.refresh_from_db()
    assert (discussion.progress, discussion.reflections, discussion.version) == (
        "School attendance up",
        "",
        2,
    )
    assert discussion.authors == {"progress": world.users["practitioner"].pk}


def test_a_blank_answer_is_stored_empty(world) -> None:
    # The drift signal "no reflection" counts empty fields in SQL.
    session = plan(world)
    discussion = case_discussion_add(
        session=session, case=case(world, "case-0"), by=world.users["practitioner"]
    )
    case_discussion_save(
        discussion=discussion,
        expected_version=discussion.version,
        by=world.users["practitioner"],
        reflections=" \n\t ",
        risks_and_needs="  Neglect at home\n",
    )
    discussion.refresh_from_db()
    assert (discussion.reflections, discussion.risks_and_needs) == ("", "  Neglect at home\n")
    assert "reflections" not in discussion.authors


# ------------------------------------------------------------------ case discussions


def test_each_answer_of_a_case_discussion_shows_who_wrote_it(world) -> None:
    session = plan(world, 3)
    # The supervisee drafts before the session.
    discussion = case_discussion_add(
        session=session,
        case=case(world, "case-0"),
        presented_by=world.staff["practitioner"],
        by=world.users["practitioner"],
    )
    assert (discussion.case.case_id, discussion.presented_by) == (
        "case-0",
        world.staff["practitioner"],
    )
    seen = today(world) - timedelta(2)
    case_discussion_save(
        discussion=discussion,
        expected_version=discussion.version,
        by=world.users["practitioner"],
        main_purpose="Keep A safe at home",
        child_voice="A wants to see her dad",
        child_last_seen=seen,
        risk_trend=RiskTrend.STABLE,
        previous_actions="",
    )
    practitioner, supervisor = world.users["practitioner"].pk, world.users["supervisor"].pk
    discussion.refresh_from_db()
    # An answer left as it was has no author.
    assert discussion.authors == {
        "main_purpose": practitioner,
        "child_voice": practitioner,
        "child_last_seen": practitioner,
        "risk_trend": practitioner,
    }
    case_discussion_save(
        discussion=discussion,
        expected_version=discussion.version,
        by=world.users["supervisor"],
        main_purpose="Keep A safe at home",  # unchanged: still the supervisee's
        child_voice="A wants contact with her father, supervised",
        decision_rationale="Contact assessed as safe if supervised",
        child_last_seen=None,
    )
    discussion = CaseDiscussion.objects.get(pk=discussion.pk)
    assert discussion.version == 3
    assert discussion.main_purpose == "Keep A safe at home"
    assert discussion.child_voice == "A wants contact with her father, supervised"
    assert discussion.child_last_seen is None
    assert discussion.authors == {
        "main_purpose": practitioner,
        "child_voice": supervisor,
        "child_last_seen": supervisor,
        "risk_trend": practitioner,
        "decision_rationale": supervisor,
    }
    # None clears a text answer, and the clearing is authored too.
    case_discussion_save(
        discussion=discussion,
        expected_version=discussion.version,
        by=world.users["practitioner"],
        decision_rationale=None,
    )
    discussion.refresh_from_db()
    assert discussion.decision_rationale == ""
    assert discussion.authors["decision_rationale"] == practitioner
    # The case discussion is not part of the session's own sections.
    assert set(texts(session).values()) == {""}


def test_case_discussions_breaking_a_rule_are_refused(world) -> None:
    session = plan(world)
    for who, case_id, presenter, message in [
        ("manager", "case-0", None, "Only the people in a session can add a case"),
        ("stranger_boss", "case-0", None, "Only staff of this organisation"),
        ("practitioner", "colleague-case", None, "That case is not allocated to anyone"),
        ("supervisor", "case-1", "colleague", "The presenter must be in the session"),
    ]:
        refused(
            case_discussion_add,
            session=session,
            case=case(world, case_id),
            presented_by=world.staff[presenter] if presenter else None,
            by=world.users[who],
            match=message,
        )
    assert not CaseDiscussion.objects.exists()
    discussion = case_discussion_add(
        session=session, case=case(world, "case-0"), by=world.users["supervisor"]
    )
    refused(
        case_discussion_add,
        session=session,
        case=case(world, "case-0"),
        by=world.users["practitioner"],
        match="This case is already in the record",
    )
    refused(
        case_discussion_save,
        discussion=discussion,
        expected_version=1,
        by=world.users["manager"],
        progress="Not mine",
        match="Only the people in a session can write its case discussions",
    )
    refused(
        case_discussion_save,
        discussion=discussion,
        expected_version=1,
        by=world.users["supervisor"],
        genogram="family.png",
        version=7,
        match="Unknown fields: genogram, version",
    )
    with pytest.raises(ValidationError) as error:
        case_discussion_save(
            discussion=discussion,
            expected_version=1,
            by=world.users["supervisor"],
            progress="Lost with the bad answer",
            risk_trend="worse",
        )
    assert "risk_trend" in error.value.message_dict
    discussion = CaseDiscussion.objects.get(pk=discussion.pk)
    assert (discussion.version, discussion.progress, discussion.risk_trend) == (1, "", "")
    assert discussion.authors == {}
    refused(
        case_discussion_remove,
        discussion=discussion,
        by=world.users["practitioner"],
        match="Only the supervisor removes a case from the record",
    )
    case_discussion_remove(discussion=discussion, by=world.users["supervisor"])
    assert not CaseDiscussion.objects.exists()


def test_a_supervisee_drafts_only_until_the_supervisor_signs(world) -> None:
    session = plan(world)
    discussion = case_discussion_add(
        session=session, case=case(world, "case-0"), by=world.users["practitioner"]
    )
    save(world, session)
    record_sign_as_supervisor(session=fresh(session), by=world.users["supervisor"])
    signed = fresh(session)
    discussion = CaseDiscussion.objects.get(pk=discussion.pk)
    for call, kw in [
        (case_discussion_save, {"discussion": discussion, "expected_version": 1, "progress": "x"}),
        (case_discussion_add, {"session": signed, "case": case(world, "case-1")}),
        (
            action_add,
            {
                "session": signed,
                "description": "Late action",
                "owner": world.staff["practitioner"],
                "due_on": today(world),
            },
        ),
    ]:
        refused(call, by=world.users["practitioner"], match="The supervisor has signed", **kw)
    refused(save, world, signed, match="The supervisor has signed this record and shared it")


# ------------------------------------------------------------------ actions


def test_an_action_has_an_owner_a_due_date_and_a_status(world) -> None:
    session = plan(world)
    discussion = case_discussion_add(
        session=session, case=case(world, "case-1"), by=world.users["supervisor"]
    )
    due = today(world) + timedelta(14)
    action = action_add(
        session=session,
        description="  Chase the school report  ",
        owner=world.staff["practitioner"],
        due_on=due,
        case_discussion=discussion,
        by=world.users["supervisor"],
    )
    action.refresh_from_db()
    assert action.description == "Chase the school report"
    assert (action.owner, action.due_on, action.status) == (
        world.staff["practitioner"],
        due,
        ActionStatus.OPEN,
    )
    assert action.case.case_id == "case-1" and action.case_discussion == discussion
    assert action.organisation == world.organisation
    assert action.created_by == world.users["supervisor"]
    # Either party agrees actions; the supervisor may own one.
    own = action_add(
        session=session,
        description="Ask for a second worker",
        owner=world.staff["supervisor"],
        due_on=session.date,
        by=world.users["practitioner"],
    )
    assert own.case is None

    action_update(
        action=action,
        status=ActionStatus.OPEN,
        delay_reason=" School closed ",
        by=world.users["practitioner"],
    )
    action.refresh_from_db()
    assert (action.status, action.done_on, action.delay_reason) == (
        ActionStatus.OPEN,
        None,
        "School closed",
    )
    action_update(action=action, status=ActionStatus.DONE, by=world.users["practitioner"])
    action.refresh_from_db()
    assert (action.status, action.done_on) == (ActionStatus.DONE, today(world))
    assert action.delay_reason == "School closed"  # the reason for the delay stays
    # The supervisor (a party, not the owner) reopens it: no longer done.
    action_update(action=action, status=ActionStatus.OPEN, by=world.users["supervisor"])
    action.refresh_from_db()
    assert (action.status, action.done_on) == (ActionStatus.OPEN, None)


def test_actions_breaking_a_rule_are_refused(world) -> None:
    session = plan(world)
    other = plan(world, -7)
    elsewhere = case_discussion_add(
        session=other, case=case(world, "case-0"), by=world.users["supervisor"]
    )
    base = {
        "session": session,
        "description": "Do it",
        "owner": world.staff["practitioner"],
        "due_on": today(world),
        "by": world.users["supervisor"],
    }
    for changes, message in [
        ({"by": world.users["manager"]}, "Only the people in a session can agree its actions"),
        ({"by": world.users["stranger_boss"]}, "Only staff of this organisation"),
        ({"owner": world.staff["manager"]}, "The owner must be someone in the session"),
        ({"due_on": today(world) - timedelta(1)}, "An action cannot be due before the session"),
        ({"case_discussion": elsewhere}, "That case discussion belongs to another session"),
    ]:
        refused(action_add, match=message, **{**base, **changes})
    with pytest.raises(ValidationError):
        action_add(**{**base, "description": "   "})
    assert not Action.objects.exists()
    action = action_add(**base)
    refused(
        action_update,
        action=action,
        status=ActionStatus.DONE,
        by=world.users["manager"],
        match="Only the owner or the people of its session",
    )
    refused(
        action_update,
        action=action,
        status="finished",
        by=world.users["practitioner"],
        match="Unknown status",
    )
    action.refresh_from_db()
    assert (action.status, action.done_on) == (ActionStatus.OPEN, None)


# ------------------------------------------------------------------ sign-off


def test_sign_off_from_first_signature_to_amendment(world) -> None:
    """The whole loop: signed and shared, changes asked for, corrected and
    signed again, signed with a disagreement, locked, amended."""
    session = plan(world, -3)
    discussion = case_discussion_add(
        session=session, case=case(world, "case-0"), by=world.users["practitioner"]
    )
    save(world, session, sections={"check_in": "Well", "workload": "Twelve cases"}, duration=90)
    record_sign_as_supervisor(session=fresh(session), by=world.users["supervisor"])
    session = fresh(session)
    day = today(world)
    assert (session.supervisor_signed_on, session.recorded_on, session.shared_on) == (day,) * 3
    assert session.supervisee_signed_on is None and not session.is_locked

    # The supervisee asks for changes: the supervisor's signature goes.
    record_request_edits(
        session=session, text="  Workload: it is fourteen cases  ", by=world.users["practitioner"]
    )
    session = fresh(session)
    assert session.supervisor_signed_on is None
    assert (session.recorded_on, session.shared_on) == (day, day)  # the first days stay
    refused(
        record_sign_as_supervisee,
        session=session,
        by=world.users["practitioner"],
        match="The supervisor signs first",
    )

    # The supervisor corrects the record and signs again.
    save(world, session, sections={"workload": "Fourteen cases"})
    record_sign_as_supervisor(session=fresh(session), by=world.users["supervisor"])
    session = fresh(session)
    assert session.supervisor_signed_on == day

    # The supervisee signs with a disagreement, which stays with the record.
    record_sign_as_supervisee(
        session=session,
        disagreement="  I do not agree that case-0 can step down  ",
        by=world.users["practitioner"],
    )
    session = fresh(session)
    assert session.supervisee_signed_on == day
    assert session.disagreement == "I do not agree that case-0 can step down"
    assert session.is_locked

    # Locked: every edit is refused, nothing changes.
    discussion = CaseDiscussion.objects.get(pk=discussion.pk)
    for call, kw, user in [
        (
            record_save,
            {
                "expected_version": session.record_version,
                "sections": {"workload": "Silent edit"},
                "duration_minutes": 60,
            },
            "supervisor",
        ),
        (case_discussion_add, {"case": case(world, "case-1")}, "supervisor"),
        (
            action_add,
            {"description": "Late", "owner": world.staff["practitioner"], "due_on": day},
            "practitioner",
        ),
    ]:
        refused(call, session=session, by=world.users[user], match="signed and locked", **kw)
    refused(
        case_discussion_save,
        discussion=discussion,
        expected_version=discussion.version,
        by=world.users["supervisor"],
        progress="Silent edit",
        match="signed and locked: add an amendment instead",
    )
    refused(
        case_discussion_remove,
        discussion=discussion,
        by=world.users["supervisor"],
        match="signed and locked",
    )
    refused(
        agenda_item_add,
        session=session,
        section_key="workload",
        text="More",
        by=world.users["practitioner"],
        match="agenda is closed",
    )
    for call, user, message in [
        (record_sign_as_supervisor, "supervisor", "You have already signed this record"),
        (record_sign_as_supervisee, "practitioner", "You have already signed this record"),
        (record_signature_withdraw, "supervisor", "There is no signature of yours to take back"),
        (record_complete, "supervisor", "Individual formal supervision is signed by both"),
    ]:
        refused(call, session=session, by=world.users[user], match=message)
    refused(
        record_request_edits,
        session=session,
        text="Too late",
        by=world.users["practitioner"],
        match="Changes can be asked for once the supervisor has signed",
    )
    assert texts(fresh(session))["workload"] == "Fourteen cases"
    assert fresh(session).record_version == 3

    # Changes are amendments: who, when, why, beside what they amend.
    workload = session.sections.get(key="workload")
    amendment = record_amend(
        session=session,
        section=workload,
        text="  Fourteen cases, two of them new  ",
        reason="  Two cases were allocated the day before  ",
        by=world.users["supervisor"],
    )
    amendment.refresh_from_db()
    assert (amendment.text, amendment.reason) == (
        "Fourteen cases, two of them new",
        "Two cases were allocated the day before",
    )
    assert amendment.made_by == world.users["supervisor"] and amendment.made_at is not None
    assert list(workload.amendments.all()) == [amendment]
    on_case = record_amend(
        session=session,
        case_discussion=discussion,
        text="A was seen again on Friday",
        reason="Visit after the session",
        by=world.users["practitioner"],
    )
    assert list(session.amendments.all()) == [amendment, on_case]
    assert texts(fresh(session))["workload"] == "Fourteen cases"  # never written over

    assert events(session) == [
        (EventKind.PLANNED, "supervisor", ""),
        (EventKind.HELD, "supervisor", ""),
        (EventKind.SUPERVISOR_SIGNED, "supervisor", ""),
        (EventKind.EDITS_REQUESTED, "practitioner", "Workload: it is fourteen cases"),
        (EventKind.SUPERVISOR_SIGNED, "supervisor", ""),
        (EventKind.SUPERVISEE_SIGNED, "practitioner", ""),
        (EventKind.DISAGREEMENT, "practitioner", "I do not agree that case-0 can step down"),
        (EventKind.AMENDED, "supervisor", "Two cases were allocated the day before"),
        (EventKind.AMENDED, "practitioner", "Visit after the session"),
    ]


def test_signing_again_keeps_the_first_recording_and_sharing_days(world) -> None:
    session = signed_by_supervisor(world, -5)
    earlier = today(world) - timedelta(4)
    SupervisionSession.objects.filter(pk=session.pk).update(
        supervisor_signed_on=earlier, recorded_on=earlier, shared_on=earlier
    )
    record_request_edits(session=fresh(session), text="Typo", by=world.users["practitioner"])
    save(world, fresh(session), sections={"workload": "Corrected"})
    record_sign_as_supervisor(session=fresh(session), by=world.users["supervisor"])
    session = fresh(session)
    assert (session.recorded_on, session.shared_on) == (earlier, earlier)
    assert session.supervisor_signed_on == today(world)


def test_a_signature_without_disagreement_records_none(world) -> None:
    session = locked(world)
    assert session.disagreement == ""
    assert EventKind.DISAGREEMENT not in kinds(session)
    assert kinds(session)[-1] == EventKind.SUPERVISEE_SIGNED


def test_nobody_signs_as_the_other_party(world) -> None:
    session = plan(world)
    save(world, session)
    session = fresh(session)
    refused(
        record_sign_as_supervisor,
        session=session,
        by=world.users["practitioner"],
        match="Only the supervisor of this session can do this",
    )
    record_sign_as_supervisor(session=session, by=world.users["supervisor"])
    session = fresh(session)
    refused(
        record_sign_as_supervisee,
        session=session,
        by=world.users["supervisor"],
        match="Only the supervisee of this session can do this",
    )
    refused(
        record_request_edits,
        session=session,
        text="Change it",
        by=world.users["supervisor"],
        match="Only the supervisee of this session",
    )
    refused(
        record_signature_withdraw,
        session=session,
        by=world.users["practitioner"],
        match="Only the supervisor of this session",
    )
    session = fresh(session)
    assert session.supervisee_signed_on is None and session.supervisor_signed_on == today(world)


@pytest.mark.parametrize(
    ("user", "message"),
    [
        ("manager", "Only the supervisee of this session"),  # the supervisor's own manager
        ("senior", "Only the supervisee of this session"),
        ("stranger_boss", "Only staff of this organisation"),
        ("config_only", "Only staff of this organisation"),
    ],
)
def test_someone_outside_the_session_cannot_sign_it(world, user, message) -> None:
    session = signed_by_supervisor(world)
    refused(record_sign_as_supervisee, session=session, by=world.users[user], match=message)
    refused(record_request_edits, session=session, text="No", by=world.users[user], match=message)
    unsigned = plan(world, -1)
    save(world, unsigned)
    refused(
        record_sign_as_supervisor,
        session=fresh(unsigned),
        by=world.users[user],
        match=message.replace("supervisee", "supervisor"),
    )
    assert fresh(unsigned).supervisor_signed_on is None
    session = fresh(session)
    assert session.supervisee_signed_on is None and not session.is_locked


def test_in_the_managers_session_the_supervisor_is_the_supervisee(world) -> None:
    session = plan(world, supervisor="manager", supervisee="supervisor")
    save(world, session, by="manager")
    refused(
        record_sign_as_supervisor,
        session=fresh(session),
        by=world.users["supervisor"],
        match="Only the supervisor of this session",
    )
    record_sign_as_supervisor(session=fresh(session), by=world.users["manager"])
    record_sign_as_supervisee(session=fresh(session), by=world.users["supervisor"])
    assert fresh(session).is_locked


def test_signing_needs_a_held_formal_record_with_its_duration(world) -> None:
    planned = plan(world)
    refused(
        record_sign_as_supervisor,
        session=planned,
        by=world.users["supervisor"],
        match="Record the session before signing it",
    )
    no_duration = plan(world, -1)
    save(world, no_duration, duration=None)
    refused(
        record_sign_as_supervisor,
        session=fresh(no_duration),
        by=world.users["supervisor"],
        match="Record how long the session lasted before signing",
    )
    informal = plan(world, kind=INFORMAL)
    save(world, informal)
    refused(
        record_sign_as_supervisor,
        session=fresh(informal),
        by=world.users["supervisor"],
        match="Only individual formal supervision is signed by both parties",
    )
    refused(
        record_sign_as_supervisee,
        session=fresh(informal),
        by=world.users["practitioner"],
        match="Only individual formal supervision",
    )
    cancelled = plan(world, 2)
    session_cancel(
        session=cancelled,
        status=SessionStatus.CANCELLED,
        reason="Ill",
        by=world.users["supervisor"],
    )
    refused(
        record_sign_as_supervisor,
        session=fresh(cancelled),
        by=world.users["supervisor"],
        match="Record the session before signing it",
    )
    for session in (planned, no_duration, informal, cancelled):
        session = fresh(session)
        assert session.supervisor_signed_on is session.recorded_on is session.shared_on is None
        assert EventKind.SUPERVISOR_SIGNED not in kinds(session)
    refused(
        record_sign_as_supervisor,
        session=signed_by_supervisor(world, -2),
        by=world.users["supervisor"],
        match="You have already signed this record",
    )


def test_changes_are_asked_for_with_a_reason_after_the_supervisors_signature(world) -> None:
    unsigned = plan(world)
    save(world, unsigned)
    refused(
        record_request_edits,
        session=fresh(unsigned),
        text="Please correct",
        by=world.users["practitioner"],
        match="Changes can be asked for once the supervisor has signed",
    )
    session = signed_by_supervisor(world, -1)
    refused(
        record_request_edits,
        session=session,
        text="   ",
        by=world.users["practitioner"],
        match="Say which changes you are asking for",
    )
    session = fresh(session)
    assert session.supervisor_signed_on == today(world)
    assert EventKind.EDITS_REQUESTED not in kinds(session)


def test_the_supervisor_takes_the_signature_back_until_the_supervisee_signs(world) -> None:
    session = signed_by_supervisor(world)
    record_signature_withdraw(session=session, by=world.users["supervisor"])
    session = fresh(session)
    assert session.supervisor_signed_on is None
    assert session.shared_on == today(world)
    assert events(session)[-1][:2] == (EventKind.SIGNATURE_WITHDRAWN, "supervisor")
    save(world, session, sections={"workload": "Corrected"})
    refused(
        record_signature_withdraw,
        session=fresh(session),
        by=world.users["supervisor"],
        match="There is no signature of yours to take back",
    )
    record_sign_as_supervisor(session=fresh(session), by=world.users["supervisor"])
    record_sign_as_supervisee(session=fresh(session), by=world.users["practitioner"])
    assert fresh(session).is_locked


# ------------------------------------------------------------------ amendments


def test_amendments_need_a_locked_record_a_party_a_text_and_a_reason(world) -> None:
    open_record = plan(world)
    save(world, open_record, sections={"workload": "Draft"})
    refused(
        record_amend,
        session=fresh(open_record),
        text="Change",
        reason="Why",
        by=world.users["supervisor"],
        match="The record is not locked yet: edit it instead",
    )
    session = locked(world, -1)
    other = locked(world, -2)
    other_section = other.sections.get(key="workload")
    other_discussion = CaseDiscussion.objects.create(session=other, case=case(world, "case-1"))
    for kw, message in [
        ({"by": world.users["manager"]}, "Only the people in a session can amend its record"),
        ({"by": world.users["stranger_boss"]}, "Only staff of this organisation"),
        ({"section": other_section}, "That part belongs to another record"),
        ({"case_discussion": other_discussion}, "That case discussion belongs to another record"),
        ({"text": "  "}, "Write the amendment and why it is made"),
        ({"reason": ""}, "Write the amendment and why it is made"),
    ]:
        refused(
            record_amend,
            match=message,
            **{
                "session": session,
                "text": "Change",
                "reason": "Why",
                "by": world.users["practitioner"],
                **kw,
            },
        )
    discussion = CaseDiscussion.objects.create(session=session, case=case(world, "case-0"))
    with pytest.raises(ValidationError):
        record_amend(
            session=session,
            section=session.sections.get(key="workload"),
            case_discussion=discussion,
            text="Both at once",
            reason="Why",
            by=world.users["supervisor"],
        )
    assert not Amendment.objects.exists()
    assert EventKind.AMENDED not in kinds(session)
    # A whole-record amendment, by the supervisee.
    amendment = record_amend(
        session=session,
        text="Add: the agreement was reviewed",
        reason="Left out",
        by=world.users["practitioner"],
    )
    assert amendment.section is None and amendment.case_discussion is None
    assert list(fresh(session).amendments.all()) == [amendment]


# ------------------------------------------------------------------ records with no sign-off


def test_an_informal_record_is_completed_by_its_supervisor_which_locks_it(world) -> None:
    session = plan(world, kind=INFORMAL)
    assert list(session.sections.values_list("key", flat=True)) == [NOTES_KEY]
    refused(
        record_complete,
        session=session,
        by=world.users["supervisor"],
        match="Record the session before completing it",
    )
    save(world, session, sections={NOTES_KEY: "Agreed a strategy meeting"}, duration=20)
    refused(
        record_complete,
        session=fresh(session),
        by=world.users["practitioner"],
        match="The supervisor writes this record",
    )
    refused(
        record_complete,
        session=fresh(session),
        by=world.users["manager"],
        match="The supervisor writes this record",
    )
    record_complete(session=fresh(session), by=world.users["supervisor"])
    session = fresh(session)
    assert session.recorded_on == today(world) and session.is_locked
    assert session.supervisor_signed_on is session.supervisee_signed_on is session.shared_on is None
    assert kinds(session) == [EventKind.PLANNED, EventKind.HELD, EventKind.COMPLETED]
    refused(
        record_complete,
        session=session,
        by=world.users["supervisor"],
        match="This record is already complete",
    )
    refused(save, world, session, sections={NOTES_KEY: "Silent edit"}, match="complete and locked")
    record_amend(
        session=session, text="And a chronology", reason="Forgotten", by=world.users["supervisor"]
    )
    assert texts(fresh(session))[NOTES_KEY] == "Agreed a strategy meeting"
    assert kinds(fresh(session))[-1] == EventKind.AMENDED


def test_a_formal_record_is_signed_not_completed(world) -> None:
    session = plan(world)
    save(world, session)
    refused(
        record_complete,
        session=fresh(session),
        by=world.users["supervisor"],
        match="Individual formal supervision is signed by both parties",
    )
    assert fresh(session).recorded_on is None


def test_a_group_record_is_completed_by_its_recorder(world) -> None:
    session = group_session(world)
    save(world, session, by="practitioner", sections={"group_notes": "Two cases brought"})
    record_complete(session=fresh(session), by=world.users["practitioner"])
    session = fresh(session)
    assert session.is_locked and session.recorded_on == today(world)
    assert events(session)[-1][:2] == (EventKind.COMPLETED, "practitioner")


def test_a_peer_record_is_completed_by_whoever_leads_it(world) -> None:
    session = plan(world, kind=SessionKind.PEER, supervisee="colleague")
    save(world, session, duration=45)
    record_complete(session=fresh(session), by=world.users["supervisor"])
    assert fresh(session).is_locked


# ------------------------------------------------------------------ the engine's view


def test_a_planned_recorded_and_signed_session_is_held_and_on_time_in_the_report(
    world, capsys
) -> None:
    """Tameside: recorded and signed the same day, shared within 7 working days."""
    day = today(world)
    policy_version_add(
        organisation=world.organisation,
        effective_from=day - timedelta(30),
        preset="tameside-2015",
    )
    session = plan(world, 0)
    discussion = case_discussion_add(
        session=session, case=case(world, "case-0"), by=world.users["practitioner"]
    )
    case_discussion_save(
        discussion=discussion,
        expected_version=1,
        by=world.users["practitioner"],
        main_purpose="Keep A safe",
    )
    before = report(world, day, capsys)
    assert before["policy"] == "tameside-2015"
    assert session.session_id not in {r["session_id"] for r in before["records"]}  # not held yet

    save(
        world,
        session,
        sections={"workload": "Twelve cases"},
        duration=75,
        functions=["support", "managerial"],
    )
    unsigned = {r["session_id"]: r for r in report(world, day, capsys)["records"]}
    assert unsigned[session.session_id] == {
        "session_id": session.session_id,
        "recording": "pending",
        "supervisor_sign_off": "pending",
        "supervisee_sign_off": "pending",
        "shared": "pending",
        "short": False,
    }

    record_sign_as_supervisor(session=fresh(session), by=world.users["supervisor"])
    record_sign_as_supervisee(session=fresh(session), by=world.users["practitioner"])

    (row,) = [
        s
        for s in dataset_from_database(world.organisation, day).sessions
        if s.session_id == session.session_id
    ]
    assert (row.kind, row.status, row.date, row.duration_minutes) == (
        "individual_formal",
        "held",
        day,
        75,
    )
    assert row.supervisee_ids == ("practitioner",) and row.supervisor_id == "supervisor"
    assert (row.recorded_on, row.supervisor_signed_on, row.supervisee_signed_on, row.shared_on) == (
        day,
    ) * 4
    assert row.functions == ("managerial", "support")

    after = report(world, day, capsys)
    records = {r["session_id"]: r for r in after["records"]}
    assert records[session.session_id] == {
        "session_id": session.session_id,
        "recording": "on_time",
        "supervisor_sign_off": "on_time",
        "supervisee_sign_off": "on_time",
        "shared": "on_time",
        "short": False,
    }
    (individual,) = [e for e in after["individual"] if e["staff_id"] == "practitioner"]
    assert individual["last"] == day.isoformat()


def test_the_report_sees_a_short_session_and_a_postponed_one(world, capsys) -> None:
    """Southwark: 90 minutes at least; a postponed session is not held."""
    day = today(world)
    short = plan(world, -1)
    save(world, short, duration=60)
    record_sign_as_supervisor(session=fresh(short), by=world.users["supervisor"])
    postponed = plan(world, -2)
    session_cancel(
        session=postponed,
        status=SessionStatus.POSTPONED,
        reason="Ill",
        by=world.users["practitioner"],
    )
    result = report(world, day, capsys)
    records = {r["session_id"]: r for r in result["records"]}
    assert records[short.session_id]["short"] is True
    assert postponed.session_id not in records
    assert postponed.session_id in {r["session_id"] for r in result["rearranging"]}


def test_a_save_loaded_before_the_signatures_cannot_edit_the_locked_record(world) -> None:
    """A page opened before both signed saves after: the service re-reads the
    record's state under a row lock, so the signed text stays as signed."""
    session = plan(world)
    save(world, session, sections={"workload": "Twelve cases"}, functions=["managerial"])
    stale = fresh(session)  # the supervisor's open form
    record_sign_as_supervisor(session=fresh(session), by=world.users["supervisor"])
    record_sign_as_supervisee(session=fresh(session), by=world.users["practitioner"])
    refused(save, world, stale, sections={"workload": "A silent edit"}, match="locked")
    assert texts(fresh(session))["workload"] == "Twelve cases"
    refused(
        action_add,
        session=stale,
        description="Late action",
        owner=world.staff["practitioner"],
        due_on=today(world),
        by=world.users["supervisor"],
        match="locked",
    )


def test_the_history_says_who_changed_what_and_never_the_text(world) -> None:
    session = plan(world, -1)
    record_save(
        session=session,
        expected_version=session.record_version,
        by=world.users["supervisor"],
        sections={"workload": "SECRET-TEXT twelve cases"},
        duration_minutes=60,
        functions=[],
    )
    discussion = case_discussion_add(
        session=session, case=case(world, "case-0"), by=world.users["practitioner"]
    )
    case_discussion_save(
        discussion=discussion,
        expected_version=discussion.version,
        by=world.users["practitioner"],
        progress="SECRET-TEXT school",
        child_voice="SECRET-TEXT wants",
    )
    changes = [e for e in events(session, changes=True) if e[0] == EventKind.CHANGED]
    workload = session.sections.get(key="workload").title
    assert changes == [
        (EventKind.CHANGED, "supervisor", f"{workload}, actual duration (minutes)"),
        (EventKind.CHANGED, "practitioner", "Case case-0 added"),
        (
            EventKind.CHANGED,
            "practitioner",
            "Case case-0: progress since last time, the child's voice and lived experience",
        ),
    ]
    assert not any("SECRET-TEXT" in text for _k, _b, text in events(session, changes=True))


def test_amending_a_personal_section_keeps_its_reason_out_of_the_history(world) -> None:
    """The history is read by managers and auditors too; why a wellbeing
    section was amended is read only beside it, by the parties."""
    session = locked(world)
    check_in = session.sections.get(key="check_in")
    amendment = record_amend(
        session=session,
        section=check_in,
        text="Better after the weekend",
        reason="My mother is ill",
        by=world.users["practitioner"],
    )
    assert amendment.reason == "My mother is ill"
    assert events(session)[-1] == (EventKind.AMENDED, "practitioner", "")
