"""Audits of records: drawing a sample, the standards' evidence, grading,
the results by team and period, and the closed loop to the next session."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from supervisiondesk.people import services as people
from supervisiondesk.privacy.models import AccessEvent, AccessLogEntry
from supervisiondesk.quality.models import AuditGrade, AuditSample
from supervisiondesk.quality.services import (
    NotAllowed,
    audit_action_add,
    audit_grade_save,
    audit_sample_complete,
    audit_sample_draw,
)
from supervisiondesk.quality.standards import standard_checks
from supervisiondesk.quality.tests.helpers import make_session
from supervisiondesk.quality.vocabulary import DOMAIN_KEYS, STANDARD_KEYS, SampleStatus
from supervisiondesk.supervision.choices import ActionStatus, SessionKind, SessionStatus
from supervisiondesk.supervision.models import AgendaItem, SupervisionSession
from supervisiondesk.supervision.services import records, sessions
from supervisiondesk.supervision.services.common import organisation_today

pytestmark = pytest.mark.django_db
MET = dict.fromkeys(STANDARD_KEYS, "met")
GOOD = dict.fromkeys(DOMAIN_KEYS, "good")


@pytest.fixture
def today(world):
    return organisation_today(world.organisation)


@pytest.fixture
def north(world):
    return world.staff["supervisor"].memberships.get().team


def north_records(world, today, count: int = 6) -> list[SupervisionSession]:
    """Held formal records of the north team's supervisors over the last weeks."""
    s = world.staff
    return [
        make_session(
            supervisor=s["supervisor"] if n % 2 else s["manager"],
            attendees=[s["practitioner"] if n % 2 else s["supervisor"]],
            day=today - timedelta(days=2 + n),
        )
        for n in range(count)
    ]


def draw(world, north, today, **kwargs):
    return audit_sample_draw(
        team=north,
        period_start=kwargs.pop("start", today - timedelta(days=30)),
        period_end=kwargs.pop("end", today),
        size=kwargs.pop("size", 3),
        auditor=world.users["auditor"],
        by=world.users[kwargs.pop("by", "auditor")],
        **kwargs,
    )


# ---------------------------------------------------------------- drawing


def test_a_seed_draws_the_same_sample_again(world, north, today) -> None:
    north_records(world, today, 10)
    first = draw(world, north, today, seed=1234)
    again = draw(world, north, today, seed=1234)
    assert first.seed == 1234 and first.size == 3
    assert set(first.sessions.values_list("pk", flat=True)) == set(
        again.sessions.values_list("pk", flat=True)
    )
    fresh = draw(world, north, today)
    assert fresh.seed is not None  # kept, to draw it again


def test_only_the_teams_held_formal_and_group_records_of_the_period_are_drawn(
    world, north, today
) -> None:
    s = world.staff
    wanted = north_records(world, today, 2)
    wanted.append(
        make_session(
            supervisor=s["supervisor"], attendees=[s["practitioner"]], day=today, kind="group"
        )
    )
    # Not these: the south team's supervisor, planned, informal, peer, before the period.
    make_session(supervisor=s["other_supervisor"], attendees=[s["colleague"]], day=today)
    make_session(
        supervisor=s["supervisor"], attendees=[s["practitioner"]], day=today, status="planned"
    )
    make_session(
        supervisor=s["supervisor"],
        attendees=[s["practitioner"]],
        day=today,
        kind="individual_informal",
    )
    make_session(supervisor=s["supervisor"], attendees=[s["practitioner"]], day=today, kind="peer")
    make_session(
        supervisor=s["supervisor"], attendees=[s["practitioner"]], day=today - timedelta(days=40)
    )
    sample = draw(world, north, today, size=3)
    assert set(sample.sessions.all()) == set(wanted)
    assert sample.team == north and sample.status == SampleStatus.OPEN


def test_a_supervisor_who_joined_the_team_later_is_not_in_its_past(world, north, today) -> None:
    s = world.staff
    south = s["other_supervisor"].memberships.get()
    people.period_end(period=south, end_date=today - timedelta(days=6))
    people.team_membership_add(
        staff=s["other_supervisor"], team=north, start_date=today - timedelta(days=5)
    )
    before = make_session(
        supervisor=s["other_supervisor"], attendees=[s["colleague"]], day=today - timedelta(days=10)
    )
    after = make_session(
        supervisor=s["other_supervisor"], attendees=[s["colleague"]], day=today - timedelta(days=2)
    )
    sample = draw(world, north, today, size=1)
    assert list(sample.sessions.all()) == [after]
    assert before not in sample.sessions.all()


def test_drawing_more_records_than_there_are_is_refused_clearly(world, north, today) -> None:
    north_records(world, today, 2)
    with pytest.raises(NotAllowed, match="has 2 held records") as error:
        draw(world, north, today, size=5)
    assert "ask for 2 at most" in " ".join(error.value.messages)
    assert not AuditSample.objects.exists()


@pytest.mark.parametrize("who", ["senior", "manager", "supervisor"])
def test_auditors_draw_their_own_samples(world, north, today, who) -> None:
    north_records(world, today)
    with pytest.raises(NotAllowed):
        draw(world, north, today, by=who)


def test_the_draw_page_refuses_with_the_reason(client, world, north, today) -> None:
    north_records(world, today, 2)
    client.force_login(world.users["auditor"])
    page = client.post(
        reverse("quality:sample_draw"),
        {
            "team": north.pk,
            "period_start": (today - timedelta(days=30)).isoformat(),
            "period_end": today.isoformat(),
            "size": 4,
        },
    )
    assert page.status_code == 200 and "ask for 2 at most" in page.content.decode()
    done = client.post(
        reverse("quality:sample_draw"),
        {
            "team": north.pk,
            "period_start": (today - timedelta(days=30)).isoformat(),
            "period_end": today.isoformat(),
            "size": 2,
            "seed": 99,
        },
    )
    sample = AuditSample.objects.get()
    assert done["Location"] == reverse("quality:sample", args=[sample.pk]) and sample.seed == 99


# ---------------------------------------------------------------- standards


def test_the_standards_read_the_policy_in_force_and_the_record(world, today) -> None:
    """Tameside: recorded and signed the same day, shared within seven
    working days; an agreement reviewed yearly; every function over the
    last six sessions."""
    from supervisiondesk.policies.services import policy_version_add

    policy_version_add(
        organisation=world.organisation,
        effective_from=today - timedelta(days=400),
        preset="tameside-2015",
        by=world.users["admin"],
    )
    s = world.staff
    day = today - timedelta(days=20)
    session = make_session(supervisor=s["supervisor"], attendees=[s["practitioner"]], day=day)
    SupervisionSession.objects.filter(pk=session.pk).update(
        recorded_on=day,
        supervisor_signed_on=day,
        supervisee_signed_on=day + timedelta(days=3),  # late: same day asked
        shared_on=day,
        functions=["managerial", "support"],
    )
    session.refresh_from_db()
    checks = {c.key: c for c in standard_checks(session, today=today)}
    assert [c for c in checks] == list(STANDARD_KEYS)
    assert checks["recorded_on_time"].suggested == "met"
    assert checks["signed_on_time"].suggested == "not_met"
    assert checks["shared"].suggested == "met"
    assert checks["agreement_current"].suggested == "not_met"  # none signed
    assert checks["functions_covered"].suggested == "not_met"
    assert "Development" in checks["functions_covered"].evidence
    assert checks["case_discussions_complete"].suggested == "not_applicable"


# ---------------------------------------------------------------- grading


@pytest.fixture
def sample(world, north, today):
    north_records(world, today)
    return draw(world, north, today, size=2, seed=5)


def test_only_the_samples_auditor_grades_its_records_while_it_is_open(world, sample, today) -> None:
    session = sample.sessions.first()
    for who in ["senior", "manager", "supervisor"]:
        with pytest.raises(NotAllowed):
            audit_grade_save(
                sample=sample,
                session=session,
                standards=MET,
                domains=GOOD,
                findings="",
                by=world.users[who],
            )
    outside = make_session(
        supervisor=world.staff["supervisor"], attendees=[world.staff["practitioner"]], day=today
    )
    with pytest.raises(NotAllowed, match="not in the sample"):
        audit_grade_save(
            sample=sample,
            session=outside,
            standards=MET,
            domains=GOOD,
            findings="",
            by=world.users["auditor"],
        )
    with pytest.raises(NotAllowed, match="Grade every record"):
        audit_sample_complete(sample=sample, by=world.users["auditor"])
    for each in sample.sessions.all():
        audit_grade_save(
            sample=sample,
            session=each,
            standards=MET,
            domains=GOOD,
            findings="",
            by=world.users["auditor"],
        )
    audit_sample_complete(sample=sample, by=world.users["auditor"])
    with pytest.raises(NotAllowed, match="closed"):
        audit_grade_save(
            sample=sample,
            session=session,
            standards=MET,
            domains=GOOD,
            findings="",
            by=world.users["auditor"],
        )


def test_a_grade_needs_every_standard_and_domain(world, sample) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(NotAllowed, match="400 characters"):
        audit_grade_save(
            sample=sample,
            session=sample.sessions.first(),
            standards=MET,
            domains=GOOD,
            findings="x" * 401,
            by=world.users["auditor"],
        )

    with pytest.raises(ValidationError):
        audit_grade_save(
            sample=sample,
            session=sample.sessions.first(),
            standards={**MET, "shared": "sort of"},
            domains=GOOD,
            findings="",
            by=world.users["auditor"],
        )
    with pytest.raises(ValidationError):
        audit_grade_save(
            sample=sample,
            session=sample.sessions.first(),
            standards=MET,
            domains={k: "good" for k in DOMAIN_KEYS[:-1]},
            findings="",
            by=world.users["auditor"],
        )
    assert not AuditGrade.objects.exists()


def test_grading_opens_the_record_without_personal_notes_and_logs_it(
    client, world, north, today
) -> None:
    s = world.staff
    session = sessions.session_plan(
        supervisor=s["supervisor"],
        supervisee=s["practitioner"],
        kind=SessionKind.INDIVIDUAL_FORMAL,
        date=today - timedelta(days=2),
        by=world.users["supervisor"],
    )
    records.record_save(
        session=session,
        expected_version=session.record_version,
        by=world.users["supervisor"],
        sections={"check_in": "PRIVATE-WELLBEING", "workload": "Twelve cases."},
        duration_minutes=90,
        functions=["managerial"],
    )
    sample = draw(world, north, today, size=1)
    client.force_login(world.users["auditor"])
    url = reverse("quality:grade", args=[sample.pk, session.pk])
    html = client.get(url).content.decode()
    assert "Twelve cases." in html and "PRIVATE-WELLBEING" not in html
    assert "Suggested from the record" in html
    assert AccessLogEntry.objects.filter(
        event=AccessEvent.READ,
        object_type="session",
        object_id=str(session.pk),
        user_id=world.users["auditor"].pk,
    ).exists()
    form = {f"standard_{k}": "met" for k in STANDARD_KEYS} | {
        f"domain_{k}": "requires_improvement" for k in DOMAIN_KEYS
    }
    done = client.post(url, form | {"findings": "Thin risk analysis."})
    assert done.status_code == 302
    grade = AuditGrade.objects.get()
    assert (
        grade.findings == "Thin risk analysis."
        and grade.domains["risk_talk"] == "requires_improvement"
    )


def test_results_count_grades_per_domain_by_team_and_period(client, world, sample) -> None:
    first, second = sample.sessions.all()
    audit_grade_save(
        sample=sample,
        session=first,
        standards=MET,
        domains=GOOD,
        findings="",
        by=world.users["auditor"],
    )
    audit_grade_save(
        sample=sample,
        session=second,
        standards={**MET, "shared": "not_met"},
        domains={**GOOD, "risk_talk": "inadequate"},
        findings="PRIVATE-FINDING",
        by=world.users["auditor"],
    )
    client.force_login(world.users["senior"])
    html = client.get(reverse("quality:audit_results")).content.decode()
    assert "North team" in html and "2 records graded" in html
    # Risk talk: inadequate 1, requires improvement 0, good 1, outstanding 0.
    row = html.split("Risk talk</th>")[1].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in row.split('class="num">')[1:]] == ["1", "0", "1", "0"]
    assert "PRIVATE-FINDING" not in html  # counts only


# ---------------------------------------------------------------- the closed loop


@pytest.fixture
def graded(world, north, today):
    """One held record of supervisor with practitioner, audited with findings
    and an action for the supervisor; nothing planned yet."""
    s = world.staff
    session = make_session(
        supervisor=s["supervisor"], attendees=[s["practitioner"]], day=today - timedelta(days=7)
    )
    sample = draw(world, north, today, size=1)
    grade = audit_grade_save(
        sample=sample,
        session=session,
        standards=MET,
        domains=GOOD,
        findings="Child's voice missing.",
        by=world.users["auditor"],
    )
    action = audit_action_add(
        grade=grade,
        description="Add the child's voice to case-0.",
        owner=s["supervisor"],
        due_on=today + timedelta(days=21),
        by=world.users["auditor"],
    )
    return grade, action


def plan(world, today, days: int) -> SupervisionSession:
    return sessions.session_plan(
        supervisor=world.staff["supervisor"],
        supervisee=world.staff["practitioner"],
        kind=SessionKind.INDIVIDUAL_FORMAL,
        date=today + timedelta(days=days),
        by=world.users["supervisor"],
    )


def test_findings_and_actions_reach_the_pairs_next_session_and_are_followed_up(
    client, world, today, graded
) -> None:
    grade, action = graded
    assert grade.findings_item is None and action.session is None
    # An ordinary action from the start: on its owner's list.
    client.force_login(world.users["supervisor"])
    assert (
        "Audit: Add the child&#x27;s voice"
        in client.get(reverse("supervision:actions")).content.decode()
    )
    client.force_login(world.users["auditor"])
    page = client.get(reverse("quality:sample", args=[grade.sample_id])).content.decode()
    assert page.count("waiting for the next session to be planned") == 2

    # The supervisor plans the next session: findings on its agenda, the action one of its actions.
    nxt = plan(world, today, 7)
    grade.refresh_from_db()
    action.refresh_from_db()
    assert grade.findings_item.session == nxt
    assert grade.findings_item.section_key == "actions_review"
    assert "Child's voice missing." in grade.findings_item.text
    assert action.session == nxt
    client.force_login(world.users["practitioner"])
    session_page = client.get(reverse("supervision:session", args=[nxt.pk])).content.decode()
    assert (
        "Child&#x27;s voice missing." in session_page
        and "Add the child&#x27;s voice" in session_page
    )
    # Planning another session changes nothing: they landed once.
    later = plan(world, today, 14)
    assert not AgendaItem.objects.filter(session=later, text__contains="Audit findings").exists()

    # Held without the action done: it comes back on the following session like any action.
    SupervisionSession.objects.filter(pk=nxt.pk).update(status=SessionStatus.HELD)
    following = plan(world, today, 21)
    assert AgendaItem.objects.filter(session=following, action=action).exists()

    # Its owner marks it done; the audit page shows it.
    records.action_update(action=action, status=ActionStatus.DONE, by=world.users["supervisor"])
    client.force_login(world.users["auditor"])
    page = client.get(reverse("quality:sample", args=[grade.sample_id])).content.decode()
    assert 'class="status ok">Done' in page
    assert "waiting for the next session to be planned" not in page


def test_a_session_already_planned_gets_them_at_once(world, north, today) -> None:
    s = world.staff
    session = make_session(
        supervisor=s["supervisor"], attendees=[s["practitioner"]], day=today - timedelta(days=7)
    )
    planned = plan(world, today, 3)
    sample = draw(world, north, today, size=1)
    grade = audit_grade_save(
        sample=sample,
        session=session,
        standards=MET,
        domains=GOOD,
        findings="Late sign-off.",
        by=world.users["auditor"],
    )
    assert grade.findings_item.session == planned
    action = audit_action_add(
        grade=grade,
        description="Sign within the week.",
        owner=s["practitioner"],
        due_on=today,
        by=world.users["auditor"],
    )
    assert action.session == planned
    with pytest.raises(NotAllowed, match="already on the agenda"):
        audit_grade_save(
            sample=sample,
            session=session,
            standards=MET,
            domains=GOOD,
            findings="Other.",
            by=world.users["auditor"],
        )


def test_findings_on_a_cancelled_session_go_to_the_next_one(world, today, graded) -> None:
    grade, action = graded
    first = plan(world, today, 7)
    sessions.session_cancel(
        session=first, status=SessionStatus.CANCELLED, reason="Court.", by=world.users["supervisor"]
    )
    second = plan(world, today, 9)
    grade.refresh_from_db()
    assert grade.findings_item.session == second
    # The action stayed with the cancelled session and is brought forward, as any open action.
    assert AgendaItem.objects.filter(session=second, action=action).exists()


def test_another_supervisee_or_supervisor_does_not_get_them(world, today, graded) -> None:
    grade, _action = graded
    s = world.staff
    sessions.session_plan(
        supervisor=s["manager"],
        supervisee=s["supervisor"],
        kind=SessionKind.INDIVIDUAL_FORMAL,
        date=today + timedelta(days=3),
        by=world.users["manager"],
    )
    grade.refresh_from_db()
    assert grade.findings_item is None


def test_an_audit_action_is_owned_by_the_records_people(world, graded, today) -> None:
    grade, _action = graded
    with pytest.raises(NotAllowed, match="owned by the supervisor or a supervisee"):
        audit_action_add(
            grade=grade,
            description="x",
            owner=world.staff["colleague"],
            due_on=today,
            by=world.users["auditor"],
        )


def test_the_sample_page_lists_its_records_in_a_fixed_number_of_queries(
    client, world, north, today, django_assert_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    north_records(world, today, 8)
    small = draw(world, north, today, size=2, seed=1)
    big = draw(world, north, today, size=8, seed=1)
    for sample in (small, big):
        for session in sample.sessions.all():
            grade = audit_grade_save(
                sample=sample,
                session=session,
                standards=MET,
                domains=GOOD,
                findings="F.",
                by=world.users["auditor"],
            )
            audit_action_add(
                grade=grade,
                description="A.",
                owner=session.supervisor,
                due_on=today,
                by=world.users["auditor"],
            )
    client.force_login(world.users["auditor"])
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("quality:sample", args=[small.pk]))
    client.force_login(world.users["auditor"])
    with django_assert_num_queries(len(captured)):
        client.get(reverse("quality:sample", args=[big.pk]))
    for name in ("quality:samples", "quality:audit_results"):
        client.force_login(world.users["auditor"])
        with CaptureQueriesContext(connection) as first:
            client.get(reverse(name))
        draw(world, north, today, size=3)
        client.force_login(world.users["auditor"])
        with django_assert_num_queries(len(first)):
            client.get(reverse(name))


def test_a_completed_sample_reads_as_final(client, world, sample) -> None:
    for session in sample.sessions.all():
        audit_grade_save(
            sample=sample,
            session=session,
            standards=MET,
            domains=GOOD,
            findings="",
            by=world.users["auditor"],
        )
    client.force_login(world.users["auditor"])
    assert client.post(reverse("quality:sample_complete", args=[sample.pk])).status_code == 302
    sample.refresh_from_db()
    assert sample.status == SampleStatus.COMPLETED and sample.completed_on
    page = client.get(reverse("quality:sample", args=[sample.pk])).content.decode()
    assert (
        "Completed" in page
        and reverse("quality:grade", args=[sample.pk, sample.sessions.first().pk]) not in page
    )
