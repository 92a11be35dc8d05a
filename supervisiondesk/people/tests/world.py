"""A small world for permission tests: one organisation with every role, a
second team, and a second organisation that must never be seen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractUser

from supervisiondesk.people import services
from supervisiondesk.people.models import Organisation, StaffMember
from supervisiondesk.people.tests.factories import (
    OrganisationFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
)

PASSWORD = "a long test password"
# Every login of the world, for role matrices: each page test lists who gets 200.
ROLES = [
    "practitioner",
    "supervisor",
    "manager",
    "senior",
    "director",
    "auditor",
    "admin",
    "config_only",
    "stranger_boss",
]
START = date(2024, 1, 1)


@dataclass
class World:
    organisation: Organisation
    other_organisation: Organisation
    staff: dict[str, StaffMember]
    users: dict[str, AbstractUser]


def build_world() -> World:
    org = OrganisationFactory(name="Riverside")
    cp = ServiceFactory(organisation=org, name="Safeguarding", service_type="cp")
    north = TeamFactory(service=cp, code="north", name="North team")
    south = TeamFactory(service=cp, code="south", name="South team")
    staff: dict[str, StaffMember] = {}
    users: dict[str, AbstractUser] = {}

    def person(key: str, name: str, team, category: str, roles: list[str] | None, **user_kw):
        member = services.staff_create(
            organisation=org, staff_id=key, name=name, start_date=START, team=team
        )
        services.category_period_add(staff=member, category=category, start_date=START)
        staff[key] = member
        if roles is not None:
            users[key] = UserFactory(username=key, roles=roles, **user_kw)
            member.user = users[key]
            member.save(update_fields=["user"])
        return member

    person("practitioner", "Pat Practitioner", north, "qualified", ["practitioner"])
    person("supervisor", "Sam Supervisor", north, "manager", ["supervisor", "practitioner"])
    person("manager", "Mo Manager", north, "manager", ["manager", "supervisor"])
    person("senior", "Sian Senior", north, "manager", ["senior_manager", "manager"])
    person("director", "Dee Director", north, "manager", ["director"])
    person("auditor", "Ali Auditor", north, "other", ["auditor"])
    person("admin", "Ade Admin", north, "support_staff", ["administrator"], is_staff=True)
    person("colleague", "Cas Colleague", south, "qualified", None)
    person("other_supervisor", "Oli Other", south, "manager", None)
    for supervisee, supervisor in [
        ("practitioner", "supervisor"),
        ("supervisor", "manager"),
        ("manager", "senior"),
        ("colleague", "other_supervisor"),
    ]:
        services.relationship_add(
            supervisee=staff[supervisee],
            supervisor=staff[supervisor],
            kind="line",
            start_date=START,
        )
    for n, (case_type, risk) in enumerate([("cp", "high"), ("cin", "standard")]):
        case = services.case_create(organisation=org, case_id=f"case-{n}")
        services.case_period_add(
            case=case,
            worker=staff["practitioner"],
            case_type=case_type,
            risk=risk,
            start_date=START,
        )
    case = services.case_create(organisation=org, case_id="colleague-case")
    services.case_period_add(
        case=case, worker=staff["colleague"], case_type="cla", risk="high", start_date=START
    )

    other = OrganisationFactory(name="Elsewhere")
    other_team = TeamFactory(service__organisation=other, code="away", name="Away team")
    stranger = services.staff_create(
        organisation=other,
        staff_id="stranger",
        name="Stella Stranger",
        start_date=START,
        team=other_team,
    )
    boss = services.staff_create(
        organisation=other, staff_id="boss", name="Bo Boss", start_date=START, team=other_team
    )
    services.relationship_add(supervisee=stranger, supervisor=boss, kind="line", start_date=START)
    users["stranger_boss"] = UserFactory(
        username="stranger_boss", roles=["senior_manager", "supervisor"]
    )
    boss.user = users["stranger_boss"]
    boss.save(update_fields=["user"])
    # An account with no staff record: configuration only.
    users["config_only"] = UserFactory(
        username="config_only", roles=["administrator"], is_staff=True
    )
    return World(organisation=org, other_organisation=other, staff=staff, users=users)
