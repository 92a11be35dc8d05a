"""The records the authorization matrix (test_authorization_matrix.py) visits,
built by `build_scenario` on top of the permission world (people.tests.world);
the matrix builds it once for its module.

Three sides, each with the same records, so every page that takes an id is
visited on each:

- "mine": a held formal one-to-one session of `supervisor` with
  `practitioner` on case-0 (the team of most logins);
- "other_team": the same of `other_supervisor` with `colleague` on
  colleague-case (the south team: same service, other line of management);
- "other_org": the same of boss (`stranger_boss`) with stranger on a case of
  the other organisation.

Each session has a case discussion, an action owned by the supervisee, an
agenda item, a personal record section (check_in, holding PERSONAL_MARKER)
and an agreement between the pair. On top, in "mine" only: a supervision
group facilitated by `supervisor` (members `practitioner` and `colleague`)
with a session today where the practitioner brings case-1 with a genogram;
an open audit sample of `auditor` holding the practitioner's one-to-one
session only; an open need-to-know access of `director` naming `colleague`;
and a policy version still to take effect in each organisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from supervisiondesk.people import services as people
from supervisiondesk.people.models import Case, StaffMember
from supervisiondesk.people.tests.factories import UserFactory
from supervisiondesk.people.tests.world import START, World
from supervisiondesk.policies.models import PolicyVersion
from supervisiondesk.policies.services import policy_version_add
from supervisiondesk.privacy.models import NeedToKnowAccess, NeedToKnowReason
from supervisiondesk.privacy.services import need_to_know_open
from supervisiondesk.quality.models import AuditSample
from supervisiondesk.quality.services import audit_sample_assign
from supervisiondesk.supervision.choices import SessionKind
from supervisiondesk.supervision.models import (
    Action,
    AgendaItem,
    CaseDiscussion,
    RecordSection,
    SupervisionAgreement,
    SupervisionGroup,
    SupervisionSession,
)
from supervisiondesk.supervision.services import groups, records, sessions
from supervisiondesk.supervision.services.agreements import agreement_start
from supervisiondesk.supervision.services.common import organisation_today
from supervisiondesk.supervision.tests.test_groups import make_group, plan, png_bytes, upload

PERSONAL_MARKER = "PERSONAL-MARKER"
WORKLOAD_TEXT = "Twelve cases, two in court."
SIDES = ("mine", "other_team", "other_org")
NEED_TO_KNOW_DETAILS = "A complaint about the south team's supervision."


@dataclass
class Side:
    """One pair's records."""

    supervisor: StaffMember
    supervisee: StaffMember
    case: Case
    session: SupervisionSession
    discussion: CaseDiscussion
    action: Action
    agenda_item: AgendaItem
    personal_section: RecordSection
    agreement: SupervisionAgreement


@dataclass
class Scenario:
    world: World
    sides: dict[str, Side]
    group: SupervisionGroup
    group_session: SupervisionSession
    group_discussion: CaseDiscussion
    sample: AuditSample
    need_to_know: NeedToKnowAccess
    # A version still to take effect, per organisation ("mine", "other_org").
    policy_versions: dict[str, PolicyVersion]
    # The records of apps that keep their own rows (<app>/tests/matrix_rows.py,
    # whose build(scenario) adds them here by a name of their own).
    extra: dict[str, object] = field(default_factory=dict)

    def side(self, name: str) -> Side:
        return self.sides[name]


def one_to_one(*, supervisor: StaffMember, supervisee: StaffMember, case: Case, by) -> Side:
    """A formal one-to-one session held today, its record written by the
    supervisor (with the personal check-in), a case discussion, an action
    for the supervisee, an agenda item and the pair's agreement."""
    today = organisation_today(supervisor.organisation)
    session = sessions.session_plan(
        supervisor=supervisor,
        supervisee=supervisee,
        kind=SessionKind.INDIVIDUAL_FORMAL,
        date=today,
        planned_minutes=90,
        by=by,
    )
    personal = session.sections.get(key="check_in")
    if not personal.personal:  # the preset's check-in is personal; make sure of it
        personal.personal = True
        personal.save(update_fields=["personal"])
    records.record_save(
        session=session,
        expected_version=session.record_version,
        by=by,
        sections={
            "check_in": f"{PERSONAL_MARKER}: {supervisee.name} is tired after a hard week.",
            "workload": WORKLOAD_TEXT,
        },
        duration_minutes=90,
        functions=["managerial", "support"],
    )
    discussion = records.case_discussion_add(session=session, case=case, by=by)
    action = records.action_add(
        session=session,
        description=f"Chase the core group minutes for {case.case_id}.",
        owner=supervisee,
        due_on=today + timedelta(days=14),
        by=by,
    )
    agenda_item = AgendaItem.objects.create(
        session=session, section_key="workload", text="Court dates", added_by=by
    )
    agreement = agreement_start(supervisor=supervisor, supervisee=supervisee, by=by)
    return Side(
        supervisor=supervisor,
        supervisee=supervisee,
        case=case,
        session=SupervisionSession.objects.get(pk=session.pk),
        discussion=discussion,
        action=action,
        agenda_item=agenda_item,
        personal_section=RecordSection.objects.get(pk=personal.pk),
        agreement=agreement,
    )


def _other_team(world: World) -> Side:
    """The south team's pair has no logins: a user stands in for
    other_supervisor while the services write, and is removed afterwards,
    so the world keeps its logins."""
    scribe = UserFactory(username="matrix-scribe", roles=["supervisor"])
    supervisor = world.staff["other_supervisor"]
    supervisor.user = scribe
    supervisor.save(update_fields=["user"])
    try:
        side = one_to_one(
            supervisor=supervisor,
            supervisee=world.staff["colleague"],
            case=world.organisation.cases.get(case_id="colleague-case"),
            by=scribe,
        )
    finally:
        supervisor.user = None
        supervisor.save(update_fields=["user"])
        scribe.delete()
    side.supervisor.refresh_from_db()
    return side


def _other_org(world: World) -> Side:
    other = world.other_organisation
    stranger = StaffMember.objects.get(organisation=other, staff_id="stranger")
    boss = StaffMember.objects.get(organisation=other, staff_id="boss")
    case = people.case_create(organisation=other, case_id="stranger-case")
    people.case_period_add(
        case=case, worker=stranger, case_type="cp", risk="standard", start_date=START
    )
    return one_to_one(
        supervisor=boss, supervisee=stranger, case=case, by=world.users["stranger_boss"]
    )


def build_scenario(world: World) -> Scenario:
    """Everything the matrix visits. Genograms are files: set MEDIA_ROOT to
    a temporary folder first."""
    org = world.organisation
    today = organisation_today(org)
    mine = one_to_one(
        supervisor=world.staff["supervisor"],
        supervisee=world.staff["practitioner"],
        case=org.cases.get(case_id="case-0"),
        by=world.users["supervisor"],
    )
    sides = {"mine": mine, "other_team": _other_team(world), "other_org": _other_org(world)}

    # The group (practitioner and colleague, facilitated by supervisor). The
    # practitioner brings case-1, so case-0's only discussion is the one-to-one's.
    group = make_group(world)
    group_session = plan(world, group)
    group_discussion = groups.group_case_bring(
        session=group_session,
        case=org.cases.get(case_id="case-1"),
        presented_by=world.staff["practitioner"],
        by=world.users["practitioner"],
    )
    groups.genogram_upload(
        discussion=group_discussion, file=upload(png_bytes()), by=world.users["practitioner"]
    )
    group_discussion.refresh_from_db()

    sample = audit_sample_assign(
        organisation=org,
        auditor=world.users["auditor"],
        title="Matrix sample",
        sessions=[mine.session],
        closes_on=today + timedelta(days=30),
        by=world.users["senior"],
    )
    grant = need_to_know_open(
        user=world.users["director"],
        organisation=org,
        reason=NeedToKnowReason.CONDUCT,
        details=NEED_TO_KNOW_DETAILS,
        staff=world.staff["colleague"],
    )
    policy_versions = {
        "mine": policy_version_add(
            organisation=org,
            effective_from=today + timedelta(days=60),
            preset="southwark-2021",
            by=world.users["admin"],
        ),
        "other_org": policy_version_add(
            organisation=world.other_organisation,
            effective_from=today + timedelta(days=60),
            preset="southwark-2021",
        ),
    }
    return Scenario(
        world=world,
        sides=sides,
        group=group,
        group_session=SupervisionSession.objects.get(pk=group_session.pk),
        group_discussion=group_discussion,
        sample=sample,
        need_to_know=grant,
        policy_versions=policy_versions,
    )
