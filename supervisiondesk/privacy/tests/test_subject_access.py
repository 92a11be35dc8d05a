"""Subject access (privacy.subject_access, `manage.py subject_access_export`):
a zip of data.json and report.pdf with everything held about one worker,
logged once; another worker's personal notes are withheld from the person
who led their session, and given to the worker themselves.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime, timedelta
from html import unescape
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from supervisiondesk.people.models import Case, StaffMember
from supervisiondesk.people.services import absence_add
from supervisiondesk.privacy.models import (
    AccessEvent,
    AccessLogEntry,
    Channel,
    NeedToKnowAccess,
    NeedToKnowReason,
)
from supervisiondesk.privacy.services import access_log_add
from supervisiondesk.privacy.subject_access import subject_access_data, subject_access_export
from supervisiondesk.supervision.choices import SessionKind
from supervisiondesk.supervision.models import (
    AgreementSignature,
    ManagementDecision,
    SupervisionGroup,
)
from supervisiondesk.supervision.services.agreements import agreement_start
from supervisiondesk.supervision.services.records import (
    action_add,
    case_discussion_add,
    case_discussion_save,
    record_amend,
    record_save,
    record_sign_as_supervisee,
    record_sign_as_supervisor,
)
from supervisiondesk.supervision.services.sessions import agenda_item_add, session_plan

pytestmark = pytest.mark.django_db

WITHHELD = "A personal section of another worker's record was withheld."
# What the practitioner told their supervisor in confidence, in three places.
PERSONAL = ("Bereavement in the family", "Feeling low since March", "Leave was granted after all")


@pytest.fixture
def formal(world):
    """A signed session of the supervisor with the practitioner: a personal
    check-in, its agenda item and amendment, a case discussion, actions."""
    supervisor, practitioner = world.users["supervisor"], world.users["practitioner"]
    session = session_plan(
        supervisor=world.staff["supervisor"],
        supervisee=world.staff["practitioner"],
        kind=SessionKind.INDIVIDUAL_FORMAL,
        date=date(2025, 1, 15),
        by=supervisor,
    )
    agenda_item_add(session=session, section_key="check_in", text=PERSONAL[1], by=practitioner)
    agenda_item_add(session=session, section_key="workload", text="Caseload review", by=supervisor)
    discussion = case_discussion_add(
        session=session,
        case=Case.objects.get(case_id="case-0"),
        by=practitioner,
        presented_by=world.staff["practitioner"],
    )
    case_discussion_save(
        discussion=discussion,
        expected_version=1,
        by=practitioner,
        progress="A is back at school",
        child_last_seen=date(2025, 1, 10),
    )
    record_save(
        session=session,
        expected_version=1,
        by=supervisor,
        sections={"check_in": PERSONAL[0], "workload": "Twelve cases"},
        duration_minutes=90,
        functions=["support"],
    )
    action_add(
        session=session,
        description="Visit A at school",
        owner=world.staff["practitioner"],
        due_on=date(2025, 2, 1),
        by=supervisor,
        case_discussion=discussion,
    )
    session.refresh_from_db()
    record_sign_as_supervisor(session=session, by=supervisor)
    record_sign_as_supervisee(session=session, by=practitioner, disagreement="Too brief on A")
    session.refresh_from_db()
    record_amend(
        session=session,
        text=PERSONAL[2],
        reason="Correction",
        by=practitioner,
        section=session.sections.get(key="check_in"),
    )
    record_amend(
        session=session,
        text="Workload is now eleven cases",
        reason="Update",
        by=supervisor,
        section=session.sections.get(key="workload"),
    )
    return session


def export(world, who: str, *, by: str = "admin", channel: str = Channel.PAGE) -> zipfile.ZipFile:
    payload = subject_access_export(
        staff=world.staff[who], requested_by=world.users[by], channel=channel
    )
    return zipfile.ZipFile(io.BytesIO(payload))


def data_of(archive: zipfile.ZipFile) -> dict:
    return json.loads(archive.read("data.json"))


def session_in(data: dict, session_id: str) -> dict:
    (found,) = [s for s in data["sessions"] if s["session_id"] == session_id]
    return found


# ------------------------------------------------------------------ the zip


def test_the_zip_holds_the_data_and_the_report(world, formal) -> None:
    archive = export(world, "practitioner")
    assert archive.namelist() == ["data.json", "report.pdf"]
    assert archive.read("report.pdf").startswith(b"%PDF")
    data = data_of(archive)
    assert data["staff"] == {
        "staff_id": "practitioner",
        "name": "Pat Practitioner",
        "organisation": "Riverside",
        "country": "",
        "start_date": "2024-01-01",
        "end_date": None,
    }
    assert data["export"]["requested_by"] == "Ade Admin"
    assert data["export"]["staff_id"] == "practitioner"


def test_the_export_is_logged_once_as_a_read_of_the_subjects_records(world, formal) -> None:
    export(world, "practitioner", channel=Channel.DOWNLOAD)
    (entry,) = AccessLogEntry.objects.all()
    assert (entry.event, entry.channel, entry.user_id, entry.username) == (
        AccessEvent.SUBJECT_ACCESS,
        Channel.DOWNLOAD,
        world.users["admin"].pk,
        "admin",
    )
    assert entry.subject_ids == [world.staff["practitioner"].pk]
    assert (entry.organisation_id, entry.object_type, entry.object_id) == (
        world.organisation.pk,
        "staff",
        str(world.staff["practitioner"].pk),
    )
    assert json.loads(entry.detail) == {
        "sessions": 1,
        "agreements": 0,
        "access_log": 0,
        "personal_sections_withheld": 0,
    }
    # The next export lists this one among the reads of their records.
    log = data_of(export(world, "practitioner"))["access_log"]
    assert [(e["event"], e["who"], e["channel"]) for e in log] == [
        ("subject_access", "admin", "download")
    ]


# ------------------------------------------------------------------ personal notes


def test_the_supervisee_gets_their_own_personal_notes(world, formal) -> None:
    data = data_of(export(world, "practitioner"))
    session = session_in(data, formal.session_id)
    assert session["subject_role"] == "attendee"
    sections = {s["key"]: s for s in session["sections"]}
    assert sections["check_in"]["text"] == PERSONAL[0]
    assert (sections["check_in"]["personal"], sections["check_in"]["withheld"]) == (True, False)
    assert sections["check_in"]["written_by"] == "Sam Supervisor"
    assert PERSONAL[1] in [item["text"] for item in session["agenda_items"]]
    assert {m["text"] for m in session["amendments"]} == {
        PERSONAL[2],
        "Workload is now eleven cases",
    }
    assert data["export"]["personal_sections_withheld"] == 0


def test_the_supervisor_does_not_get_the_supervisees_personal_notes(world, formal) -> None:
    archive = export(world, "supervisor")
    text = archive.read("data.json").decode()
    for words in PERSONAL:
        assert words not in text
    data = json.loads(text)
    session = session_in(data, formal.session_id)
    assert session["subject_role"] == "supervisor"
    sections = {s["key"]: s for s in session["sections"]}
    assert sections["check_in"] == {
        "key": "check_in",
        "title": "Check-in and wellbeing",
        "personal": True,
        "withheld": True,
        "text": WITHHELD,
    }
    # The rest of the record is theirs to see.
    assert sections["workload"]["text"] == "Twelve cases"
    assert [item["text"] for item in session["agenda_items"]] == ["Caseload review"]
    assert [m["text"] for m in session["amendments"]] == ["Workload is now eleven cases"]
    (discussion,) = session["case_discussions"]
    assert (discussion["case_id"], discussion["progress"], discussion["child_last_seen"]) == (
        "case-0",
        "A is back at school",
        "2025-01-10",
    )
    assert data["export"]["personal_sections_withheld"] == 1


def test_the_report_says_where_a_personal_section_was_withheld(world, formal, monkeypatch) -> None:
    pages: list[str] = []

    class Page:  # stands in for WeasyPrint: the HTML it would lay out
        def __init__(self, *, string: str, **kwargs) -> None:
            pages.append(string)

        def write_pdf(self) -> bytes:
            return b"%PDF-1.7 stand-in"

    monkeypatch.setattr("weasyprint.HTML", Page)
    export(world, "supervisor")
    html = unescape(pages[0])
    assert WITHHELD in html
    for words in PERSONAL:
        assert words not in html
    for heading in ("Subject access export", "Supervision sessions", "Supervising", "Twelve cases"):
        assert heading in html
    pages.clear()
    export(world, "practitioner")
    html = unescape(pages[0])
    assert all(words in html for words in PERSONAL)
    assert WITHHELD not in html


def test_a_group_member_gets_the_groups_record_and_who_was_there(world) -> None:
    group = SupervisionGroup.objects.create(
        organisation=world.organisation, name="North group", facilitator=world.staff["supervisor"]
    )
    group.members.set([world.staff["practitioner"], world.staff["colleague"]])
    session = session_plan(
        supervisor=world.staff["supervisor"],
        kind=SessionKind.GROUP,
        group=group,
        date=date(2025, 3, 3),
        by=world.users["supervisor"],
    )
    record_save(
        session=session,
        expected_version=1,
        by=world.users["supervisor"],
        sections={"group_notes": "We agreed a rota"},
        duration_minutes=60,
    )
    data = data_of(export(world, "practitioner"))
    found = session_in(data, session.session_id)
    assert (found["group"], found["subject_role"]) == ("North group", "attendee")
    assert {a["name"] for a in found["attendees"]} == {"Pat Practitioner", "Cas Colleague"}
    assert {s["key"]: s["text"] for s in found["sections"]}["group_notes"] == "We agreed a rota"
    assert data["supervision_groups"] == [
        {"name": "North group", "role": "member", "facilitator": "Sam Supervisor"}
    ]
    # Nobody else's sessions: the colleague's line supervision is not here.
    assert [s["session_id"] for s in data["sessions"]] == [session.session_id]


# ------------------------------------------------------------------ everything else held


def test_everything_held_about_them_with_iso_dates(world, formal) -> None:
    practitioner = world.staff["practitioner"]
    absence_add(
        staff=practitioner, kind="sickness", start_date=date(2025, 4, 1), end_date=date(2025, 4, 30)
    )
    agreement = agreement_start(
        supervisor=world.staff["supervisor"], supervisee=practitioner, by=world.users["supervisor"]
    )
    AgreementSignature.objects.create(version=agreement.versions.get(), staff=practitioner)
    ManagementDecision.objects.create(
        case=Case.objects.get(case_id="case-1"),
        decided_on=date(2025, 5, 2),
        decided_by=world.staff["manager"],
        worker=practitioner,
        decision="Step down to CIN",
        rationale="Risks reduced",
    )
    now = timezone.now()
    NeedToKnowAccess.objects.create(
        organisation=world.organisation,
        user=world.users["director"],
        staff=practitioner,
        reason=NeedToKnowReason.CONDUCT,
        details="A complaint about a visit",
        opened_at=now,
        expires_at=now + timedelta(hours=24),
    )
    access_log_add(
        user=world.users["manager"],
        event=AccessEvent.READ,
        organisation_id=world.organisation.pk,
        object_type="session",
        object_id=formal.session_id,
        subjects=[practitioner.pk],
        reason="Audit of case-0",
    )
    # A read of someone else's record is not theirs.
    access_log_add(
        user=world.users["manager"],
        event=AccessEvent.READ,
        organisation_id=world.organisation.pk,
        subjects=[world.staff["colleague"].pk],
    )
    data = subject_access_data(staff=StaffMember.objects.get(pk=practitioner.pk))

    assert [(m["team"], m["start_date"], m["end_date"]) for m in data["team_memberships"]] == [
        ("North team", "2024-01-01", None)
    ]
    assert [c["category"] for c in data["categories"]] == ["qualified"]
    assert [(r["name"], r["kind"]) for r in data["supervised_by"]] == [("Sam Supervisor", "line")]
    assert data["supervising"] == []
    assert [(a["kind"], a["start_date"], a["end_date"]) for a in data["absences"]] == [
        ("sickness", "2025-04-01", "2025-04-30")
    ]
    # Case ids, never the child's details.
    assert [(p["case_id"], p["case_type"], p["risk"]) for p in data["case_periods"]] == [
        ("case-0", "cp", "high"),
        ("case-1", "cin", "standard"),
    ]
    assert set(data["case_periods"][0]) == {
        "case_id",
        "case_type",
        "case_type_label",
        "risk",
        "risk_label",
        "start_date",
        "end_date",
    }
    (held,) = data["agreements"]
    assert (held["supervisor"], held["supervisee"], held["group"]) == (
        "Sam Supervisor",
        "Pat Practitioner",
        None,
    )
    (version,) = held["versions"]
    assert version["number"] == 1 and version["reason"] == "first"
    assert [s["name"] for s in version["signatures"]] == ["Pat Practitioner"]
    signed_at = datetime.fromisoformat(version["signatures"][0]["signed_at"])
    assert signed_at.utcoffset() is not None  # in the organisation's zone, with its offset
    assert [a["description"] for a in data["actions_owned"]] == ["Visit A at school"]
    assert (data["actions_owned"][0]["due_on"], data["actions_owned"][0]["session_id"]) == (
        "2025-02-01",
        formal.session_id,
    )
    assert data["management_decisions"] == [
        {
            "case_id": "case-1",
            "decided_on": "2025-05-02",
            "decided_by": "Mo Manager",
            "worker_consulted": "Pat Practitioner",
            "decision": "Step down to CIN",
            "rationale": "Risks reduced",
            "session_id": None,
        }
    ]
    (grant,) = data["need_to_know_accesses"]
    assert (grant["opened_by"], grant["reason"], grant["details"]) == (
        "Dee Director",
        "conduct",
        "A complaint about a visit",
    )
    (read,) = data["access_log"]
    assert (read["who"], read["event"], read["channel"], read["object_id"], read["reason"]) == (
        "manager",
        "read",
        "page",
        formal.session_id,
        "Audit of case-0",
    )
    date.fromisoformat(read["at"][:10])
    session = session_in(data, formal.session_id)
    assert (session["date"], session["supervisor_signed_on"] is not None) == ("2025-01-15", True)
    assert session["disagreement"] == "Too brief on A"
    assert {"planned", "held", "supervisor_signed", "supervisee_signed", "amended"} <= {
        e["kind"] for e in session["events"]
    }
    assert [a["description"] for a in session["actions"]] == ["Visit A at school"]
    assert data["login"]["username"] == "practitioner"
    assert data["login"]["roles"] == ["practitioner"]


# ------------------------------------------------------------------ the command


def test_the_command_names_the_problem(world, tmp_path) -> None:
    with pytest.raises(CommandError, match="No staff member with staff id 'nobody' in Riverside"):
        call_command(
            "subject_access_export",
            "--organisation",
            "Riverside",
            "--staff",
            "nobody",
            "--out",
            str(tmp_path / "x.zip"),
        )
    with pytest.raises(CommandError, match="No organisation called 'Nowhere'"):
        call_command(
            "subject_access_export",
            "--organisation",
            "Nowhere",
            "--staff",
            "practitioner",
            "--out",
            str(tmp_path / "x.zip"),
        )
    with pytest.raises(CommandError, match="does not exist"):
        call_command(
            "subject_access_export",
            "--organisation",
            "Riverside",
            "--staff",
            "practitioner",
            "--out",
            str(tmp_path / "missing" / "x.zip"),
        )
    assert not AccessLogEntry.objects.exists()


class TestOnTheDemo:
    def test_the_demo_supervisors_export(self, demo, tmp_path: Path) -> None:
        staff = StaffMember.objects.get(organisation=demo, user__username="supervisor")
        out = tmp_path / "supervisor.zip"
        stdout = io.StringIO()
        call_command(
            "subject_access_export",
            "--organisation",
            demo.name,
            "--staff",
            staff.staff_id,
            "--out",
            str(out),
            stdout=stdout,
        )
        assert stdout.getvalue().startswith(f"Wrote {out} (")
        assert f"everything held about {staff.name} ({staff.staff_id})" in stdout.getvalue()
        archive = zipfile.ZipFile(out)
        assert archive.namelist() == ["data.json", "report.pdf"]
        assert archive.read("report.pdf").startswith(b"%PDF")
        data = data_of(archive)
        assert data["staff"]["staff_id"] == staff.staff_id
        assert data["login"]["username"] == "supervisor"
        assert data["sessions"] and data["supervising"] and data["agreements"]
        assert {s["subject_role"] for s in data["sessions"]} == {"supervisor", "attendee"}
        entry = AccessLogEntry.objects.get(event=AccessEvent.SUBJECT_ACCESS)
        assert (entry.channel, entry.subject_ids, entry.user_id) == (
            Channel.COMMAND,
            [staff.pk],
            None,
        )
        assert entry.username.startswith("manage.py")
