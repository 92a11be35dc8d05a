"""Capacity planning's reads (docs/capacity.md): the supervisors of the
teams a manager looks after (`people.selectors.visible_teams`), their
supervisees wherever they work, their categories and caseloads, read as the
compliance engine's `Dataset` (`people.loaders.people_dataset`, no sessions:
capacity depends on who is supervised, not on what was held), and their
FTE; `reports.capacity` does the arithmetic.

A page costs the same number of queries whatever the number of
supervisors (a test checks it). Only names, categories and counts leave
here: no record content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from supervisiondesk.people.loaders import Selection, people_dataset, rows_in
from supervisiondesk.people.models import (
    CasePeriod,
    Organisation,
    StaffMember,
    SupervisoryRelationship,
    Team,
    TeamMembership,
)
from supervisiondesk.people.selectors import active_on, visible_teams
from supervisiondesk.policies.models import PolicyVersion
from supervisiondesk.policies.policy import Policy, list_presets, load_policy
from supervisiondesk.policies.selectors import policy_history, policy_timeline
from supervisiondesk.reports.capacity import Assumptions, CapacityPlan, capacity_plan

PRESET = "preset:"
VERSION = "version:"


@dataclass(frozen=True)
class SupervisorLine:
    """One supervisor's row on the page, in hours a month (floats, for showing)."""

    staff_pk: int
    name: str
    team: str  # the team's name
    supervisees: int
    cases: int
    individual: float
    group: float
    case_extra: float
    needed: float
    fte: float
    available: float
    difference: float
    what_if_needed: float | None  # under the other policy


@dataclass(frozen=True)
class CapacityPage:
    teams: list[Team]  # the teams shown
    plan: CapacityPlan  # under the policy in force
    what_if: CapacityPlan | None  # under another policy, when asked
    team_names: dict[str, str]  # by code
    staff_pks: dict[str, int]  # by staff id

    @property
    def lines(self) -> list[SupervisorLine]:
        other = {s.staff_id: s for s in self.what_if.supervisors} if self.what_if else {}
        return [
            SupervisorLine(
                staff_pk=self.staff_pks[s.staff_id],
                name=s.name,
                team=self.team_names.get(s.team, s.team),
                supervisees=len(s.supervisees),
                cases=s.cases,
                individual=float(s.part_hours("individual")),
                group=float(s.part_hours("group")),
                case_extra=float(s.part_hours("case_extra")),
                needed=float(s.hours_needed),
                fte=float(s.fte),
                available=float(s.hours_available),
                difference=float(s.difference),
                # None: no other policy, or this supervisor carries nobody under it.
                what_if_needed=(
                    float(other[s.staff_id].hours_needed) if s.staff_id in other else None
                ),
            )
            for s in self.plan.supervisors
        ]


def policy_choices(*, organisation: Organisation, on: date) -> list[tuple[str, str]]:
    """Other policies to plan under: the organisation's own versions (with
    their dates), then the presets shipped with Supervision Desk."""
    choices = [
        (
            f"{VERSION}{row.version.pk}",
            _("%(title)s, in force from %(date)s%(now)s")
            % {
                "title": row.policy.title,
                "date": date_format(row.version.effective_from, "j M Y"),
                "now": _(" (now)") if row.in_force else "",
            },
        )
        for row in policy_history(organisation=organisation, on=on)
    ]
    choices += [
        (f"{PRESET}{preset}", _("Preset: %(title)s") % {"title": load_policy(preset).title})
        for preset in list_presets()
    ]
    return choices


def policy_of_choice(*, organisation: Organisation, value: str) -> Policy | None:
    """The policy a choice of `policy_choices` names; None for anything else
    (another organisation's version answers as a version that is not there)."""
    if value.startswith(PRESET) and value[len(PRESET) :] in list_presets():
        return load_policy(value[len(PRESET) :])
    if value.startswith(VERSION) and value[len(VERSION) :].isdigit():
        version = PolicyVersion.objects.filter(
            organisation=organisation, pk=int(value[len(VERSION) :])
        ).first()
        return version.policy() if version else None
    return None


def teams_of(*, staff: StaffMember, scope: str, today: date) -> list[Team]:
    """The teams a manager plans for (`accounts.roles.team_scope`)."""
    return list(visible_teams(staff=staff, on=today, scope=scope).order_by("name"))


def capacity_of(
    *,
    organisation: Organisation,
    teams: list[Team],
    today: date,
    assumptions: Assumptions,
    what_if: Policy | None = None,
) -> CapacityPage:
    """The supervisors who are members of `teams` today, under the policy
    in force and under `what_if`."""
    members = TeamMembership.objects.filter(active_on(today), team__in=teams).values("staff")
    pairs = list(
        SupervisoryRelationship.objects.filter(
            active_on(today), supervisor__in=members, supervisee__organisation=organisation
        ).values_list("supervisor_id", "supervisee_id")
    )
    supervisors = {supervisor for supervisor, _supervisee in pairs}
    supervisees = {supervisee for _supervisor, supervisee in pairs}
    # Their supervisees' other supervisors too, from any team: which one
    # carries a supervisee must not depend on the page's scope (a worker
    # whose line supervisor works elsewhere is theirs, not this team's
    # professional supervisor's).
    others = {
        supervisor
        for (supervisor,) in rows_in(
            SupervisoryRelationship.objects.filter(active_on(today)),
            "supervisee_id",
            supervisees,
            "supervisor_id",
        )
    }
    cases = {
        case
        for (case,) in rows_in(
            CasePeriod.objects.filter(active_on(today)), "worker_id", supervisees, "case_id"
        )
    }
    dataset, ids = people_dataset(
        organisation, today, Selection(staff=supervisors | supervisees | others, cases=cases)
    )
    fte = {
        ids[pk]: Fraction(str(value))  # the driver gives a float on SQLite
        for pk, value in rows_in(
            TeamMembership.objects.filter(active_on(today)),
            "staff_id",
            supervisors,
            "staff_id",
            "fte",
        )
    }
    chosen = {ids[pk] for pk in supervisors}
    policy = policy_timeline(organisation=organisation).at(today)
    plan = capacity_plan(
        dataset, policy, today, fte=fte, assumptions=assumptions, supervisors=chosen
    )
    other = None
    if what_if is not None:
        other = capacity_plan(
            dataset, what_if, today, fte=fte, assumptions=assumptions, supervisors=chosen
        )
    codes = {person.team for person in dataset.staff}
    team_names = dict(
        Team.objects.filter(organisation=organisation, code__in=codes).values_list("code", "name")
    )
    return CapacityPage(
        teams=teams,
        plan=plan,
        what_if=other,
        team_names=team_names,
        staff_pks={staff_id: pk for pk, staff_id in ids.items()},
    )
