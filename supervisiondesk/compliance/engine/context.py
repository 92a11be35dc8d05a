"""What every part of the report shares: the index, the policy over time, as_of."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from supervisiondesk.compliance.dataset import Relationship, Session
from supervisiondesk.compliance.engine.index import Index
from supervisiondesk.policies.policy import Policy, PolicyTimeline


@dataclass(frozen=True)
class Context:
    index: Index
    policies: PolicyTimeline
    as_of: date
    explain: bool = False  # add the rule in force to each requirement (pages)
    # The version in force on as_of decides what is not tied to a day of the
    # past: which relationships and sessions count, grace, functions, limits.
    policy: Policy = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "policy", self.policies.at(self.as_of))

    def active_range(self, relationship: Relationship) -> tuple[date, date | None] | None:
        """The days a relationship is active: within its dates, both people in post."""
        supervisee = self.index.staff.get(relationship.supervisee_id)
        supervisor = self.index.staff.get(relationship.supervisor_id)
        if supervisee is None or supervisor is None:
            return None
        first = max(relationship.start, supervisee.start_date, supervisor.start_date)
        ends = [
            end
            for end in (relationship.end, supervisee.end_date, supervisor.end_date)
            if end is not None
        ]
        last = min(ends) if ends else None
        if last is not None and last < first:
            return None
        return first, last

    def counts(self, relationship: Relationship) -> bool:
        return relationship.kind in self.policy.relationships_that_count

    def active_on(self, relationship: Relationship, day: date) -> bool:
        """Of a counting kind and active on `day`."""
        if not self.counts(relationship):
            return False
        days = self.active_range(relationship)
        return days is not None and days[0] <= day and (days[1] is None or day <= days[1])

    def supervises_on(self, supervisor_id: str, supervisee_id: str, day: date) -> bool:
        """Whether a counting relationship between the two is active on `day`."""
        return any(
            relationship.supervisor_id == supervisor_id and self.active_on(relationship, day)
            for relationship in self.index.supervised(supervisee_id)
        )

    def held_by(self, session: Session) -> bool:
        """Held, and not after as_of: later sessions never count."""
        return session.status == "held" and session.date <= self.as_of
