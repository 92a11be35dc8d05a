"""Planning supervision (issue 4, scheduling): plan, change, cancel or
postpone, rearrange, the standing agenda of the policy, the agenda both
parties add to, and open actions brought forward for review.

No clock is frozen (neither time_machine nor freezegun is installed):
`organisation_today` reads the real clock, so sessions are planned relative
to it.
"""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError

from supervisiondesk.people.models import Case, StaffMember
from supervisiondesk.policies.policy import PRESETS_DIR, STANDARD_AGENDA
from supervisiondesk.policies.services import policy_version_add
from supervisiondesk.supervision.agenda import GROUP_ITEMS, NOTES_KEY, STANDARD_ITEMS
from supervisiondesk.supervision.choices import (
    ActionStatus,
    EventKind,
    Mode,
    SessionKind,
    SessionStatus,
)
from supervisiondesk.supervision.models import (
    Action,
    AgendaItem,
    RecordSection,
    SessionAttendee,
    SessionEvent,
    SupervisionGroup,
    SupervisionSession,
)
from supervisiondesk.supervision.services import records, sessions
from supervisiondesk.supervision.services.common import NotAllowed, organisation_today
from supervisiondesk.supervision.services.sessions import (
    actions_bring_forward,
    agenda_item_add,
    agenda_item_remove,
    open_actions_for,
    sections_ensure,
    session_cancel,
    session_change,
    session_plan,
)

pytestmark = pytest.mark.django_db

FORMAL = SessionKind.INDIVIDUAL_FORMAL
INFORMAL = SessionKind.INDIVIDUAL_INFORMAL
SOUTHWARK = (PRESETS_DIR / "southwark-2021.yaml").read_text()


# ------------------------------------------------------------------ helpers


def today(world) -> date:
    return organisation_today(world.organisation)


def plan(world, days: int = 7, *, supervisor: str = "supervisor", supervisee="practitioner", **kw):
    """A session of `supervisor` with `supervisee`, `days` from today."""
    return session_plan(
        supervisor=world.staff[supervisor],
        supervisee=world.staff[supervisee] if isinstance(supervisee, str) else supervisee,
        kind=kw.pop("kind", FORMAL),
        date=kw.pop("date", today(world) + timedelta(days)),
        by=kw.pop("by", world.users[supervisor]),
        **kw,
    )


def hold(world, session: SupervisionSession, writer="supervisor", **kw) -> SupervisionSession:
    """The supervisor's first save of the record, which marks it held."""
    return records.record_save(
        session=session,
        expected_version=session.record_version,
        by=world.users[writer],
        sections=kw.pop("sections", {}),
        duration_minutes=kw.pop("duration_minutes", 90),
        **kw,
    )


def refused(call, *args, match: str, **kwargs) -> NotAllowed:
    with pytest.raises(NotAllowed, match=match) as error:
        call(*args, **kwargs)
    return error.value


def events(session: SupervisionSession) -> list[tuple[str, str | None, str]]:
    return [
        (e.kind, e.by.username if e.by else None, e.text)
        for e in SessionEvent.objects.filter(session=session).select_related("by")
    ]


def case(world, case_id: str) -> Case:
    return Case.objects.get(organisation=world.organisation, case_id=case_id)


def stranger(world) -> StaffMember:
    return StaffMember.objects.get(organisation=world.other_organisation, staff_id="stranger")


def group_of(world, *members: str, facilitator: str = "supervisor") -> SupervisionGroup:
    group = SupervisionGroup.objects.create(
        organisation=world.organisation,
        name="North reflective group",
        facilitator=world.staff[facilitator],
    )
    group.members.set([world.staff[m] for m in members])
    return group


def custom_policy(policy_id: str, agenda: str) -> str:
    """The Southwark preset as an edited copy with its own standing agenda."""
    head, _standard = SOUTHWARK.split("\nstanding_agenda:\n")
    assert _standard.strip().startswith("- check_in")
    return head.replace("id: southwark-2021", f"id: {policy_id}") + "\nstanding_agenda:\n" + agenda


# ------------------------------------------------------------------ planning


def test_a_plan_keeps_its_date_time_duration_place_link_and_mode(world) -> None:
    day = today(world) + timedelta(10)
    session = session_plan(
        supervisor=world.staff["supervisor"],
        supervisee=world.staff["practitioner"],
        kind=FORMAL,
        date=day,
        start_time=time(14, 30),
        planned_minutes=90,
        mode=Mode.VIDEO,
        place="",
        video_link="https://meet.example.org/sam-pat",
        by=world.users["supervisor"],
    )
    session = SupervisionSession.objects.get(pk=session.pk)
    assert (session.date, session.start_time, session.planned_minutes) == (day, time(14, 30), 90)
    assert (session.mode, session.video_link) == (Mode.VIDEO, "https://meet.example.org/sam-pat")
    assert session.status == SessionStatus.PLANNED
    assert session.organisation == world.organisation
    assert session.supervisor == world.staff["supervisor"]
    assert list(session.supervisees.all()) == [world.staff["practitioner"]]
    assert session.created_by == world.users["supervisor"]
    assert session.session_id.startswith("sd-")
    # Nothing of the engine's record is set by planning.
    assert session.duration_minutes is None and session.functions == []
    assert session.recorded_on is session.shared_on is None
    assert session.supervisor_signed_on is session.supervisee_signed_on is None
    assert events(session) == [(EventKind.PLANNED, "supervisor", "")]

    in_person = plan(world, 3, mode=Mode.IN_PERSON, place="Room 4, Town Hall")
    in_person.refresh_from_db()
    assert (in_person.mode, in_person.place, in_person.video_link) == (
        Mode.IN_PERSON,
        "Room 4, Town Hall",
        "",
    )


def test_each_plan_has_its_own_session_id(world) -> None:
    first, second = plan(world, 3), plan(world, 10)
    assert first.session_id != second.session_id


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"by": "practitioner"}, "Only the supervisor plans a session"),
        ({"by": "manager"}, "Only the supervisor plans a session"),
        ({"by": "stranger_boss"}, "Only staff of this organisation"),
        ({"by": "config_only"}, "Only staff of this organisation"),
        ({"supervisee": None}, "Choose the supervisee"),
        ({"supervisee": "supervisor"}, "Nobody supervises themselves"),
        ({"supervisee": "colleague"}, "Cas Colleague is not your supervisee on"),
        ({"date": date(2023, 6, 1)}, "Pat Practitioner is not your supervisee on 2023-06-01"),
    ],
)
def test_a_plan_breaking_a_rule_is_refused_and_writes_nothing(world, overrides, message) -> None:
    kw = {
        "supervisor": world.staff["supervisor"],
        "supervisee": world.staff["practitioner"],
        "kind": FORMAL,
        "date": today(world) + timedelta(7),
        "by": world.users["supervisor"],
    }
    if "by" in overrides:
        kw["by"] = world.users[overrides["by"]]
    if "supervisee" in overrides:
        name = overrides["supervisee"]
        kw["supervisee"] = world.staff[name] if name else None
    if "date" in overrides:
        kw["date"] = overrides["date"]
    refused(session_plan, match=message, **kw)
    assert not SupervisionSession.objects.exists()
    assert not SessionEvent.objects.exists()


def test_a_peer_session_with_someone_of_another_organisation_is_refused(world) -> None:
    refused(
        plan,
        world,
        kind=SessionKind.PEER,
        supervisee=stranger(world),
        match="not staff of your organisation",
    )
    assert not SupervisionSession.objects.exists()
    assert not SessionAttendee.objects.exists()


def test_a_peer_session_needs_no_supervisory_relationship(world) -> None:
    session = plan(world, kind=SessionKind.PEER, supervisee="colleague")
    assert list(session.supervisees.all()) == [world.staff["colleague"]]


def test_a_bad_video_link_is_refused_and_writes_nothing(world) -> None:
    with pytest.raises(ValidationError) as error:
        plan(world, mode=Mode.VIDEO, video_link="not a link")
    assert "video_link" in error.value.message_dict
    assert not SupervisionSession.objects.exists()


@pytest.mark.parametrize("failing", ["actions_bring_forward", "_sections_create", "event_add"])
def test_a_plan_that_fails_after_validation_writes_nothing(world, monkeypatch, failing) -> None:
    """Each step after the session's row is written can fail: the whole plan
    is rolled back (no session, attendee, section, agenda item or event)."""
    earlier = plan(world, -14)
    hold(world, earlier)
    records.action_add(
        session=earlier,
        description="Book the review meeting",
        owner=world.staff["practitioner"],
        due_on=today(world),
        by=world.users["supervisor"],
    )
    counts = {
        model: model.objects.count()
        for model in (SupervisionSession, SessionAttendee, RecordSection, AgendaItem, SessionEvent)
    }

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(sessions, failing, broken)
    with pytest.raises(RuntimeError):
        plan(world, 7)
    assert {model: model.objects.count() for model in counts} == counts


def test_a_rearranging_plan_that_fails_at_its_last_step_writes_nothing(world, monkeypatch) -> None:
    postponed = plan(world, 2)
    session_cancel(
        session=postponed,
        status=SessionStatus.POSTPONED,
        reason="Court hearing",
        by=world.users["supervisor"],
    )
    real_event_add = sessions.event_add

    def failing_on_rearranged(*, kind, **kwargs):
        if kind == EventKind.REARRANGED:
            raise RuntimeError("the database went away")
        return real_event_add(kind=kind, **kwargs)

    monkeypatch.setattr(sessions, "event_add", failing_on_rearranged)
    with pytest.raises(RuntimeError):
        plan(world, 5, rearranges=postponed)
    assert list(SupervisionSession.objects.all()) == [postponed]
    assert not postponed.rearranged_as.exists()
    assert [kind for kind, *_rest in events(postponed)] == [EventKind.PLANNED, EventKind.POSTPONED]


# ------------------------------------------------------------------ standing agenda


def test_a_formal_session_gets_the_policys_seven_standing_items(world) -> None:
    session = plan(world)
    sections = list(session.sections.order_by("position"))
    assert [s.key for s in sections] == list(STANDARD_AGENDA)
    assert len(sections) == 7
    assert [s.position for s in sections] == list(range(7))
    for section in sections:
        title, prompt = STANDARD_ITEMS[section.key]
        assert (section.title, section.prompt) == (str(title), str(prompt))
        assert section.text == "" and section.written_by is None
    # Wellbeing is personal to the worker: never copied to a child's record.
    assert [s.key for s in sections if s.personal] == ["check_in"]


def test_other_kinds_get_their_own_sections(world) -> None:
    informal = plan(world, kind=INFORMAL)
    peer = plan(world, kind=SessionKind.PEER, supervisee="colleague")
    group = session_plan(
        supervisor=world.staff["supervisor"],
        kind=SessionKind.GROUP,
        group=group_of(world, "practitioner", "colleague"),
        date=today(world) + timedelta(7),
        by=world.users["supervisor"],
    )
    assert list(informal.sections.values_list("key", flat=True)) == [NOTES_KEY]
    assert list(peer.sections.values_list("key", flat=True)) == [NOTES_KEY]
    assert list(group.sections.values_list("key", flat=True)) == list(GROUP_ITEMS)
    assert not RecordSection.objects.filter(personal=True).exists()


def test_a_policy_with_its_own_standing_agenda_is_followed_from_its_date(world) -> None:
    change = today(world) + timedelta(10)
    policy_version_add(
        organisation=world.organisation,
        effective_from=change,
        document=custom_policy(
            "riverside-agenda",
            "  - {key: wellbeing, title: How you are, prompt: Health and leave., personal: true}\n"
            "  - actions_review\n"
            "  - {key: safeguarding, title: Safeguarding themes}\n"
            "  - case_discussions\n",
        ),
    )
    before = plan(world, 5)
    after = plan(world, 20)
    assert list(before.sections.values_list("key", flat=True)) == list(STANDARD_AGENDA)
    sections = list(after.sections.order_by("position"))
    assert [(s.key, s.title, s.prompt, s.personal) for s in sections] == [
        ("wellbeing", "How you are", "Health and leave.", True),
        (
            "actions_review",
            str(STANDARD_ITEMS["actions_review"][0]),
            str(STANDARD_ITEMS["actions_review"][1]),
            False,
        ),
        ("safeguarding", "Safeguarding themes", "", False),
        (
            "case_discussions",
            str(STANDARD_ITEMS["case_discussions"][0]),
            str(STANDARD_ITEMS["case_discussions"][1]),
            False,
        ),
    ]
    # Either party adds to the policy's own items too.
    item = agenda_item_add(
        session=after,
        section_key="safeguarding",
        text="Exploitation",
        by=world.users["practitioner"],
    )
    assert item.section_key == "safeguarding"
    refused(
        agenda_item_add,
        session=after,
        section_key="workload",
        text="Caseload",
        by=world.users["practitioner"],
        match="Choose one of the session's agenda items",
    )


def test_the_agenda_is_a_snapshot_a_later_policy_does_not_rewrite(world) -> None:
    session = plan(world, 20)
    policy_version_add(
        organisation=world.organisation,
        effective_from=today(world),
        document=custom_policy("riverside-short", "  - {key: everything, title: Everything}\n"),
    )
    assert list(session.sections.values_list("key", flat=True)) == list(STANDARD_AGENDA)
    assert list(plan(world, 21).sections.values_list("key", flat=True)) == ["everything"]


def imported(world, session_id: str, days: int, **fields) -> SupervisionSession:
    """A session as a data folder brings it: the engine's fields, no sections."""
    session = SupervisionSession.objects.create(
        organisation=world.organisation,
        session_id=session_id,
        kind=fields.pop("kind", FORMAL),
        status=fields.pop("status", SessionStatus.HELD),
        date=today(world) + timedelta(days),
        supervisor=world.staff["supervisor"],
        **fields,
    )
    SessionAttendee.objects.create(session=session, staff=world.staff["practitioner"])
    return session


def test_a_session_from_a_data_folder_gets_its_standing_agenda_once(world) -> None:
    session = imported(world, "f1", -3, duration_minutes=90)
    assert sections_ensure(session=session) is True
    assert list(session.sections.values_list("key", flat=True)) == list(STANDARD_AGENDA)
    assert sections_ensure(session=session) is False
    assert session.sections.count() == 7
    informal = imported(world, "f2", -3, kind=INFORMAL)
    assert sections_ensure(session=informal) is True
    assert list(informal.sections.values_list("key", flat=True)) == [NOTES_KEY]


@pytest.mark.parametrize(
    "fields",
    [
        {"status": SessionStatus.CANCELLED},
        {"status": SessionStatus.POSTPONED},
        {"supervisor_signed_on": date(2025, 1, 2), "supervisee_signed_on": date(2025, 1, 3)},
        {"kind": INFORMAL, "recorded_on": date(2025, 1, 2)},
    ],
)
def test_a_locked_or_called_off_imported_session_is_left_as_it_is(world, fields) -> None:
    session = imported(world, "f1", -30, **fields)
    assert sections_ensure(session=session) is False
    assert not session.sections.exists()


# ------------------------------------------------------------------ changing


def test_the_supervisor_moves_a_planned_session_and_the_history_keeps_the_old_values(world) -> None:
    session = plan(world, 7, start_time=time(10, 0), place="Room 1")
    old_day = session.date
    new_day = today(world) + timedelta(9)
    session_change(
        session=session,
        by=world.users["supervisor"],
        date=new_day,
        start_time=time(15, 0),
        planned_minutes=60,
        mode=Mode.PHONE,
        place="",
        video_link="",
    )
    session.refresh_from_db()
    assert (session.date, session.start_time, session.planned_minutes, session.mode) == (
        new_day,
        time(15, 0),
        60,
        Mode.PHONE,
    )
    kind, by, text = events(session)[-1]
    assert (kind, by) == (EventKind.RESCHEDULED, "supervisor")
    assert text == f"Was: {old_day} 10:00:00, In person Room 1"


def test_only_the_supervisor_changes_only_a_planned_session(world) -> None:
    session = plan(world, 7)
    change = {
        "date": today(world) + timedelta(8),
        "start_time": None,
        "planned_minutes": None,
        "mode": Mode.IN_PERSON,
        "place": "",
        "video_link": "",
    }
    for user in ("practitioner", "manager"):
        refused(
            session_change,
            session=session,
            by=world.users[user],
            match="Only the supervisor changes a planned session",
            **change,
        )
    refused(
        session_change,
        session=session,
        by=world.users["stranger_boss"],
        match="Only staff of this organisation",
        **change,
    )
    session_cancel(
        session=session, status=SessionStatus.CANCELLED, reason="Ill", by=world.users["supervisor"]
    )
    refused(
        session_change,
        session=session,
        by=world.users["supervisor"],
        match="Only a planned session can be changed",
        **change,
    )
    held = hold(world, plan(world, 0))
    refused(
        session_change,
        session=held,
        by=world.users["supervisor"],
        match="Only a planned session can be changed",
        **change,
    )
    session.refresh_from_db()
    assert session.date == today(world) + timedelta(7)
    assert EventKind.RESCHEDULED not in {kind for kind, *_rest in events(session)}


def test_a_change_with_a_bad_link_writes_nothing(world) -> None:
    session = plan(world, 7)
    with pytest.raises(ValidationError):
        session_change(
            session=session,
            by=world.users["supervisor"],
            date=today(world) + timedelta(8),
            start_time=None,
            planned_minutes=None,
            mode=Mode.VIDEO,
            place="",
            video_link="nowhere",
        )
    session.refresh_from_db()
    assert session.date == today(world) + timedelta(7) and session.mode == Mode.IN_PERSON
    assert [kind for kind, *_rest in events(session)] == [EventKind.PLANNED]


# ------------------------------------------------------------------ cancelling and rearranging


@pytest.mark.parametrize(
    ("who", "status", "event"),
    [
        ("supervisor", SessionStatus.CANCELLED, EventKind.CANCELLED),
        ("practitioner", SessionStatus.POSTPONED, EventKind.POSTPONED),
    ],
)
def test_either_party_cancels_or_postpones_with_a_reason(world, who, status, event) -> None:
    session = plan(world, 3)
    session_cancel(
        session=session, status=status, reason="  Court hearing all day  ", by=world.users[who]
    )
    session.refresh_from_db()
    assert session.status == status
    assert session.cancel_reason == "Court hearing all day"
    assert session.cancelled_by == world.users[who]
    assert events(session)[-1] == (event, who, "Court hearing all day")


@pytest.mark.parametrize(
    ("who", "status", "reason", "message"),
    [
        ("manager", SessionStatus.CANCELLED, "Busy", "Only the people in a session can cancel"),
        ("stranger_boss", SessionStatus.CANCELLED, "Busy", "Only staff of this organisation"),
        ("supervisor", SessionStatus.CANCELLED, "", "Say why"),
        ("practitioner", SessionStatus.POSTPONED, "   ", "Say why"),
        ("supervisor", SessionStatus.HELD, "Busy", "Choose cancel or postpone"),
        ("supervisor", SessionStatus.PLANNED, "Busy", "Choose cancel or postpone"),
    ],
)
def test_cancelling_needs_a_party_and_a_reason(world, who, status, reason, message) -> None:
    session = plan(world, 3)
    refused(
        session_cancel,
        session=session,
        status=status,
        reason=reason,
        by=world.users[who],
        match=message,
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    assert session.cancel_reason == "" and session.cancelled_by is None
    assert [kind for kind, *_rest in events(session)] == [EventKind.PLANNED]


def test_only_a_planned_session_is_cancelled(world) -> None:
    session = plan(world, 3)
    session_cancel(
        session=session, status=SessionStatus.POSTPONED, reason="Ill", by=world.users["supervisor"]
    )
    refused(
        session_cancel,
        session=session,
        status=SessionStatus.CANCELLED,
        reason="Still ill",
        by=world.users["supervisor"],
        match="Only a planned session can be cancelled or postponed",
    )
    held = hold(world, plan(world, 0))
    refused(
        session_cancel,
        session=held,
        status=SessionStatus.CANCELLED,
        reason="Too late",
        by=world.users["practitioner"],
        match="Only a planned session",
    )


def test_a_postponed_session_is_linked_to_its_rearranged_one(world) -> None:
    postponed = plan(world, 2)
    session_cancel(
        session=postponed,
        status=SessionStatus.POSTPONED,
        reason="Court hearing",
        by=world.users["practitioner"],
    )
    new_day = today(world) + timedelta(6)
    rearranged = plan(world, 6, rearranges=postponed)
    rearranged.refresh_from_db()
    assert rearranged.rearranges == postponed
    assert list(postponed.rearranged_as.all()) == [rearranged]
    assert rearranged.status == SessionStatus.PLANNED
    assert events(postponed) == [
        (EventKind.PLANNED, "supervisor", ""),
        (EventKind.POSTPONED, "practitioner", "Court hearing"),
        (EventKind.REARRANGED, "supervisor", f"Rearranged for {new_day.isoformat()}."),
    ]
    assert events(rearranged) == [(EventKind.PLANNED, "supervisor", "")]


def test_a_cancelled_session_can_be_rearranged_too(world) -> None:
    cancelled = plan(world, 2, kind=INFORMAL)
    session_cancel(
        session=cancelled,
        status=SessionStatus.CANCELLED,
        reason="Snow",
        by=world.users["supervisor"],
    )
    again = plan(world, 4, kind=INFORMAL, rearranges=cancelled)
    assert again.rearranges == cancelled


def test_only_a_cancelled_or_postponed_session_of_yours_of_the_same_kind_is_rearranged(
    world,
) -> None:
    planned = plan(world, 2)
    refused(plan, world, 5, rearranges=planned, match="Only a cancelled or postponed session")
    postponed = plan(world, 3)
    session_cancel(
        session=postponed,
        status=SessionStatus.POSTPONED,
        reason="Ill",
        by=world.users["supervisor"],
    )
    refused(
        plan,
        world,
        5,
        kind=INFORMAL,
        rearranges=postponed,
        match="Only a cancelled or postponed session of yours",
    )
    # The manager's own session with the supervisor, postponed: not the supervisor's to rearrange.
    managers = plan(world, 2, supervisor="manager", supervisee="supervisor")
    session_cancel(
        session=managers, status=SessionStatus.POSTPONED, reason="Away", by=world.users["manager"]
    )
    refused(plan, world, 5, rearranges=managers, match="Only a cancelled or postponed session")
    assert SupervisionSession.objects.count() == 3
    assert not SupervisionSession.objects.filter(rearranges__isnull=False).exists()


def test_a_session_that_did_not_take_place_has_a_closed_agenda_and_no_record(world) -> None:
    session = plan(world, 0)
    session_cancel(
        session=session,
        status=SessionStatus.CANCELLED,
        reason="Ill",
        by=world.users["practitioner"],
    )
    refused(
        agenda_item_add,
        session=session,
        section_key="workload",
        text="Caseload",
        by=world.users["practitioner"],
        match="This session's agenda is closed",
    )
    refused(
        records.record_save,
        session=session,
        expected_version=session.record_version,
        by=world.users["supervisor"],
        sections={"workload": "Notes"},
        duration_minutes=60,
        match="did not take place",
    )


# ------------------------------------------------------------------ the agenda


def test_both_parties_add_agenda_items_beforehand(world) -> None:
    session = plan(world, 7)
    mine = agenda_item_add(
        session=session,
        section_key="case_discussions",
        text="  Case-0: the next review conference  ",
        case=case(world, "case-0"),
        by=world.users["practitioner"],
    )
    theirs = agenda_item_add(
        session=session,
        section_key="development",
        text="The ASYE portfolio",
        by=world.users["supervisor"],
    )
    assert (mine.text, mine.case.case_id, mine.added_by) == (
        "Case-0: the next review conference",
        "case-0",
        world.users["practitioner"],
    )
    assert (theirs.section_key, theirs.case, theirs.added_by) == (
        "development",
        None,
        world.users["supervisor"],
    )
    assert list(session.agenda_items.all()) == [mine, theirs]


@pytest.mark.parametrize(
    ("who", "section_key", "text", "case_id", "message"),
    [
        ("manager", "workload", "Caseload", None, "Only the people in a session can add"),
        ("stranger_boss", "workload", "Caseload", None, "Only staff of this organisation"),
        ("practitioner", "no_such_item", "Caseload", None, "Choose one of the session's agenda"),
        ("practitioner", "workload", "   ", None, "Write what you want to talk about"),
        (
            "practitioner",
            "case_discussions",
            "Not mine",
            "colleague-case",
            "That case is not allocated to anyone in this session",
        ),
    ],
)
def test_agenda_items_breaking_a_rule_are_refused(
    world, who, section_key, text, case_id, message
) -> None:
    session = plan(world, 7)
    refused(
        agenda_item_add,
        session=session,
        section_key=section_key,
        text=text,
        case=case(world, case_id) if case_id else None,
        by=world.users[who],
        match=message,
    )
    assert not AgendaItem.objects.exists()


def test_an_agenda_item_is_removed_by_who_added_it_before_the_session(world) -> None:
    session = plan(world, 0)
    item = agenda_item_add(
        session=session, section_key="workload", text="Caseload", by=world.users["practitioner"]
    )
    kept = agenda_item_add(
        session=session, section_key="workload", text="Leave", by=world.users["practitioner"]
    )
    refused(
        agenda_item_remove,
        item=item,
        by=world.users["supervisor"],
        match="Only who added an item can remove it",
    )
    agenda_item_remove(item=item, by=world.users["practitioner"])
    assert list(session.agenda_items.all()) == [kept]
    hold(world, session)
    kept.refresh_from_db()
    refused(
        agenda_item_remove,
        item=kept,
        by=world.users["practitioner"],
        match="before the session",
    )
    assert session.agenda_items.count() == 1


def test_items_may_still_be_added_during_the_session_but_not_once_locked(world) -> None:
    session = hold(world, plan(world, 0, kind=INFORMAL))
    agenda_item_add(
        session=session,
        section_key=NOTES_KEY,
        text="Raised on the day",
        by=world.users["practitioner"],
    )
    records.record_complete(session=session, by=world.users["supervisor"])
    session.refresh_from_db()
    refused(
        agenda_item_add,
        session=session,
        section_key=NOTES_KEY,
        text="Too late",
        by=world.users["practitioner"],
        match="This session's agenda is closed",
    )
    assert session.agenda_items.count() == 1


# ------------------------------------------------------------------ open actions brought forward


def agreed(world, session, description, *, owner="practitioner", discussion=None) -> Action:
    return records.action_add(
        session=session,
        description=description,
        owner=world.staff[owner],
        due_on=session.date + timedelta(14),
        by=world.users["supervisor"],
        case_discussion=discussion,
    )


def brought_forward(session) -> list[tuple[str, str, str | None]]:
    return [
        (item.action.description, item.section_key, item.case.case_id if item.case else None)
        for item in AgendaItem.objects.filter(session=session, action__isnull=False)
        .select_related("action", "case")
        .order_by("action__description")
    ]


def test_open_actions_come_back_once_on_the_next_sessions_agenda(world) -> None:
    last = hold(world, plan(world, -14))
    discussion = records.case_discussion_add(
        session=last, case=case(world, "case-0"), by=world.users["supervisor"]
    )
    agreed(world, last, "Chase the school report", discussion=discussion)
    agreed(world, last, "Book leave", owner="supervisor")
    done = agreed(world, last, "Read the new procedure")
    dropped = agreed(world, last, "Visit with the health visitor")
    records.action_update(action=done, status=ActionStatus.DONE, by=world.users["practitioner"])
    records.action_update(action=dropped, status=ActionStatus.DROPPED, by=world.users["supervisor"])

    following = plan(world, 0)
    assert brought_forward(following) == [
        ("Book leave", "actions_review", None),
        ("Chase the school report", "actions_review", "case-0"),
    ]
    item = AgendaItem.objects.get(session=following, action__description="Book leave")
    assert item.text == "Book leave" and item.added_by is None

    # Asking again adds nothing: each action is on the agenda once.
    assert actions_bring_forward(session=following) == 0
    # An action agreed after the plan is picked up when the record is opened, once.
    agreed(world, last, "Update the chronology")
    hold(world, following)
    assert brought_forward(following) == [
        ("Book leave", "actions_review", None),
        ("Chase the school report", "actions_review", "case-0"),
        ("Update the chronology", "actions_review", None),
    ]
    assert actions_bring_forward(session=following) == 0
    assert AgendaItem.objects.filter(session=following, action__isnull=False).count() == 3


def test_an_action_no_longer_open_is_not_brought_forward(world) -> None:
    last = hold(world, plan(world, -14))
    done = agreed(world, last, "Read the new procedure")
    records.action_update(action=done, status=ActionStatus.DONE, by=world.users["practitioner"])
    following = plan(world, 3)
    assert open_actions_for(following) == []
    assert brought_forward(following) == []


def test_only_the_pairs_own_earlier_actions_are_brought_forward(world) -> None:
    # The supervisor's own supervision with the manager: not the practitioner's business.
    theirs = hold(
        world, plan(world, -10, supervisor="manager", supervisee="supervisor"), writer="manager"
    )
    records.action_add(
        session=theirs,
        description="Theirs",
        owner=world.staff["supervisor"],
        due_on=theirs.date,
        by=world.users["manager"],
    )
    ours = hold(world, plan(world, -14))
    agreed(world, ours, "Ours")
    # A group session of the same supervisor, and a later session: neither counts.
    group = session_plan(
        supervisor=world.staff["supervisor"],
        kind=SessionKind.GROUP,
        group=group_of(world, "practitioner"),
        date=today(world) - timedelta(7),
        by=world.users["supervisor"],
    )
    agreed(world, group, "The group's")
    later = plan(world, 30)
    agreed(world, later, "Later")
    following = plan(world, 3)
    assert [a.description for a in open_actions_for(following)] == ["Ours"]
    assert brought_forward(following) == [("Ours", "actions_review", None)]
    assert theirs.actions.count() == 1


def test_a_group_sessions_open_actions_come_back_to_the_groups_next_session(world) -> None:
    group = group_of(world, "practitioner", "colleague")

    def group_session(days):
        return session_plan(
            supervisor=world.staff["supervisor"],
            kind=SessionKind.GROUP,
            group=group,
            date=today(world) + timedelta(days),
            by=world.users["supervisor"],
        )

    first = group_session(-14)
    records.action_add(
        session=first,
        description="Bring the genogram",
        owner=world.staff["colleague"],
        due_on=first.date,
        by=world.users["practitioner"],
    )
    agreed(world, plan(world, -10), "Individual")
    second = group_session(7)
    assert brought_forward(second) == [("Bring the genogram", "group_task", None)]


def test_a_policy_agenda_without_a_review_item_still_gets_the_actions(world) -> None:
    last = hold(world, plan(world, -14))
    agreed(world, last, "Chase the school report")
    policy_version_add(
        organisation=world.organisation,
        effective_from=today(world),
        document=custom_policy(
            "riverside-no-review",
            "  - check_in\n  - {key: practice, title: Practice}\n",
        ),
    )
    following = plan(world, 3)
    (item,) = AgendaItem.objects.filter(session=following, action__isnull=False)
    assert item.section_key in {"check_in", "practice"}
    assert following.sections.filter(key=item.section_key).exists()
