"""Supervision agreements, through their services: who may start, edit, sign
and review one; what a version starts with; how signatures and locking work;
and what the compliance engine reads from them."""

from __future__ import annotations

from datetime import date

import pytest

from supervisiondesk.compliance.engine.report import compliance_report
from supervisiondesk.people import services as people_services
from supervisiondesk.policies.models import PolicyVersion
from supervisiondesk.policies.selectors import policy_timeline
from supervisiondesk.supervision.loaders import dataset_from_database
from supervisiondesk.supervision.models import (
    AgreementSignature,
    AgreementVersion,
    SupervisionAgreement,
    SupervisionGroup,
)
from supervisiondesk.supervision.services.agreements import (
    agreement_review_start,
    agreement_sign,
    agreement_start,
    agreement_version_save,
)
from supervisiondesk.supervision.services.common import (
    EditConflict,
    NotAllowed,
    organisation_today,
)

pytestmark = pytest.mark.django_db


def start_pair(world) -> SupervisionAgreement:
    return agreement_start(
        supervisor=world.staff["supervisor"],
        supervisee=world.staff["practitioner"],
        by=world.users["supervisor"],
    )


def latest(agreement: SupervisionAgreement) -> AgreementVersion:
    return agreement.versions.order_by("-number").first()


def fill_in(version: AgreementVersion, by, **extra) -> AgreementVersion:
    """Write what the defaults leave to the parties (the learning style)."""
    return agreement_version_save(
        version=version,
        expected_edit_version=version.edit_version,
        by=by,
        learning_style="Talking cases through; a written summary afterwards.",
        **extra,
    )


def agreed_pair(world) -> SupervisionAgreement:
    agreement = start_pair(world)
    version = fill_in(latest(agreement), world.users["supervisor"])
    agreement_sign(version=version, by=world.users["supervisor"])
    agreement_sign(version=version, by=world.users["practitioner"])
    agreement.refresh_from_db()
    return agreement


# ---------------------------------------------------------------- starting


def test_the_first_version_is_worded_from_the_policy_in_force(world) -> None:
    agreement = start_pair(world)
    version = latest(agreement)
    assert (version.number, version.reason, version.edit_version) == (1, "first", 1)
    assert version.created_by == world.users["supervisor"]
    # Southwark: a qualified worker monthly, 90 minutes protected, case
    # decisions on the child's record by the next working day, no set
    # timescale to rearrange.
    assert version.frequency == "every month"
    assert version.duration_minutes == 90
    assert "within 1 working day" in version.record_keeping
    assert "as soon as possible" in version.rearranging
    for name in ("confidentiality", "supervisor_expectations", "supervisee_expectations"):
        assert getattr(version, name).strip()
    assert version.learning_style == ""  # the supervisee's own: nobody guesses it
    assert version.external_confidentiality == ""  # a line supervisor, not external
    assert (agreement.signed_on, agreement.reviewed_on) == (None, None)


def test_other_policies_give_other_wording(world) -> None:
    """Tameside: the record shared within 7 working days, signed on the day;
    no minimum length of session."""
    PolicyVersion.objects.filter(organisation=world.organisation).update(preset="tameside-2015")
    version = latest(start_pair(world))
    assert "shared with the supervisee within 7 working days" in version.record_keeping
    assert "Both of us sign it on the day of the session." in version.record_keeping
    assert version.duration_minutes is None
    assert version.frequency == "every month"


def test_a_phased_rule_is_written_with_the_dates_its_phases_end(world) -> None:
    """An ASYE worker who began today: weekly, then fortnightly, then monthly."""
    today = organisation_today(world.organisation)
    practitioner = world.staff["practitioner"]
    period = practitioner.categories.get()
    period.end_date = today - date.resolution
    period.save()
    people_services.category_period_add(staff=practitioner, category="asye", start_date=today)
    frequency = latest(start_pair(world)).frequency
    assert frequency.startswith("every 7 days until ")
    assert ", then every 14 days until " in frequency
    assert frequency.endswith(", then every month")


def test_an_external_supervisor_is_asked_about_confidentiality(world) -> None:
    people_services.relationship_add(
        supervisee=world.staff["colleague"],
        supervisor=world.staff["manager"],
        kind="external",
        start_date=date(2024, 1, 1),
    )
    agreement = agreement_start(
        supervisor=world.staff["manager"],
        supervisee=world.staff["colleague"],
        by=world.users["manager"],
    )
    assert "external supervisor" in latest(agreement).external_confidentiality
    # Emptied, it must be written again before anyone signs.
    version = fill_in(latest(agreement), world.users["manager"], external_confidentiality="")
    with pytest.raises(NotAllowed, match="confidentiality measures for an external supervisor"):
        agreement_sign(version=version, by=world.users["manager"])


@pytest.mark.parametrize(
    "supervisor, supervisee, by, message",
    [
        ("supervisor", "practitioner", "practitioner", "Only the supervisor"),
        ("supervisor", "practitioner", "manager", "Only the supervisor"),
        ("manager", "practitioner", "manager", "not your supervisee"),
        ("practitioner", "supervisor", "practitioner", "not your supervisee"),
        ("supervisor", "supervisor", "supervisor", "Nobody supervises themselves"),
        ("supervisor", "practitioner", "config_only", "Only staff of this organisation"),
        ("supervisor", "practitioner", "stranger_boss", "Only staff of this organisation"),
    ],
)
def test_only_the_supervisor_of_a_current_relationship_starts_one(
    world, supervisor, supervisee, by, message
) -> None:
    with pytest.raises(NotAllowed, match=message):
        agreement_start(
            supervisor=world.staff[supervisor],
            supervisee=world.staff[supervisee],
            by=world.users[by],
        )
    assert not SupervisionAgreement.objects.exists()


def test_an_ended_relationship_gives_no_agreement(world) -> None:
    relationship = world.staff["practitioner"].supervisor_relationships.get()
    relationship.end_date = date(2024, 6, 30)
    relationship.save()
    with pytest.raises(NotAllowed, match="not your supervisee today"):
        start_pair(world)


def test_a_second_agreement_for_the_same_pair_is_refused(world) -> None:
    start_pair(world)
    with pytest.raises(NotAllowed, match="review it instead"):
        start_pair(world)
    assert SupervisionAgreement.objects.count() == 1


# ---------------------------------------------------------------- signing


def test_both_parties_sign_and_the_engine_sees_the_agreement(world) -> None:
    today = organisation_today(world.organisation)
    policies = policy_timeline(organisation=world.organisation)

    def engine_status() -> str:
        report = compliance_report(
            dataset_from_database(world.organisation, today), policies, today
        )
        (entry,) = [
            e
            for e in report["agreements"]
            if (e["supervisee_id"], e["supervisor_id"]) == ("practitioner", "supervisor")
        ]
        return entry["status"]

    assert engine_status() == "missing"
    agreement = start_pair(world)
    version = fill_in(latest(agreement), world.users["practitioner"])
    agreement_sign(version=version, by=world.users["supervisor"])
    version.refresh_from_db()
    agreement.refresh_from_db()
    assert version.agreed_on is None and agreement.signed_on is None
    assert engine_status() == "missing"

    agreement_sign(version=version, by=world.users["practitioner"])
    version.refresh_from_db()
    agreement.refresh_from_db()
    assert version.agreed_on == today
    assert (agreement.signed_on, agreement.reviewed_on) == (today, None)
    (loaded,) = [
        a
        for a in dataset_from_database(world.organisation, today).agreements
        if (a.supervisee_id, a.supervisor_id) == ("practitioner", "supervisor")
    ]
    assert (loaded.signed_on, loaded.reviewed_on) == (today, None)
    assert engine_status() == "current"


@pytest.mark.parametrize("who", ["manager", "senior", "auditor", "admin", "stranger_boss"])
def test_nobody_else_can_sign(world, who: str) -> None:
    version = fill_in(latest(start_pair(world)), world.users["supervisor"])
    with pytest.raises(NotAllowed):
        agreement_sign(version=version, by=world.users[who])
    assert not AgreementSignature.objects.exists()


def test_a_party_signs_once(world) -> None:
    version = fill_in(latest(start_pair(world)), world.users["supervisor"])
    agreement_sign(version=version, by=world.users["supervisor"])
    with pytest.raises(NotAllowed, match="already signed"):
        agreement_sign(version=version, by=world.users["supervisor"])
    assert AgreementSignature.objects.count() == 1


def test_a_version_with_gaps_cannot_be_signed(world) -> None:
    version = latest(start_pair(world))  # the learning style is still empty
    with pytest.raises(NotAllowed, match="learning style"):
        agreement_sign(version=version, by=world.users["supervisor"])


def test_editing_a_version_signed_by_one_takes_the_signature_away(world) -> None:
    version = fill_in(latest(start_pair(world)), world.users["supervisor"])
    agreement_sign(version=version, by=world.users["supervisor"])
    version = agreement_version_save(
        version=AgreementVersion.objects.get(pk=version.pk),
        expected_edit_version=version.edit_version,
        by=world.users["practitioner"],
        frequency="every three weeks",
    )
    assert version.frequency == "every three weeks"
    assert not version.signatures.exists()
    agreement_sign(version=version, by=world.users["practitioner"])
    version.refresh_from_db()
    assert version.agreed_on is None  # the supervisor has not signed the new wording


def test_saving_without_a_change_keeps_the_signatures(world) -> None:
    version = fill_in(latest(start_pair(world)), world.users["supervisor"])
    agreement_sign(version=version, by=world.users["supervisor"])
    agreement_version_save(
        version=version,
        expected_edit_version=version.edit_version,
        by=world.users["practitioner"],
        frequency=version.frequency,
    )
    assert version.signatures.count() == 1


def test_an_agreed_version_is_locked(world) -> None:
    agreement = agreed_pair(world)
    version = latest(agreement)
    with pytest.raises(NotAllowed, match="start a review"):
        agreement_version_save(
            version=version,
            expected_edit_version=version.edit_version,
            by=world.users["supervisor"],
            frequency="every week",
        )
    version.refresh_from_db()
    assert version.frequency == "every month"


def test_only_a_party_edits(world) -> None:
    version = latest(start_pair(world))
    with pytest.raises(NotAllowed):
        agreement_version_save(
            version=version, expected_edit_version=1, by=world.users["manager"], frequency="x"
        )
    version.refresh_from_db()
    assert version.frequency == "every month"


def test_an_edit_conflict_overwrites_nothing(world) -> None:
    version = latest(start_pair(world))
    agreement_version_save(
        version=AgreementVersion.objects.get(pk=version.pk),
        expected_edit_version=1,
        by=world.users["supervisor"],
        cancellation="The supervisor's words.",
    )
    with pytest.raises(EditConflict):
        agreement_version_save(
            version=AgreementVersion.objects.get(pk=version.pk),
            expected_edit_version=1,
            by=world.users["practitioner"],
            cancellation="The supervisee's words.",
        )
    version.refresh_from_db()
    assert (version.cancellation, version.edit_version) == ("The supervisor's words.", 2)


# ---------------------------------------------------------------- reviewing


def test_a_review_copies_the_agreed_version_and_sets_reviewed_on(world) -> None:
    agreement = agreed_pair(world)
    first = latest(agreement)
    today = organisation_today(world.organisation)
    second = agreement_review_start(
        agreement=agreement, reason="difficulties", by=world.users["practitioner"]
    )
    assert (second.number, second.reason, second.agreed_on) == (2, "difficulties", None)
    for name in ("record_keeping", "frequency", "duration_minutes", "learning_style"):
        assert getattr(second, name) == getattr(first, name)
    with pytest.raises(NotAllowed, match="Only the latest version"):
        agreement_sign(version=first, by=world.users["practitioner"])
    with pytest.raises(NotAllowed, match="still being agreed"):
        agreement_review_start(agreement=agreement, reason="annual", by=world.users["supervisor"])

    agreement_sign(version=second, by=world.users["practitioner"])
    agreement.refresh_from_db()
    assert agreement.reviewed_on is None  # the review holds once both have signed
    agreement_sign(version=second, by=world.users["supervisor"])
    agreement.refresh_from_db()
    second.refresh_from_db()
    first.refresh_from_db()
    assert (agreement.signed_on, agreement.reviewed_on) == (today, today)
    assert (first.agreed_on, second.agreed_on) == (today, today)


def test_a_review_needs_an_agreed_version_a_reason_and_a_party(world) -> None:
    agreement = start_pair(world)
    with pytest.raises(NotAllowed, match="still being agreed"):
        agreement_review_start(agreement=agreement, reason="annual", by=world.users["supervisor"])
    agreement = agreed_pair_from(world, agreement)
    with pytest.raises(NotAllowed, match="why"):
        agreement_review_start(agreement=agreement, reason="first", by=world.users["supervisor"])
    with pytest.raises(NotAllowed):
        agreement_review_start(agreement=agreement, reason="annual", by=world.users["manager"])
    assert agreement.versions.count() == 1


def agreed_pair_from(world, agreement: SupervisionAgreement) -> SupervisionAgreement:
    version = fill_in(latest(agreement), world.users["supervisor"])
    agreement_sign(version=version, by=world.users["supervisor"])
    agreement_sign(version=version, by=world.users["practitioner"])
    agreement.refresh_from_db()
    return agreement


# ---------------------------------------------------------------- groups


@pytest.fixture
def group(world) -> SupervisionGroup:
    group = SupervisionGroup.objects.create(
        organisation=world.organisation,
        name="North reflective group",
        team=world.staff["practitioner"].memberships.get().team,
        facilitator=world.staff["supervisor"],
    )
    group.members.add(world.staff["practitioner"], world.staff["auditor"])
    return group


def test_a_group_agreement_is_agreed_when_the_facilitator_and_every_member_sign(
    world, group
) -> None:
    with pytest.raises(NotAllowed, match="facilitator"):
        agreement_start(supervisor=world.staff["manager"], group=group, by=world.users["manager"])
    agreement = agreement_start(
        supervisor=world.staff["supervisor"], group=group, by=world.users["supervisor"]
    )
    version = latest(agreement)
    # Southwark: group supervision fortnightly outside early help and youth offending.
    assert version.frequency == "every 14 days"
    assert version.learning_style == ""  # optional for a group: signing needs no more
    with pytest.raises(NotAllowed):
        agreement_sign(version=version, by=world.users["manager"])
    for who in ("practitioner", "supervisor"):
        agreement_sign(version=version, by=world.users[who])
        version.refresh_from_db()
        assert version.agreed_on is None
    agreement_sign(version=version, by=world.users["auditor"])
    version.refresh_from_db()
    agreement.refresh_from_db()
    today = organisation_today(world.organisation)
    assert version.agreed_on == today and agreement.signed_on == today
    with pytest.raises(NotAllowed, match="review it instead"):
        agreement_start(
            supervisor=world.staff["supervisor"], group=group, by=world.users["supervisor"]
        )


def test_the_engine_reads_an_organisation_with_a_draft_agreement(world) -> None:
    """A draft has no `signed_on` yet: the engine must not see it as signed."""
    start_pair(world)
    today = organisation_today(world.organisation)
    dataset = dataset_from_database(world.organisation, today)
    report = compliance_report(dataset, policy_timeline(organisation=world.organisation), today)
    statuses = {(e["supervisee_id"], e["supervisor_id"]): e["status"] for e in report["agreements"]}
    assert statuses[("practitioner", "supervisor")] == "missing"


def test_an_imported_agreement_is_reviewed_into_its_first_written_version(world) -> None:
    """A folder import brings an agreement's dates without its text: a review
    writes version 1, and once both sign it counts as the review."""
    imported = SupervisionAgreement.objects.create(
        supervisor=world.staff["supervisor"],
        supervisee=world.staff["practitioner"],
        signed_on=date(2024, 2, 1),
    )
    version = agreement_review_start(
        agreement=imported, reason="annual", by=world.users["practitioner"]
    )
    assert (version.number, version.reason) == (1, "annual")
    assert version.confidentiality  # worded from the policy, to edit
    version.learning_style = "Learns by talking cases through."
    version.save()
    agreement_sign(version=version, by=world.users["supervisor"])
    agreement_sign(version=version, by=world.users["practitioner"])
    imported.refresh_from_db()
    today = organisation_today(world.organisation)
    assert (imported.signed_on, imported.reviewed_on) == (date(2024, 2, 1), today)
