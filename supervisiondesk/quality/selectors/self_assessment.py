"""Reads for the self-assessment pages, taking the requesting user."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from supervisiondesk.privacy import rules
from supervisiondesk.quality.arithmetic import recorded_balance
from supervisiondesk.quality.models import SelfAssessment
from supervisiondesk.supervision.choices import Function, SessionStatus
from supervisiondesk.supervision.models import SupervisionSession


@dataclass(frozen=True)
class Lists:
    mine: list[SelfAssessment]
    supervisors: list[SelfAssessment]  # of the supervisors the user line-manages


def self_assessments(*, user: AbstractBaseUser) -> Lists:
    viewer = rules.viewer_of(user)
    if viewer.staff is None:
        return Lists(mine=[], supervisors=[])
    rows = list(rules.visible_self_assessments(user).select_related("supervisor"))
    return Lists(
        mine=[a for a in rows if a.supervisor_id == viewer.staff.pk],
        supervisors=sorted(
            (a for a in rows if a.supervisor_id != viewer.staff.pk),
            key=lambda a: (a.supervisor.name, -a.period_end.toordinal()),
        ),
    )


@dataclass(frozen=True)
class BalanceRow:
    function: str
    label: str
    assessed: int
    recorded: int
    sessions: int  # sessions whose record names the function

    @property
    def difference(self) -> int:
        return self.assessed - self.recorded


@dataclass(frozen=True)
class Comparison:
    rows: list[BalanceRow]
    sessions: int  # held sessions the supervisor led in the period
    without_functions: int  # of which the record names no function


def comparison(*, assessment: SelfAssessment) -> Comparison:
    """The self-assessment beside the balance recorded on the sessions the
    supervisor led and held over the same period (one query)."""
    functions = list(assessment.shares)
    covered = list(
        SupervisionSession.objects.filter(
            supervisor=assessment.supervisor_id,
            status=SessionStatus.HELD,
            date__gte=assessment.period_start,
            date__lte=assessment.period_end,
        ).values_list("functions", flat=True)
    )
    shares = recorded_balance(covered, functions)
    return Comparison(
        rows=[
            BalanceRow(
                function=f,
                label=str(Function(f).label) if f in Function.values else f,
                assessed=assessment.shares[f],
                recorded=shares[f],
                sessions=sum(1 for c in covered if f in c),
            )
            for f in functions
        ],
        sessions=len(covered),
        without_functions=sum(1 for c in covered if not c),
    )
