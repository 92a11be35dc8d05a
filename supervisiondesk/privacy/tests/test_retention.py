"""Retention and the purge (privacy.retention, `manage.py purge`).

The date arithmetic is checked by hypothesis; every record type is due the
day after its anniversary and not on it; case discussions follow the
child's record, so a session whose worker left long ago keeps its row (and
loses the rest) while it holds a discussion of a case that is not due; a
dry run writes nothing but one log entry; a run logs what it removed; the
organisation's rules override the defaults; the command lists, asks and
refuses clearly, and runs on the demo organisation.

`purge_plan` takes any day, so the matrix looks decades ahead. A real run
takes no day after the organisation's today, so the tests that remove
records shorten the rules (`retention_rule_set`) instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from supervisiondesk.people.models import Case, CasePeriod, StaffMember
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry, Channel, RecordType
from supervisiondesk.privacy.retention import (
    DEFAULT_YEARS,
    PurgePlan,
    PurgeRefused,
    is_due,
    kept_until,
    latest_due_start,
    purge_plan,
    purge_run,
    retention_years,
)
from supervisiondesk.privacy.services import retention_rule_set
from supervisiondesk.supervision.choices import SessionKind
from supervisiondesk.supervision.models import (
    Action,
    AgendaItem,
    AgreementSignature,
    AgreementVersion,
    Amendment,
    CaseDiscussion,
    RecordSection,
    SessionAttendee,
    SessionEvent,
    SupervisionAgreement,
    SupervisionGroup,
    SupervisionSession,
)
from supervisiondesk.supervision.services import groups
from supervisiondesk.supervision.services.agreements import agreement_start
from supervisiondesk.supervision.services.common import organisation_today
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

# ------------------------------------------------------------------ the arithmetic

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
years = st.integers(min_value=1, max_value=60)


@given(start=days, years=years, today=days)
def test_latest_due_start_is_the_boundary_of_is_due(start: date, years: int, today: date) -> None:
    assert is_due(start, years, today) == (start <= latest_due_start(today, years))


@given(start=days, years=years)
def test_a_record_is_kept_through_its_anniversary_and_due_the_day_after(
    start: date, years: int
) -> None:
    last = kept_until(start, years)
    assert (last.year, last.month) == (start.year + years, start.month)
    assert last.day in (start.day, start.day - 1)  # 29 February: 28 February
    assert not is_due(start, years, last)
    assert is_due(start, years, last + timedelta(days=1))
    assert latest_due_start(last + timedelta(days=1), years) >= start


@given(start=days, years=years, earlier=days, later=days)
def test_once_due_always_due(start: date, years: int, earlier: date, later: date) -> None:
    earlier, later = sorted((earlier, later))
    if is_due(start, years, earlier):
        assert is_due(start, years, later)


def test_the_29th_of_february() -> None:
    assert kept_until(date(2024, 2, 29), 6) == date(2030, 2, 28)
    assert not is_due(date(2024, 2, 29), 6, date(2030, 2, 28))
    assert is_due(date(2024, 2, 29), 6, date(2030, 3, 1))
    assert kept_until(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert latest_due_start(date(2024, 2, 29), 1) == date(2023, 2, 28)
    assert latest_due_start(date(2025, 2, 28), 1) == date(2024, 2, 27)
    assert latest_due_start(date(2025, 3, 1), 1) == date(2024, 2, 29)


def test_the_defaults() -> None:
    assert DEFAULT_YEARS == {
        "one_to_one": 6,
        "group": 6,
        "agreement": 6,
        "case_discussion": 25,
        "feedback": 3,
        "audit": 6,
        "self_assessment": 6,
        "development": 6,
        "wellbeing_plan": 1,
    }
    assert set(DEFAULT_YEARS) == set(RecordType.values)


# ------------------------------------------------------------------ a world of records

# The counts and ids of the quality and development records
# (test_retention_records.py), none in the world of this module.
NO_OTHER_COUNTS = {
    "feedback": 0,
    "audit": 0,
    "self_assessment": 0,
    "development": 0,
    "wellbeing_plan": 0,
}
NO_OTHER_IDS = {
    "feedback_responses": [],
    "audit_samples": [],
    "self_assessments": [],
    "learning_plans": [],
    "competency_assessments": [],
    "cpd_entries": [],
    "practice_observations": [],
    "wellbeing_plans": [],
}

LEFT = date(2025, 3, 31)  # the practitioner's last day
FORMAL_ON = date(2025, 1, 15)
GROUP_ON = date(2025, 2, 3)
CASE_0_CLOSED = date(2025, 6, 30)
COLLEAGUE_CASE_CLOSED = date(2025, 8, 31)


@dataclass
class Records:
    formal: SupervisionSession  # supervisor with practitioner, signed, amended
    discussion: CaseDiscussion  # case-0 in `formal`, closed on CASE_0_CLOSED
    open_discussion: CaseDiscussion  # case-1 in `formal`, still open
    group: SupervisionSession  # the group's session on GROUP_ON
    group_discussion: CaseDiscussion  # colleague-case, closed on COLLEAGUE_CASE_CLOSED
    agreement: SupervisionAgreement  # supervisor with practitioner


def case(world, case_id: str) -> Case:
    return Case.objects.get(organisation=world.organisation, case_id=case_id)


def close(world, case_id: str, on: date) -> None:
    CasePeriod.objects.filter(case=case(world, case_id)).update(end_date=on)


def build(world) -> Records:
    """A full one-to-one record, a group record with a case brought, an
    agreement; then the practitioner leaves and two cases close."""
    supervisor, practitioner = world.users["supervisor"], world.users["practitioner"]
    staff = world.staff
    formal = session_plan(
        supervisor=staff["supervisor"],
        supervisee=staff["practitioner"],
        kind=SessionKind.INDIVIDUAL_FORMAL,
        date=FORMAL_ON,
        by=supervisor,
    )
    agenda_item_add(session=formal, section_key="check_in", text="Tired lately", by=practitioner)
    agenda_item_add(session=formal, section_key="workload", text="Twelve cases", by=practitioner)
    discussion = case_discussion_add(
        session=formal,
        case=case(world, "case-0"),
        by=practitioner,
        presented_by=staff["practitioner"],
    )
    case_discussion_save(
        discussion=discussion,
        expected_version=1,
        by=practitioner,
        progress="A is back at school",
        child_voice="A wants to see her dad",
    )
    open_discussion = case_discussion_add(session=formal, case=case(world, "case-1"), by=supervisor)
    record_save(
        session=formal,
        expected_version=1,
        by=supervisor,
        sections={"check_in": "Bereavement; leave agreed", "workload": "Twelve cases, two CP"},
        duration_minutes=90,
        functions=["support", "managerial"],
    )
    action_add(
        session=formal,
        description="Book a week's leave",
        owner=staff["practitioner"],
        due_on=date(2025, 2, 1),
        by=supervisor,
    )
    action_add(
        session=formal,
        description="Visit A at school",
        owner=staff["practitioner"],
        due_on=date(2025, 2, 1),
        by=supervisor,
        case_discussion=discussion,
    )
    formal.refresh_from_db()
    record_sign_as_supervisor(session=formal, by=supervisor)
    record_sign_as_supervisee(session=formal, by=practitioner, disagreement="Leave was refused")
    formal.refresh_from_db()
    record_amend(
        session=formal,
        text="Leave was granted after all",
        reason="Correction",
        by=practitioner,
        section=formal.sections.get(key="check_in"),
    )
    record_amend(
        session=formal,
        text="A was seen on 20 January",
        reason="Missing",
        by=supervisor,
        case_discussion=discussion,
    )

    group = SupervisionGroup.objects.create(
        organisation=world.organisation, name="North group", facilitator=staff["supervisor"]
    )
    group.members.set([staff["practitioner"], staff["colleague"]])
    group_session = session_plan(
        supervisor=staff["supervisor"],
        kind=SessionKind.GROUP,
        group=group,
        date=GROUP_ON,
        by=supervisor,
    )
    group_discussion = groups.group_case_bring(
        session=group_session,
        case=case(world, "colleague-case"),
        presented_by=staff["colleague"],
        by=supervisor,
    )
    record_save(
        session=group_session,
        expected_version=1,
        by=supervisor,
        sections={"group_notes": "Good discussion"},
        duration_minutes=120,
    )

    agreement = agreement_start(
        supervisor=staff["supervisor"], supervisee=staff["practitioner"], by=supervisor
    )
    AgreementSignature.objects.create(version=agreement.versions.get(), staff=staff["supervisor"])

    StaffMember.objects.filter(pk=staff["practitioner"].pk).update(end_date=LEFT)
    close(world, "case-0", CASE_0_CLOSED)
    close(world, "colleague-case", COLLEAGUE_CASE_CLOSED)
    return Records(
        formal=formal,
        discussion=discussion,
        open_discussion=open_discussion,
        group=group_session,
        group_discussion=group_discussion,
        agreement=agreement,
    )


@pytest.fixture
def records(world) -> Records:
    return build(world)


def due(plan: PurgePlan) -> set[tuple[str, object]]:
    return (
        {("session", s.session_id) for s in plan.sessions}
        | {("agreement", a.pk) for a in plan.agreements}
        | {("case_discussion", d.pk) for d in plan.case_discussions}
    )


def snapshot() -> dict[str, int]:
    """How many rows of everything a purge may touch."""
    models = (
        SupervisionSession,
        SessionAttendee,
        RecordSection,
        AgendaItem,
        CaseDiscussion,
        Action,
        Amendment,
        SessionEvent,
        SupervisionAgreement,
        AgreementVersion,
        AgreementSignature,
    )
    return {model.__name__: model.objects.count() for model in models}


# ------------------------------------------------------------------ due or not, by type


@pytest.mark.parametrize(
    ("record_type", "last_day"),
    [
        (RecordType.ONE_TO_ONE, date(2031, 3, 31)),  # six years after the practitioner left
        (RecordType.GROUP, date(2031, 2, 3)),  # six years after the session
        (RecordType.AGREEMENT, date(2031, 3, 31)),  # six years after the practitioner left
        (RecordType.CASE_DISCUSSION, date(2050, 6, 30)),  # 25 years after case-0 closed
    ],
)
def test_each_record_type_is_due_the_day_after_its_last_day(
    world, records, record_type, last_day
) -> None:
    record = {
        RecordType.ONE_TO_ONE: ("session", records.formal.session_id),
        RecordType.GROUP: ("session", records.group.session_id),
        RecordType.AGREEMENT: ("agreement", records.agreement.pk),
        RecordType.CASE_DISCUSSION: ("case_discussion", records.discussion.pk),
    }[record_type]
    org = world.organisation
    for day in (last_day - timedelta(days=400), last_day - timedelta(days=1), last_day):
        assert record not in due(purge_plan(organisation=org, today=day)), day
    for day in (last_day + timedelta(days=1), last_day + timedelta(days=4000)):
        assert record in due(purge_plan(organisation=org, today=day)), day


def test_the_plan_says_what_is_due_and_why(world, records) -> None:
    plan = purge_plan(organisation=world.organisation, today=date(2031, 4, 1))
    assert plan.years == DEFAULT_YEARS
    (formal, group) = plan.sessions  # in date order
    assert (formal.session_id, formal.date, formal.kind, formal.record_type, formal.whose) == (
        records.formal.session_id,
        FORMAL_ON,
        SessionKind.INDIVIDUAL_FORMAL,
        RecordType.ONE_TO_ONE,
        "Pat Practitioner",
    )
    assert formal.reason == "staff Pat Practitioner left on 2025-03-31; kept 6 years"
    # Both its case discussions are kept (case-0 closed too recently, case-1 open).
    assert (formal.kept_discussions, formal.deleted) == (2, False)
    assert (group.whose, group.reason) == ("North group", "session on 2025-02-03; kept 6 years")
    assert group.kept_discussions == 1  # the colleague's case closed too recently
    (agreement,) = plan.agreements
    assert (agreement.pk, agreement.supervisor, agreement.party, agreement.reason) == (
        records.agreement.pk,
        "Sam Supervisor",
        "Pat Practitioner",
        "staff Pat Practitioner left on 2025-03-31; kept 6 years",
    )
    assert plan.case_discussions == []
    assert plan.counts() == {
        "sessions_deleted": 0,
        "sessions_emptied": 2,
        "agreements": 1,
        "case_discussions": 0,
        **NO_OTHER_COUNTS,
    }


def test_case_discussions_are_due_with_their_case_not_their_worker(world, records) -> None:
    plan = purge_plan(organisation=world.organisation, today=date(2050, 8, 31))
    assert {(d.case_id, d.reason) for d in plan.case_discussions} == {
        ("case-0", "case case-0 closed on 2025-06-30; kept 25 years"),
    }
    # case-1 is still open: the formal session stays for it.
    formal = next(s for s in plan.sessions if s.session_id == records.formal.session_id)
    assert formal.kept_discussions == 1
    plan = purge_plan(organisation=world.organisation, today=date(2050, 9, 1))
    assert {d.case_id for d in plan.case_discussions} == {"case-0", "colleague-case"}
    group = next(s for s in plan.sessions if s.session_id == records.group.session_id)
    assert group.deleted  # its only discussion goes with it


def test_nobody_still_employed_and_no_open_or_unknown_case_is_ever_due(world, records) -> None:
    StaffMember.objects.filter(pk=world.staff["practitioner"].pk).update(end_date=None)
    CasePeriod.objects.update(end_date=None)
    # A discussion of a case with no period at all: its closing is unknown.
    unknown = Case.objects.create(organisation=world.organisation, case_id="no-periods")
    CaseDiscussion.objects.create(session=records.formal, case=unknown)
    plan = purge_plan(organisation=world.organisation, today=date(2200, 1, 1))
    assert {s.session_id for s in plan.sessions} == {records.group.session_id}  # by date only
    assert plan.agreements == [] and plan.case_discussions == []


def test_a_group_agreement_is_due_when_every_member_has_left(world, records) -> None:
    group = SupervisionGroup.objects.get(name="North group")
    agreement = SupervisionAgreement.objects.create(
        supervisor=world.staff["supervisor"], group=group
    )
    far = date(2040, 1, 1)
    assert agreement.pk not in {
        a.pk for a in purge_plan(organisation=world.organisation, today=far).agreements
    }
    StaffMember.objects.filter(pk=world.staff["colleague"].pk).update(end_date=date(2025, 5, 31))
    (due_group,) = [
        a
        for a in purge_plan(organisation=world.organisation, today=far).agreements
        if a.pk == agreement.pk
    ]
    assert (due_group.party, due_group.reason) == (
        "North group",
        "staff Cas Colleague left on 2025-05-31; kept 6 years",
    )
    assert agreement.pk not in {
        a.pk
        for a in purge_plan(organisation=world.organisation, today=date(2031, 5, 31)).agreements
    }


def test_rules_in_the_database_override_the_defaults(world, records) -> None:
    org = world.organisation
    retention_rule_set(organisation=org, record_type=RecordType.ONE_TO_ONE, years=10)
    retention_rule_set(organisation=org, record_type=RecordType.CASE_DISCUSSION, years=2)
    assert retention_years(organisation=org) == {
        **DEFAULT_YEARS,
        "one_to_one": 10,
        "case_discussion": 2,
    }
    # Another organisation's rules change nothing here.
    retention_rule_set(
        organisation=world.other_organisation, record_type=RecordType.AGREEMENT, years=1
    )
    formal = ("session", records.formal.session_id)
    assert formal not in due(purge_plan(organisation=org, today=date(2035, 3, 31)))
    assert formal in due(purge_plan(organisation=org, today=date(2035, 4, 1)))
    plan = purge_plan(organisation=org, today=date(2027, 7, 1))
    assert {d.case_id for d in plan.case_discussions} == {"case-0"}
    assert plan.case_discussions[0].reason == "case case-0 closed on 2025-06-30; kept 2 years"
    assert plan.agreements == []  # still six years for agreements here


# ------------------------------------------------------------------ the run


def shorten(world, **years: int) -> None:
    """Rules short enough for the records of 2025 to be due today."""
    for record_type, value in years.items():
        retention_rule_set(organisation=world.organisation, record_type=record_type, years=value)


def test_a_dry_run_changes_nothing_but_one_log_entry(world, records) -> None:
    shorten(world, one_to_one=1, group=1, agreement=1, case_discussion=1)
    before = snapshot()
    today = organisation_today(world.organisation)
    plan = purge_run(organisation=world.organisation, today=today, dry_run=True)
    assert snapshot() == before
    assert plan.counts() == {
        "sessions_deleted": 1,  # the group's: its case is due too
        "sessions_emptied": 1,  # the formal one, for case-1 (still open)
        "agreements": 1,
        "case_discussions": 2,
        **NO_OTHER_COUNTS,
    }
    (entry,) = AccessLogEntry.objects.all()
    assert (entry.event, entry.channel, entry.organisation_id, entry.username) == (
        AccessEvent.PURGE_DRY_RUN,
        Channel.COMMAND,
        world.organisation.pk,
        "",
    )
    detail = json.loads(entry.detail)
    assert detail == {
        "today": today.isoformat(),
        "years": {
            **DEFAULT_YEARS,
            "one_to_one": 1,
            "group": 1,
            "agreement": 1,
            "case_discussion": 1,
        },
        "counts": plan.counts(),
        "held_back": 0,
    }


def test_a_session_whose_worker_left_keeps_only_what_its_kept_discussions_need(
    world, records
) -> None:
    shorten(world, one_to_one=1)
    formal = records.formal
    before = SupervisionSession.objects.get(pk=formal.pk)
    purge_run(
        organisation=world.organisation,
        today=organisation_today(world.organisation),
        dry_run=False,
        user=world.users["admin"],
    )
    after = SupervisionSession.objects.get(pk=formal.pk)
    # When, what kind, who supervised whom: the kept discussions still say it.
    for name in ("date", "kind", "status", "supervisor_id", "session_id", "duration_minutes"):
        assert getattr(after, name) == getattr(before, name), name
    assert list(after.attendees.values_list("staff__staff_id", flat=True)) == ["practitioner"]
    assert after.disagreement == "" and before.disagreement == "Leave was refused"
    # The worker's record is gone: sections (with their amendments), agenda,
    # history, the session's own actions.
    for model in (RecordSection, AgendaItem, SessionEvent):
        assert not model.objects.filter(session=formal).exists(), model.__name__
    assert list(Action.objects.filter(session=formal).values_list("description", flat=True)) == [
        "Visit A at school"
    ]
    assert list(Amendment.objects.filter(session=formal).values_list("text", flat=True)) == [
        "A was seen on 20 January"
    ]
    # The child's records are whole.
    kept = CaseDiscussion.objects.get(pk=records.discussion.pk)
    assert (kept.progress, kept.child_voice, kept.presented_by) == (
        "A is back at school",
        "A wants to see her dad",
        world.staff["practitioner"],
    )
    assert CaseDiscussion.objects.filter(pk=records.open_discussion.pk).exists()
    # The group's session and the agreement are not due under these rules.
    assert RecordSection.objects.filter(session=records.group).exists()
    assert SupervisionAgreement.objects.filter(pk=records.agreement.pk).exists()

    entry = AccessLogEntry.objects.get(event=AccessEvent.PURGED)
    assert (entry.user_id, entry.username) == (world.users["admin"].pk, "admin")
    assert json.loads(entry.detail)["ids"] == {
        "sessions_deleted": [],
        "sessions_emptied": [formal.session_id],
        "agreements": [],
        "case_discussions": [],
        **NO_OTHER_IDS,
    }
    # Emptied once: the next run has nothing more to take from it ...
    again = purge_plan(
        organisation=world.organisation, today=organisation_today(world.organisation)
    )
    assert again.is_empty and again.held_back == 1
    assert purge("--organisation", "Riverside", "--dry-run").splitlines()[1:] == [
        "  Nothing is due for removal.",
        "  (1 session past its time stays for case discussions not yet due.)",
    ]
    # ... until its last case closes long enough ago: then the session goes too.
    close(world, "case-1", date(2025, 4, 30))
    shorten(world, case_discussion=1)
    plan = purge_run(
        organisation=world.organisation,
        today=organisation_today(world.organisation),
        dry_run=False,
    )
    assert [s.session_id for s in plan.deleted_sessions] == [formal.session_id]
    assert not SupervisionSession.objects.filter(pk=formal.pk).exists()
    assert not CaseDiscussion.objects.filter(session_id=formal.pk).exists()
    assert not Action.objects.filter(session_id=formal.pk).exists()


def test_a_run_removes_everything_due_and_logs_it(world, records) -> None:
    shorten(world, one_to_one=1, group=1, agreement=1, case_discussion=1)
    before = snapshot()
    version = records.agreement.versions.get()
    plan = purge_run(
        organisation=world.organisation,
        today=organisation_today(world.organisation),
        dry_run=False,
    )
    # The group session with its discussion, sections, attendees and history.
    assert not SupervisionSession.objects.filter(pk=records.group.pk).exists()
    assert not SessionAttendee.objects.filter(session_id=records.group.pk).exists()
    # The due discussion of the formal session, with its action and amendment.
    assert not CaseDiscussion.objects.filter(pk=records.discussion.pk).exists()
    assert not Action.objects.filter(session=records.formal).exists()
    assert not Amendment.objects.filter(session=records.formal).exists()
    # The formal session stays, emptied, for case-1's discussion.
    assert CaseDiscussion.objects.filter(pk=records.open_discussion.pk).exists()
    # The agreement with its versions and signatures.
    assert not SupervisionAgreement.objects.filter(pk=records.agreement.pk).exists()
    assert not AgreementVersion.objects.filter(pk=version.pk).exists()
    assert not AgreementSignature.objects.filter(version_id=version.pk).exists()
    after = snapshot()
    assert after["SupervisionSession"] == before["SupervisionSession"] - 1
    assert after["CaseDiscussion"] == before["CaseDiscussion"] - 2
    # One entry, with the counts and every id.
    (entry,) = AccessLogEntry.objects.all()
    assert (entry.event, entry.channel, entry.object_type) == (
        AccessEvent.PURGED,
        Channel.COMMAND,
        "organisation",
    )
    detail = json.loads(entry.detail)
    assert detail["counts"] == plan.counts()
    ids = detail["ids"]
    assert set(ids["case_discussions"]) == {records.discussion.pk, records.group_discussion.pk}
    assert (ids["sessions_deleted"], ids["sessions_emptied"], ids["agreements"]) == (
        [records.group.session_id],
        [records.formal.session_id],
        [records.agreement.pk],
    )
    # The log itself is never purged.
    purge_run(
        organisation=world.organisation, today=organisation_today(world.organisation), dry_run=False
    )
    assert AccessLogEntry.objects.count() == 2


def test_an_action_brought_forward_to_a_kept_session_keeps_its_agenda_item(world, records) -> None:
    # The group's older session had an open action; a later session of the
    # same group brought it onto its agenda.
    owner = world.staff["colleague"]
    older = records.group
    Action.objects.create(
        organisation=world.organisation,
        session=older,
        description="Ask the school for attendance",
        owner=owner,
        due_on=GROUP_ON + timedelta(days=14),
    )
    later = session_plan(
        supervisor=world.staff["supervisor"],
        kind=SessionKind.GROUP,
        group=older.group,
        date=organisation_today(world.organisation) + timedelta(days=7),
        by=world.users["supervisor"],
    )
    item = AgendaItem.objects.get(session=later, action__isnull=False)
    shorten(world, group=1, case_discussion=1)
    purge_run(
        organisation=world.organisation,
        today=organisation_today(world.organisation),
        dry_run=False,
    )
    assert not SupervisionSession.objects.filter(pk=older.pk).exists()
    item.refresh_from_db()
    assert (item.text, item.action_id) == ("Ask the school for attendance", None)


def test_a_due_genogram_file_is_deleted_once_the_purge_commits(
    world, records, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    settings.MEDIA_ROOT = tmp_path
    later = session_plan(
        supervisor=world.staff["supervisor"],
        kind=SessionKind.GROUP,
        group=records.group.group,
        date=date(2025, 3, 3),
        by=world.users["supervisor"],
    )
    discussion = groups.group_case_bring(
        session=later,
        case=case(world, "case-0"),
        presented_by=world.staff["practitioner"],
        by=world.users["supervisor"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        groups.genogram_upload(
            discussion=discussion,
            file=SimpleUploadedFile("g.pdf", b"%PDF-1.4\n% genogram\n", "application/pdf"),
            by=world.users["supervisor"],
        )
    discussion.refresh_from_db()
    stored = tmp_path / discussion.genogram.name
    assert stored.exists()
    shorten(world, case_discussion=1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        purge_run(
            organisation=world.organisation,
            today=organisation_today(world.organisation),
            dry_run=False,
        )
    assert not CaseDiscussion.objects.filter(pk=discussion.pk).exists()
    assert stored.exists()  # not before the commit
    for callback in callbacks:
        callback()
    assert not stored.exists()


def test_a_real_run_never_looks_ahead(world, records) -> None:
    before = snapshot()
    tomorrow = organisation_today(world.organisation) + timedelta(days=1)
    with pytest.raises(PurgeRefused, match="before their time"):
        purge_run(organisation=world.organisation, today=tomorrow, dry_run=False)
    assert snapshot() == before
    assert not AccessLogEntry.objects.exists()


# ------------------------------------------------------------------ the command


def purge(*args: str) -> str:
    out = StringIO()
    call_command("purge", *args, stdout=out)
    return out.getvalue()


def test_the_command_lists_each_record_with_its_reason_then_totals(world, records) -> None:
    out = purge("--organisation", "Riverside", "--dry-run", "--today", "2050-08-31")
    formal, group = records.formal.session_id, records.group.session_id
    assert out.splitlines() == [
        "Due for removal in Riverside on 2050-08-31:",
        "",
        "One-to-one supervision records (after employment ends) (1)",
        f"  {formal}  2025-01-15  Individual formal supervision, Pat Practitioner: staff Pat "
        "Practitioner left on 2025-03-31; kept 6 years — record emptied; the session stays for "
        "1 case discussion not yet due",
        "",
        "Group and peer supervision records (after the session) (1)",
        f"  {group}  2025-02-03  Group supervision, North group: session on 2025-02-03; kept 6 "
        "years — record emptied; the session stays for 1 case discussion not yet due",
        "",
        "Supervision agreements (after employment ends) (1)",
        f"  agreement {records.agreement.pk}, Sam Supervisor with Pat Practitioner: staff Pat "
        "Practitioner left on 2025-03-31; kept 6 years",
        "",
        "Case discussions (after the child's case closes) (1)",
        f"  case discussion {records.discussion.pk}, case case-0 in {formal} of 2025-01-15: case "
        "case-0 closed on 2025-06-30; kept 25 years",
        "",
        "Supervisee feedback (after the session) (0)",
        "",
        "Audits of records (after the audit ends) (0)",
        "",
        "Self-assessments of the balance of functions (after employment ends) (0)",
        "",
        "Development records (after employment ends) (0)",
        "",
        "Wellbeing and self-care plans (after employment ends) (0)",
        "",
        "Totals: 0 sessions deleted, 2 sessions emptied (kept for their case discussions), "
        "1 agreements, 1 case discussions, 0 feedback responses, 0 audits, 0 self-assessments, "
        "0 development records, 0 wellbeing plans.",
        "Nothing was removed (dry run).",
    ]
    entry = AccessLogEntry.objects.get()
    assert (entry.event, entry.channel) == (AccessEvent.PURGE_DRY_RUN, Channel.COMMAND)
    assert entry.username.startswith("manage.py")


def test_the_command_says_when_nothing_is_due(world) -> None:
    assert purge("--organisation", "Riverside", "--dry-run").splitlines() == [
        f"Due for removal in Riverside on {organisation_today(world.organisation).isoformat()}:",
        "  Nothing is due for removal.",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organisation", "Nowhere"], "No organisation called 'Nowhere'. Organisations: "),
        (["--organisation", "Riverside", "--today", "31/03/2030"], "--today must be a date"),
        (["--organisation", "Riverside", "--today", "2030-02-30"], "not '2030-02-30'"),
        (["--organisation", "Riverside", "--today", "2999-01-01", "--yes"], "before their time"),
    ],
)
def test_the_command_names_the_problem(world, args, message) -> None:
    with pytest.raises(CommandError, match=message):
        purge(*args)
    assert not AccessLogEntry.objects.exists()


def test_the_command_asks_before_removing(world, records, monkeypatch) -> None:
    shorten(world, one_to_one=1, group=1, agreement=1, case_discussion=1)
    before = snapshot()
    answers = iter(["no", "yes"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    out = purge("--organisation", "Riverside")
    assert "Due for removal in Riverside" in out
    assert "(dry run)" not in out
    assert out.endswith("wellbeing plans.\nNothing was removed.\n")
    assert snapshot() == before and not AccessLogEntry.objects.exists()
    out = purge("--organisation", "Riverside")
    assert "Removed from Riverside on" in out
    assert not SupervisionSession.objects.filter(pk=records.group.pk).exists()
    assert AccessLogEntry.objects.get().event == AccessEvent.PURGED


def test_the_command_with_yes_removes_without_asking(world, records, monkeypatch) -> None:
    shorten(world, agreement=1)

    def refuse(prompt: str = "") -> str:
        raise AssertionError("asked")

    monkeypatch.setattr("builtins.input", refuse)
    out = purge("--organisation", "Riverside", "--yes")
    assert f"agreement {records.agreement.pk}, Sam Supervisor with Pat Practitioner" in out
    assert not SupervisionAgreement.objects.exists()


class TestOnTheDemo:
    def test_a_dry_run_far_ahead_lists_every_type_and_removes_nothing(self, demo) -> None:
        before = snapshot()
        out = purge("--organisation", demo.name, "--dry-run", "--today", "2060-01-01")
        plan = purge_plan(organisation=demo, today=date(2060, 1, 1))
        lines = out.splitlines()
        assert lines[0] == "Due for removal in Riverside Children's Services on 2060-01-01:"
        for heading, count in [
            (
                "One-to-one supervision records (after employment ends)",
                len(plan.sessions_of("one_to_one")),
            ),
            (
                "Group and peer supervision records (after the session)",
                len(plan.sessions_of("group")),
            ),
            ("Supervision agreements (after employment ends)", len(plan.agreements)),
            ("Case discussions (after the child's case closes)", len(plan.case_discussions)),
        ]:
            assert f"{heading} ({count})" in lines
            assert count > 0, heading
        leavers = StaffMember.objects.filter(organisation=demo, end_date__isnull=False)
        assert any(
            f"staff {s.name} left on {s.end_date.isoformat()}; kept 6 years" in out for s in leavers
        )
        assert "closed on" in out and "; kept 25 years" in out
        counts = plan.counts()
        # The demo's sessions hold no notes of their own (seeded in bulk): one
        # past its time but holding an open case's discussion has nothing to
        # remove, so it is counted, not listed.
        assert plan.held_back > 0
        assert lines[-2] == (
            f"{plan.held_back} more sessions are past their time but stay for case discussions "
            "not yet due; nothing else is left in them."
        )
        assert lines[-3] == (
            f"Totals: {counts['sessions_deleted']} sessions deleted, {counts['sessions_emptied']} "
            "sessions emptied (kept for their case discussions), "
            f"{counts['agreements']} agreements, {counts['case_discussions']} case discussions, "
            f"{counts['feedback']} feedback responses, {counts['audit']} audits, "
            f"{counts['self_assessment']} self-assessments, {counts['development']} development "
            f"records, {counts['wellbeing_plan']} wellbeing plans."
        )
        assert lines[-1] == "Nothing was removed (dry run)."
        assert snapshot() == before
        entry = AccessLogEntry.objects.get(organisation_id=demo.pk)
        assert entry.event == AccessEvent.PURGE_DRY_RUN
        assert json.loads(entry.detail)["counts"] == counts

    def test_nothing_is_due_on_the_demos_own_day(self, demo) -> None:
        # The demo's leavers left within the last two years.
        assert purge_plan(organisation=demo, today=organisation_today(demo)).is_empty
