"""Group supervision's services: groups and members, attendance and roles,
cases brought, genograms, a locked record, the schedule's queries, and the
compliance engine counting a group session from the database."""

from __future__ import annotations

import json
import struct
import zlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from supervisiondesk.people import services as people
from supervisiondesk.supervision import group_selectors
from supervisiondesk.supervision.choices import AttendeeRole, SessionKind, SessionStatus
from supervisiondesk.supervision.models import CaseDiscussion, SessionAttendee
from supervisiondesk.supervision.services import groups, records
from supervisiondesk.supervision.services.common import NotAllowed, organisation_today
from supervisiondesk.supervision.services.sessions import session_plan

pytestmark = pytest.mark.django_db


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    """A real PNG: signature, IHDR, one IDAT of grey rows, IEND."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def upload(content: bytes, name: str = "genogram.png", kind: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=kind)


def make_group(world, name: str = "North reflective group"):
    return groups.group_create(
        organisation=world.organisation,
        name=name,
        facilitator=world.staff["supervisor"],
        members=[world.staff["practitioner"], world.staff["colleague"]],
        by=world.users["supervisor"],
    )


def plan(world, group, days_from_today: int = 0):
    today = organisation_today(world.organisation)
    return session_plan(
        kind=SessionKind.GROUP,
        group=group,
        supervisor=world.staff["supervisor"],
        date=today + timedelta(days=days_from_today),
        planned_minutes=90,
        by=world.users["supervisor"],
    )


def case(world, case_id: str):
    return world.organisation.cases.get(case_id=case_id)


def message(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


# ---------------------------------------------------------------- groups


def test_facilitator_creates_a_group_of_members(world) -> None:
    team = world.staff["supervisor"].memberships.first().team
    group = groups.group_create(
        organisation=world.organisation,
        name="  Safeguarding group  ",
        facilitator=world.staff["supervisor"],
        members=[world.staff["practitioner"], world.staff["colleague"]],
        team=team,
        by=world.users["supervisor"],
    )
    assert group.name == "Safeguarding group"
    assert group.team == team
    assert set(group.members.values_list("staff_id", flat=True)) == {"practitioner", "colleague"}


@pytest.mark.parametrize(
    ("by", "facilitator", "members", "expected"),
    [
        ("manager", "supervisor", ["practitioner", "colleague"], "creates their own group"),
        ("practitioner", "practitioner", ["supervisor", "colleague"], "supervisors and managers"),
        ("supervisor", "supervisor", ["supervisor", "practitioner"], "do not add them"),
        ("supervisor", "supervisor", ["practitioner"], "at least 2 members"),
    ],
)
def test_group_create_refusals(world, by, facilitator, members, expected) -> None:
    with pytest.raises(NotAllowed) as error:
        groups.group_create(
            organisation=world.organisation,
            name="A group",
            facilitator=world.staff[facilitator],
            members=[world.staff[m] for m in members],
            by=world.users[by],
        )
    assert expected in message(error)


def test_group_members_come_from_the_organisation_and_names_are_unique(world) -> None:
    stranger = world.other_organisation.staff.get(staff_id="stranger")
    with pytest.raises(NotAllowed) as error:
        groups.group_create(
            organisation=world.organisation,
            name="Mixed",
            facilitator=world.staff["supervisor"],
            members=[world.staff["practitioner"], stranger],
            by=world.users["supervisor"],
        )
    assert "work in this organisation" in message(error)
    make_group(world, "Reflective")
    with pytest.raises(NotAllowed) as error:
        make_group(world, "reflective")
    assert "already a group called" in message(error)


def test_only_the_facilitator_changes_members_and_planned_sessions_follow(world) -> None:
    group = make_group(world)
    held = plan(world, group, days_from_today=-7)
    records.record_save(
        session=held,
        expected_version=1,
        by=world.users["supervisor"],
        sections={},
        duration_minutes=90,
    )
    planned = plan(world, group, days_from_today=7)
    awaiting_record = plan(world, group, days_from_today=-1)
    groups.group_case_bring(
        session=planned,
        case=case(world, "colleague-case"),
        presented_by=world.staff["colleague"],
        by=world.users["supervisor"],
    )
    newcomer = world.staff["other_supervisor"]
    with pytest.raises(NotAllowed):
        groups.group_members_set(
            group=group, members=[world.staff["practitioner"], newcomer], by=world.users["manager"]
        )
    groups.group_members_set(
        group=group, members=[world.staff["practitioner"], newcomer], by=world.users["supervisor"]
    )

    def attendees(session) -> set[str]:
        return set(
            SessionAttendee.objects.filter(session=session).values_list(
                "staff__staff_id", flat=True
            )
        )

    # The colleague left but still brings a case to the planned session.
    assert attendees(planned) == {"practitioner", "other_supervisor", "colleague"}
    assert attendees(held) == {"practitioner", "colleague"}
    assert attendees(awaiting_record) == {"practitioner", "colleague"}
    assert set(group.members.values_list("staff_id", flat=True)) == {
        "practitioner",
        "other_supervisor",
    }


# ---------------------------------------------------------------- attendance


def roles_in(session) -> dict[str, tuple[str, bool | None]]:
    return {
        a.staff.staff_id: (a.role, a.present)
        for a in SessionAttendee.objects.filter(session=session).select_related("staff")
    }


def test_attendance_names_everyone_present_or_absent_with_their_role(world) -> None:
    session = plan(world, make_group(world))
    pat, cas = world.staff["practitioner"].pk, world.staff["colleague"].pk
    groups.attendance_record(
        session=session,
        present={pat},
        roles={pat: AttendeeRole.PRESENTER, cas: AttendeeRole.RECORDER},
        by=world.users["supervisor"],
    )
    assert roles_in(session) == {
        "practitioner": (AttendeeRole.PRESENTER, True),
        "colleague": (AttendeeRole.RECORDER, False),
    }
    # Left out of `roles`: a participant again.
    groups.attendance_record(
        session=session, present={pat, cas}, roles={}, by=world.users["supervisor"]
    )
    assert roles_in(session) == {
        "practitioner": (AttendeeRole.PARTICIPANT, True),
        "colleague": (AttendeeRole.PARTICIPANT, True),
    }


def test_the_recorder_may_record_attendance_a_participant_may_not(world) -> None:
    session = plan(world, make_group(world))
    pat = world.staff["practitioner"].pk
    with pytest.raises(NotAllowed) as error:
        groups.attendance_record(
            session=session, present={pat}, roles={}, by=world.users["practitioner"]
        )
    assert "facilitator or the recorder" in message(error)
    groups.attendance_record(
        session=session,
        present={pat},
        roles={pat: AttendeeRole.RECORDER},
        by=world.users["supervisor"],
    )
    groups.attendance_record(
        session=session,
        present={pat},
        roles={pat: AttendeeRole.RECORDER},
        by=world.users["practitioner"],
    )
    assert roles_in(session)["practitioner"] == (AttendeeRole.RECORDER, True)


@pytest.mark.parametrize(
    ("present", "roles", "expected"),
    [
        (
            {"practitioner", "colleague"},
            {"practitioner": "recorder", "colleague": "recorder"},
            "Recorder",
        ),
        (
            {"practitioner", "colleague"},
            {"practitioner": "time_keeper", "colleague": "time_keeper"},
            "Time-keeper",
        ),
        (
            {"colleague"},
            {"practitioner": "presenter"},
            "presenter must be present: Pat Practitioner",
        ),
        ({"manager"}, {}, "Only the group's attendees"),
        ({"practitioner"}, {"practitioner": "chair"}, "Unknown roles: chair"),
    ],
)
def test_attendance_refusals(world, present, roles, expected) -> None:
    session = plan(world, make_group(world))
    pk = {key: member.pk for key, member in world.staff.items()}
    with pytest.raises(NotAllowed) as error:
        groups.attendance_record(
            session=session,
            present={pk[p] for p in present},
            roles={pk[p]: r for p, r in roles.items()},
            by=world.users["supervisor"],
        )
    assert expected in message(error)
    assert {p for _, p in roles_in(session).values()} == {None}


def test_roles_before_the_day_presence_only_on_it(world) -> None:
    session = plan(world, make_group(world), days_from_today=3)
    pat = world.staff["practitioner"].pk
    with pytest.raises(NotAllowed) as error:
        groups.attendance_record(
            session=session, present={pat}, roles={}, by=world.users["supervisor"]
        )
    assert "on or after the day" in message(error)
    groups.attendance_record(
        session=session,
        present=set(),
        roles={pat: AttendeeRole.PRESENTER},
        by=world.users["supervisor"],
    )
    assert roles_in(session)["practitioner"] == (AttendeeRole.PRESENTER, None)


def test_someone_bringing_a_case_cannot_be_marked_absent(world) -> None:
    session = plan(world, make_group(world))
    groups.group_case_bring(
        session=session,
        case=case(world, "case-0"),
        presented_by=world.staff["practitioner"],
        by=world.users["practitioner"],
    )
    with pytest.raises(NotAllowed) as error:
        groups.attendance_record(
            session=session,
            present={world.staff["colleague"].pk},
            roles={},
            by=world.users["supervisor"],
        )
    assert "Pat Practitioner" in message(error)


def test_attendance_is_for_group_sessions_only(world) -> None:
    individual = session_plan(
        kind=SessionKind.INDIVIDUAL_FORMAL,
        supervisee=world.staff["practitioner"],
        supervisor=world.staff["supervisor"],
        date=organisation_today(world.organisation),
        by=world.users["supervisor"],
    )
    with pytest.raises(NotAllowed) as error:
        groups.attendance_record(
            session=individual, present=set(), roles={}, by=world.users["supervisor"]
        )
    assert "not a group supervision session" in message(error)


# ---------------------------------------------------------------- cases brought


def test_a_case_is_brought_by_an_attendee_who_becomes_presenter(world) -> None:
    session = plan(world, make_group(world))
    discussion = groups.group_case_bring(
        session=session,
        case=case(world, "colleague-case"),
        presented_by=world.staff["colleague"],
        by=world.users["supervisor"],
    )
    assert discussion.presented_by == world.staff["colleague"]
    assert roles_in(session)["colleague"] == (AttendeeRole.PRESENTER, None)


@pytest.mark.parametrize(
    ("presenter", "case_id", "expected"),
    [
        ("supervisor", "case-0", "one of the session's attendees"),
        ("practitioner", "not-ours", "not allocated to anyone in this session"),
    ],
)
def test_case_bring_refusals(world, presenter, case_id, expected) -> None:
    session = plan(world, make_group(world))
    other = people.case_create(organisation=world.organisation, case_id="not-ours")
    people.case_period_add(
        case=other,
        worker=world.staff["manager"],
        case_type="cp",
        risk="high",
        start_date=session.date - timedelta(days=30),
    )
    with pytest.raises(NotAllowed) as error:
        groups.group_case_bring(
            session=session,
            case=case(world, case_id),
            presented_by=world.staff[presenter],
            by=world.users["supervisor"],
        )
    assert expected in message(error)


def test_an_absent_attendee_does_not_present(world) -> None:
    session = plan(world, make_group(world))
    groups.attendance_record(
        session=session,
        present={world.staff["colleague"].pk},
        roles={},
        by=world.users["supervisor"],
    )
    with pytest.raises(NotAllowed) as error:
        groups.group_case_bring(
            session=session,
            case=case(world, "case-0"),
            presented_by=world.staff["practitioner"],
            by=world.users["supervisor"],
        )
    assert "recorded as absent" in message(error)


# ---------------------------------------------------------------- genograms


@pytest.fixture
def discussion(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    session = plan(world, make_group(world))
    return groups.group_case_bring(
        session=session,
        case=case(world, "case-0"),
        presented_by=world.staff["practitioner"],
        by=world.users["practitioner"],
    )


def test_genogram_is_stored_under_a_random_name_and_replaces_the_old_one(
    world, discussion, tmp_path, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        groups.genogram_upload(
            discussion=discussion,
            file=upload(png_bytes(), "Smith family.png"),
            by=world.users["practitioner"],
        )
    first = discussion.genogram.name
    assert first.startswith("genograms/") and first.endswith(".png")
    assert "Smith" not in first
    assert (tmp_path / first).read_bytes() == png_bytes()
    assert discussion.authors["genogram"] == world.users["practitioner"].pk
    version = discussion.version

    pdf = b"%PDF-1.4\n% a genogram\n"
    with django_capture_on_commit_callbacks(execute=True):
        groups.genogram_upload(
            discussion=discussion,
            file=upload(pdf, "g.pdf", "application/pdf"),
            by=world.users["supervisor"],
        )
    discussion.refresh_from_db()
    assert discussion.genogram.name.endswith(".pdf")
    assert (tmp_path / discussion.genogram.name).read_bytes() == pdf
    assert not (tmp_path / first).exists()
    assert discussion.authors["genogram"] == world.users["supervisor"].pk
    # An open form saved from before the upload would lose its author: it conflicts.
    assert discussion.version == version + 1


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"GIF89a" + b"\x00" * 40, "genogram.png", "must be a PDF, PNG or JPEG file"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            "genogram.pdf",
            "must be a PDF, PNG or JPEG",
        ),
        (b"", "genogram.png", "is empty"),
        (
            b"\x89PNG\r\n\x1a\n" + b"\x00" * (5 * 1024 * 1024),
            "big.png",
            "The genogram is 5.0 MB: the limit is 5 MB.",
        ),
    ],
)
def test_genogram_refusals_say_what_is_wrong(
    world, discussion, tmp_path, content, name, expected
) -> None:
    with pytest.raises(NotAllowed) as error:
        groups.genogram_upload(
            discussion=discussion, file=upload(content, name), by=world.users["practitioner"]
        )
    assert expected in message(error)
    discussion.refresh_from_db()
    assert not discussion.genogram
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_a_jpeg_of_exactly_five_megabytes_is_accepted(world, discussion) -> None:
    content = b"\xff\xd8\xff\xe0" + b"\x00" * (5 * 1024 * 1024 - 4)
    groups.genogram_upload(
        discussion=discussion, file=upload(content, "g.jpg"), by=world.users["practitioner"]
    )
    assert discussion.genogram.name.endswith(".jpg")


def test_only_the_people_in_the_session_upload_a_genogram(world, discussion) -> None:
    with pytest.raises(NotAllowed) as error:
        groups.genogram_upload(
            discussion=discussion, file=upload(png_bytes()), by=world.users["manager"]
        )
    assert "Only the people in a session" in message(error)


# ---------------------------------------------------------------- a locked record


def test_a_completed_record_refuses_every_change(world, discussion) -> None:
    session = discussion.session
    facilitator = world.users["supervisor"]
    records.record_save(
        session=session, expected_version=1, by=facilitator, sections={}, duration_minutes=90
    )
    records.record_complete(session=session, by=facilitator)
    session.refresh_from_db()
    assert session.is_locked
    pat = world.staff["practitioner"].pk
    attempts = {
        "attendance": lambda: groups.attendance_record(
            session=session, present={pat}, roles={}, by=facilitator
        ),
        "genogram": lambda: groups.genogram_upload(
            discussion=discussion, file=upload(png_bytes()), by=facilitator
        ),
        "case": lambda: groups.group_case_bring(
            session=session,
            case=case(world, "colleague-case"),
            presented_by=world.staff["colleague"],
            by=facilitator,
        ),
        "steps": lambda: records.case_discussion_save(
            discussion=discussion,
            expected_version=discussion.version,
            by=facilitator,
            step_task="late",
        ),
    }
    for name, attempt in attempts.items():
        with pytest.raises(NotAllowed) as error:
            attempt()
        assert "locked" in message(error), name
    assert CaseDiscussion.objects.get(pk=discussion.pk).step_task == ""
    assert {p for _, p in roles_in(session).values()} == {None}


# ---------------------------------------------------------------- schedule


def test_schedule_reads_in_a_fixed_number_of_queries(world, django_assert_num_queries) -> None:
    group = make_group(world)
    staff = world.staff["supervisor"]
    today = organisation_today(world.organisation)
    first = plan(world, group, days_from_today=-14)
    groups.group_case_bring(
        session=first,
        case=case(world, "case-0"),
        presented_by=world.staff["practitioner"],
        by=world.users["supervisor"],
    )
    user = staff.user
    group_selectors.group_schedule(group=group, user=user, today=today)  # roles, staff: once
    with django_assert_num_queries(5):
        one = group_selectors.group_schedule(group=group, user=user, today=today)
    for days in (-7, 7, 14):
        session = plan(world, group, days_from_today=days)
        groups.group_case_bring(
            session=session,
            case=case(world, "colleague-case"),
            presented_by=world.staff["colleague"],
            by=world.users["supervisor"],
        )
    with django_assert_num_queries(5):
        four = group_selectors.group_schedule(group=group, user=user, today=today)
    with django_assert_num_queries(0):
        rows = [
            (
                line.session.date - today,
                [d.case.case_id for d in line.discussions],
                [d.presented_by.name for d in line.discussions],
                len(line.attendees),
            )
            for line in [*four.upcoming, *four.past]
        ]
    assert len(one.past) == 1 and not one.upcoming
    assert rows == [
        (timedelta(days=7), ["colleague-case"], ["Cas Colleague"], 2),
        (timedelta(days=14), ["colleague-case"], ["Cas Colleague"], 2),
        (timedelta(days=-7), ["colleague-case"], ["Cas Colleague"], 2),
        (timedelta(days=-14), ["case-0"], ["Pat Practitioner"], 2),
    ]


def test_my_groups_in_one_query(world, django_assert_num_queries) -> None:
    group = make_group(world)
    plan(world, group, days_from_today=7)
    make_group(world, "Second group")
    user = world.users["practitioner"]
    today = organisation_today(world.organisation)
    group_selectors.groups_of(user=user, today=today)  # reads the staff record once
    with django_assert_num_queries(1):
        lines = group_selectors.groups_of(user=user, today=today)
    assert [(line.group.name, line.member_count, line.facilitates) for line in lines] == [
        ("North reflective group", 2, False),
        ("Second group", 2, False),
    ]
    assert lines[0].next_session == today + timedelta(days=7)


# ---------------------------------------------------------------- compliance


def test_a_held_group_session_counts_for_the_case_and_the_members(world, capsys) -> None:
    today = organisation_today(world.organisation)
    session = plan(world, make_group(world), days_from_today=-2)
    facilitator = world.users["supervisor"]
    before = report_from_command(world, today, capsys)
    discussion = groups.group_case_bring(
        session=session,
        case=case(world, "case-0"),
        presented_by=world.staff["practitioner"],
        by=facilitator,
    )
    pat, cas = world.staff["practitioner"].pk, world.staff["colleague"].pk
    groups.attendance_record(
        session=session, present={pat, cas}, roles={pat: AttendeeRole.PRESENTER}, by=facilitator
    )
    records.case_discussion_save(
        discussion=discussion, expected_version=1, by=facilitator, dilemma="Whether to escalate."
    )
    records.record_save(
        session=session, expected_version=1, by=facilitator, sections={}, duration_minutes=90
    )
    records.record_complete(session=session, by=facilitator)
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD and session.is_locked

    after = report_from_command(world, today, capsys)
    cases = {c["case_id"]: c for c in after["cases"]}
    group = {g["staff_id"]: g for g in after["group"]}
    before_group = {g["staff_id"]: g for g in before["group"]}
    assert cases["case-0"]["last"] == session.date.isoformat()
    assert cases["case-1"]["last"] is None  # not brought: not counted
    for member in ("practitioner", "colleague"):
        assert before_group[member]["last"] is None
        assert group[member]["last"] == session.date.isoformat()
        assert group[member]["status"] != "overdue"
    # The facilitator is not supervised in the group.
    assert group.get("supervisor", {}).get("last") is None


def test_a_member_marked_absent_has_not_attended(world, capsys) -> None:
    today = organisation_today(world.organisation)
    session = plan(world, make_group(world), days_from_today=-2)
    facilitator = world.users["supervisor"]
    pat = world.staff["practitioner"].pk
    groups.attendance_record(session=session, present={pat}, roles={}, by=facilitator)
    records.record_save(
        session=session, expected_version=1, by=facilitator, sections={}, duration_minutes=90
    )
    records.record_complete(session=session, by=facilitator)
    group = {g["staff_id"]: g for g in report_from_command(world, today, capsys)["group"]}
    assert group["practitioner"]["last"] == session.date.isoformat()
    assert group["colleague"]["last"] is None


def report_from_command(world, as_of, capsys) -> dict:
    capsys.readouterr()
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
