"""An organisation's policy over time: versions by date, validated, applied
by the engine on each date (issue 3, item 1)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from supervisiondesk.people import services as people
from supervisiondesk.people.tests.factories import OrganisationFactory, ServiceFactory, TeamFactory
from supervisiondesk.policies.models import PolicyVersion
from supervisiondesk.policies.policy import PRESETS_DIR
from supervisiondesk.policies.selectors import NoPolicyError, policy_history, policy_timeline
from supervisiondesk.policies.services import policy_version_add
from supervisiondesk.supervision.models import SessionAttendee, SupervisionSession

pytestmark = pytest.mark.django_db
SOUTHWARK = (PRESETS_DIR / "southwark-2021.yaml").read_text()


def edited(**replacements: str) -> str:
    text = SOUTHWARK.replace("id: southwark-2021", "id: riverside-2026")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def messages(error: ValidationError) -> str:
    return json.dumps(error.message_dict)


def test_a_new_organisation_follows_its_preset_from_its_first_day() -> None:
    org = people.organisation_create(
        name="Hillside", country="UG", time_zone="Africa/Kampala", policy="interagency-cm-2014"
    )
    (version,) = PolicyVersion.objects.filter(organisation=org)
    assert version.preset == "interagency-cm-2014" and version.document == ""
    timeline = policy_timeline(organisation=org)
    assert (
        timeline.at(date(1990, 1, 1)).id == "interagency-cm-2014"
    )  # the first covers earlier days


def test_an_edited_copy_with_a_bad_field_is_refused_with_its_path() -> None:
    org = OrganisationFactory()
    with pytest.raises(ValidationError) as error:
        policy_version_add(
            organisation=org,
            effective_from=date(2026, 12, 1),
            document=edited(**{"qualified: 1m": "qualified: fortnightly"}),
        )
    assert "frequency.individual.qualified" in messages(error.value)
    assert "fortnightly" in messages(error.value)
    assert PolicyVersion.objects.filter(organisation=org).count() == 1  # nothing written


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"preset": "no-such-preset"}, "Unknown preset 'no-such-preset'"),
        ({"preset": "southwark-2021", "document": SOUTHWARK}, "not both"),
        ({}, "not both"),
        ({"document": "frequency: [1, 2"}, "not YAML or JSON"),
        ({"document": SOUTHWARK}, "is a preset's id"),
        ({"document": edited(**{"max_supervisees: null": "max_supervisees: -3"})}, "standards"),
    ],
)
def test_versions_that_cannot_be_used_are_refused(fields: dict, expected: str) -> None:
    org = OrganisationFactory()
    version = PolicyVersion(organisation=org, effective_from=date(2026, 12, 1), **fields)
    with pytest.raises(ValidationError) as error:
        version.full_clean()
    assert expected in str(error.value)


def test_two_versions_cannot_take_effect_on_the_same_day() -> None:
    org = OrganisationFactory()  # its first version takes effect on 2000-01-01
    with pytest.raises(ValidationError) as error:
        policy_version_add(
            organisation=org, effective_from=date(2000, 1, 1), preset="tameside-2015"
        )
    assert "effective_from" in error.value.message_dict or "__all__" in error.value.message_dict


def test_history_marks_the_version_in_force_and_those_to_come() -> None:
    org = OrganisationFactory()
    policy_version_add(organisation=org, effective_from=date(2026, 6, 1), preset="tameside-2015")
    policy_version_add(
        organisation=org, effective_from=date(2027, 1, 1), document=edited(), note="Local copy"
    )
    rows = policy_history(organisation=org, on=date(2026, 11, 23))
    assert [(r.policy.id, r.in_force, r.future) for r in rows] == [
        ("riverside-2026", False, True),
        ("tameside-2015", True, False),
        ("southwark-2021", False, False),
    ]


def test_an_organisation_without_a_policy_is_explained() -> None:
    org = OrganisationFactory()
    PolicyVersion.objects.filter(organisation=org).delete()
    with pytest.raises(NoPolicyError, match="has no supervision policy"):
        policy_timeline(organisation=org)


def test_the_engine_applies_the_version_in_force_on_each_date(capsys) -> None:
    """Monthly supervision of qualified staff becomes fortnightly on 1 October:
    the rule change makes the next session due 14 days after the change at
    the latest, and a report on a day before the change is unchanged."""
    org = OrganisationFactory(name="Riverside")
    team = TeamFactory(service=ServiceFactory(organisation=org, service_type="cp"), code="north")
    start = date(2026, 1, 1)
    worker = people.staff_create(
        organisation=org, staff_id="w1", name="Wren", start_date=start, team=team
    )
    manager = people.staff_create(
        organisation=org, staff_id="m1", name="Mae", start_date=start, team=team
    )
    people.category_period_add(staff=worker, category="qualified", start_date=start)
    people.category_period_add(staff=manager, category="manager", start_date=start)
    people.relationship_add(supervisee=worker, supervisor=manager, kind="line", start_date=start)
    session = SupervisionSession.objects.create(
        organisation=org,
        session_id="s1",
        kind="individual_formal",
        status="held",
        date=date(2026, 9, 20),
        supervisor=manager,
    )
    SessionAttendee.objects.create(session=session, staff=worker)
    policy_version_add(
        organisation=org,
        effective_from=date(2026, 10, 1),
        document=edited(**{"    qualified: 1m": "    qualified: 14d"}),
    )

    def individual(as_of: str) -> dict:
        call_command("compliance", "--as-of", as_of, "--format", "json", "--staff", "w1")
        report = json.loads(capsys.readouterr().out)
        return report["policy"], report["individual"][0]

    policy, before = individual("2026-09-30")
    assert policy == "southwark-2021"
    assert (before["next_due"], before["status"]) == ("2026-10-20", "ok")
    policy, after = individual("2026-10-16")
    assert policy == "riverside-2026"
    # min(20 Sep + 1m, 1 Oct + 14d): the new rule counts from the day it began.
    assert (after["next_due"], after["status"]) == ("2026-10-15", "overdue")
    assert after["days_overdue"] == 1
