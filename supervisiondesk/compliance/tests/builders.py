"""Small worked examples in Python: a few people, sessions and cases, and their report."""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml

from supervisiondesk.compliance.dataset import (
    Absence,
    Agreement,
    CaseDiscussion,
    CasePeriod,
    CategoryPeriod,
    Dataset,
    Relationship,
    Session,
    Staff,
    Team,
)
from supervisiondesk.compliance.engine import compliance_report
from supervisiondesk.policies.policy import (
    PRESETS_DIR,
    Policy,
    PolicyTimeline,
    load_policy,
    policy_from_document,
)


def d(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


class World:
    """A dataset built line by line: `world.person("w1", category="qualified")`."""

    def __init__(self) -> None:
        self.data = Dataset()

    def person(
        self,
        staff_id: str,
        start: str = "2025-01-06",
        end: str | None = None,
        *,
        team: str = "t1",
        country: str = "GB-ENG",
        category: str | None = "qualified",
    ) -> World:
        self.data.staff.append(Staff(staff_id, f"Name {staff_id}", team, country, d(start), d(end)))
        if category is not None:
            self.category(staff_id, category, start)
        return self

    def category(self, staff_id: str, category: str, start: str, end: str | None = None) -> World:
        self.data.categories.append(CategoryPeriod(staff_id, category, d(start), d(end)))
        return self

    def team(self, team: str, service: str) -> World:
        self.data.teams.append(Team(team, service))
        return self

    def supervise(
        self,
        supervisee_id: str,
        supervisor_id: str,
        start: str = "2025-01-06",
        end: str | None = None,
        kind: str = "line",
    ) -> World:
        self.data.relationships.append(
            Relationship(supervisee_id, supervisor_id, kind, d(start), d(end))
        )
        return self

    def session(
        self,
        session_id: str,
        day: str,
        supervisor_id: str = "m1",
        supervisees: str = "w1",
        *,
        kind: str = "individual_formal",
        status: str = "held",
        minutes: int | None = 90,
        recorded: str | None = None,
        supervisor_signed: str | None = None,
        supervisee_signed: str | None = None,
        shared: str | None = None,
        functions: str = "",
    ) -> World:
        self.data.sessions.append(
            Session(
                session_id,
                kind,
                status,
                d(day),
                minutes,
                supervisor_id,
                tuple(supervisees.split(";")),
                d(recorded),
                d(supervisor_signed),
                d(supervisee_signed),
                d(shared),
                tuple(f for f in functions.split(";") if f),
            )
        )
        return self

    def case(
        self,
        case_id: str,
        worker_id: str,
        case_type: str,
        risk: str,
        start: str,
        end: str | None = None,
    ) -> World:
        self.data.case_periods.append(
            CasePeriod(case_id, worker_id, case_type, risk, d(start), d(end))
        )
        return self

    def discuss(self, session_id: str, case_id: str, recorded: str | None = None) -> World:
        self.data.case_discussions.append(CaseDiscussion(session_id, case_id, d(recorded)))
        return self

    def agreement(
        self, supervisee_id: str, supervisor_id: str, signed: str, reviewed: str | None = None
    ) -> World:
        self.data.agreements.append(Agreement(supervisee_id, supervisor_id, d(signed), d(reviewed)))
        return self

    def absence(self, staff_id: str, start: str, end: str) -> World:
        self.data.absences.append(Absence(staff_id, d(start), d(end)))
        return self

    def report(
        self,
        policy: str | Policy | PolicyTimeline | list[tuple[date, Policy]],
        as_of: str,
        **options: Any,
    ) -> dict[str, Any]:
        chosen = load_policy(policy) if isinstance(policy, str) else policy
        return compliance_report(self.data, chosen, d(as_of), **options)


def team_of_two(category: str = "qualified", **person: Any) -> World:
    """A manager m1 supervising one worker w1 (line) since 2025-01-06."""
    return (
        World()
        .person("m1", "2020-01-06", category="manager")
        .person("w1", category=category, **person)
        .supervise("w1", "m1")
    )


def entry(report: dict[str, Any], section: str, **match: str) -> dict[str, Any]:
    """The one entry of a report's list with these ids."""
    found = [e for e in report[section] if all(e[k] == v for k, v in match.items())]
    assert len(found) == 1, (section, match, report[section])
    return found[0]


def dates(item: dict[str, Any]) -> tuple[str | None, str, str, str]:
    return item["last"], item["next_due"], item["overdue_after"], item["status"]


def policy_with(
    preset: str, *, id: str, standards: dict | None = None, **individual: str
) -> Policy:
    """A preset with some individual rules and standards changed, as an
    organisation's edited copy would be."""
    document = yaml.safe_load((PRESETS_DIR / f"{preset}.yaml").read_text(encoding="utf-8"))
    document["id"] = id
    document["frequency"]["individual"].update(individual)
    document["standards"].update(standards or {})
    return policy_from_document(document, f"{id}.yaml")
