"""The engine's two loaders agree on the demo organisation: the data folder
and the database give the same report, and a team's report read from only
that team's rows equals the same team's report on the whole organisation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from supervisiondesk.compliance.engine import Index, compliance_report
from supervisiondesk.compliance.folder import canonical
from supervisiondesk.people.models import StaffMember, SupervisoryRelationship, TeamMembership
from supervisiondesk.people.selectors import active_on
from supervisiondesk.people.tests.demo_day import DEMO_TODAY
from supervisiondesk.people.tests.factories import CaseFactory, MembershipFactory, StaffFactory
from supervisiondesk.policies.policy import PRESETS_DIR, Policy, load_policy, parse_policy
from supervisiondesk.policies.selectors import policy_timeline
from supervisiondesk.supervision.folder_sync import folder_export, folder_read
from supervisiondesk.supervision.loaders import dataset_from_database
from supervisiondesk.supervision.models import CaseDiscussion, SessionAttendee, SupervisionSession

TODAY = date.fromisoformat(DEMO_TODAY)


def strict() -> Policy:
    """Southwark with every standard set, so that each part of the report
    (ratios, rearranging, sign-off, sharing) has entries to compare."""
    text = (PRESETS_DIR / "southwark-2021.yaml").read_text()
    for old, new in {
        "id: southwark-2021": "id: strict",
        "record_working_days: null": "record_working_days: 3",
        "sign_off_working_days: null": "sign_off_working_days: 5",
        "share_working_days: null": "share_working_days: 5",
        "rearrange_working_days: null": "rearrange_working_days: 10",
        "max_supervisees: null": "max_supervisees: 3",
    }.items():
        assert old in text
        text = text.replace(old, new)
    return parse_policy(text)


POLICIES = [
    strict,
    lambda: load_policy("interagency-cm-2014"),
    lambda: load_policy("tameside-2015"),
]
# Today, a day a month ago, and one a year ago: different people overdue, absent, in post.
DAYS = [TODAY, TODAY - timedelta(days=31), TODAY - timedelta(days=365)]


class TestOnTheDemo:
    def test_the_folder_and_the_database_give_the_same_report(self, demo, tmp_path) -> None:
        policy = policy_timeline(organisation=demo)
        from_database = dataset_from_database(demo, TODAY)
        folder_export(organisation=demo, path=tmp_path, on=TODAY)
        from_folder = folder_read(tmp_path)
        assert canonical(from_folder) == canonical(from_database)
        database_index, folder_index = Index(from_database), Index(from_folder)
        for day in DAYS:
            report = compliance_report(database_index, policy, day)
            assert report == compliance_report(folder_index, policy, day), day
            # Not an empty agreement: the demo has entries in every list it is built for.
            assert report["individual"] and report["cases"] and report["records"]

    @pytest.mark.parametrize("policy", POLICIES)
    def test_a_team_read_alone_gives_its_entries_of_the_whole_report(self, demo, policy) -> None:
        policy = policy()
        whole = Index(dataset_from_database(demo, TODAY))
        teams: dict[str, set[int]] = {}
        for code, staff in TeamMembership.objects.filter(
            active_on(TODAY), staff__organisation=demo
        ).values_list("team__code", "staff_id"):
            teams.setdefault(code, set()).add(staff)
        assert len(teams) >= 3
        ids = dict(StaffMember.objects.filter(organisation=demo).values_list("pk", "staff_id"))
        seen: set[str] = set()
        for code, members in sorted(teams.items()):
            alone = dataset_from_database(demo, TODAY, staff=members)
            assert len(alone.staff) < len(whole.dataset.staff), code  # not the whole organisation
            staff_ids = {ids[pk] for pk in members}
            for day in DAYS:
                expected = compliance_report(whole, policy, day, staff_ids=staff_ids)
                got = compliance_report(alone, policy, day, staff_ids=staff_ids)
                assert got == expected, (code, day)
                seen.update(name for name, entries in got.items() if entries)
        # Every part of the report was compared with something in it.
        assert seen >= {"individual", "records", "balance"}
        if policy.id == "strict":
            assert seen >= {
                *("group", "cases", "case_records", "rearranging", "supervisors", "agreements"),
            }

    def test_a_supervisors_supervisees_read_alone_match_too(self, demo) -> None:
        policy = strict()
        whole = Index(dataset_from_database(demo, TODAY))
        ids = dict(StaffMember.objects.filter(organisation=demo).values_list("pk", "staff_id"))
        by_supervisor: dict[int, set[int]] = {}
        for supervisor, supervisee in SupervisoryRelationship.objects.filter(
            active_on(TODAY), supervisor__organisation=demo
        ).values_list("supervisor_id", "supervisee_id"):
            by_supervisor.setdefault(supervisor, set()).add(supervisee)
        for supervisor, supervisees in sorted(by_supervisor.items())[:12]:
            staff_ids = {ids[pk] for pk in supervisees}
            alone = dataset_from_database(demo, TODAY, staff=supervisees)
            assert compliance_report(alone, policy, TODAY, staff_ids=staff_ids) == (
                compliance_report(whole, policy, TODAY, staff_ids=staff_ids)
            ), ids[supervisor]


@pytest.mark.django_db
def test_an_empty_selection_reads_nothing(world) -> None:
    dataset = dataset_from_database(world.organisation, TODAY, staff=[])
    assert dataset.staff == [] and dataset.sessions == [] and dataset.case_periods == []


@pytest.mark.django_db
def test_a_session_rearranged_by_someone_elses_supervisor_is_found(world) -> None:
    """A group session cancelled by a facilitator from another team is
    rearranged with a supervisee from that team only: the team's own read
    still finds it (the facilitator's sessions are read too)."""
    staff = world.staff
    facilitator, outsider = staff["other_supervisor"], staff["colleague"]
    day = date(2026, 3, 2)
    for code, status, when, attendees in [
        ("g1", "cancelled", day, [staff["practitioner"], outsider]),
        ("g2", "held", day + timedelta(days=3), [outsider]),
    ]:
        session = SupervisionSession.objects.create(
            organisation=world.organisation,
            session_id=code,
            kind="group",
            status=status,
            date=when,
            supervisor=facilitator,
        )
        for attendee in attendees:
            SessionAttendee.objects.create(session=session, staff=attendee)
    north = {s.pk for key, s in staff.items() if key not in ("colleague", "other_supervisor")}
    alone = dataset_from_database(world.organisation, day, staff=north)
    later = day + timedelta(days=30)
    report = compliance_report(alone, strict(), later, staff_ids={"practitioner"})
    assert report["rearranging"] == [{"session_id": "g1", "status": "rearranged"}]


@pytest.mark.django_db
def test_another_organisations_staff_are_not_read(world) -> None:
    """The selection reads no key through its organisation's join (it is
    left out for speed): a stranger's key in `staff` must bring nothing."""
    stranger, their_supervisor = StaffFactory(staff_id="X1"), StaffFactory(staff_id="X2")
    their_supervisor.organisation = stranger.organisation
    their_supervisor.save()
    for person in (stranger, their_supervisor):
        MembershipFactory(staff=person)
    session = SupervisionSession.objects.create(
        organisation=stranger.organisation,
        session_id="elsewhere",
        kind="one_to_one",
        status="held",
        date=TODAY - timedelta(days=3),
        supervisor=their_supervisor,
    )
    SessionAttendee.objects.create(session=session, staff=stranger)
    case = CaseFactory(organisation=stranger.organisation)
    CaseDiscussion.objects.create(session=session, case=case)
    assert stranger.organisation != world.organisation
    dataset = dataset_from_database(world.organisation, TODAY, staff=[stranger.pk])
    assert dataset.staff == [] and dataset.sessions == []
