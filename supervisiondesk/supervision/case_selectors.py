"""Reads for a case's page: who held it, every discussion of it in a held
session whoever the worker was, every management decision, and the last
management oversight.

The same few queries whatever the case's history (`case_page`): the
periods, the discussions with their sessions and people, the attendees, the
decisions, the policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from supervisiondesk.compliance.engine.records import timeliness
from supervisiondesk.compliance.workdays import working_days_after
from supervisiondesk.people.models import Case, CasePeriod, StaffMember
from supervisiondesk.policies.policy import PolicyTimeline
from supervisiondesk.policies.selectors import NoPolicyError, policy_timeline
from supervisiondesk.privacy import rules
from supervisiondesk.supervision.choices import SessionStatus
from supervisiondesk.supervision.models import (
    CaseDiscussion,
    ManagementDecision,
    SessionAttendee,
    SupervisionSession,
)
from supervisiondesk.supervision.services.common import organisation_today


@dataclass(frozen=True)
class DiscussionRow:
    discussion: CaseDiscussion
    session: SupervisionSession
    supervisor: StaffMember
    workers: list[StaffMember]
    presenter: StaffMember | None
    # Counts as the case's supervision under the policy (a formal or group
    # session); an informal consultation is oversight only.
    qualifying: bool
    # On the child's record by: None when the policy sets no deadline.
    due_on: date | None
    # on_time, late, pending, missing or not_assessed (compliance.md section 4).
    recording: str
    # The viewer was in the session, so may open its text for the child's record.
    may_open: bool

    @property
    def recorded_on(self) -> date | None:
        return self.discussion.recorded_on


@dataclass(frozen=True)
class Oversight:
    on: date
    text: str


@dataclass(frozen=True)
class CasePage:
    case: Case
    today: date
    periods: list[CasePeriod]  # oldest first
    current: CasePeriod | None  # the allocation on today
    discussions: list[DiscussionRow]  # newest first
    decisions: list[ManagementDecision]  # newest first
    last_oversight: Oversight | None
    last_supervision: date | None  # the latest qualifying discussion
    no_policy: bool


def _timeline(case: Case) -> PolicyTimeline | None:
    try:
        return policy_timeline(organisation=case.organisation)
    except NoPolicyError:
        return None


def _last_oversight(
    discussions: list[DiscussionRow], decisions: list[ManagementDecision]
) -> Oversight | None:
    """The latest discussion in any held session (formal, group or informal)
    or management decision; on the same day, the discussion."""
    candidates: list[tuple[date, int, str]] = []
    if discussions:
        row = discussions[0]
        text = _("%(kind)s with %(supervisor)s") % {
            "kind": row.session.get_kind_display(),
            "supervisor": row.supervisor.name,
        }
        candidates.append((row.session.date, 1, text))
    if decisions:
        decision = decisions[0]
        text = _("Management decision by %(name)s") % {"name": decision.decided_by.name}
        candidates.append((decision.decided_on, 0, text))
    if not candidates:
        return None
    on, _order, text = max(candidates)
    return Oversight(on=on, text=text)


def case_page(*, case: Case, user: AbstractBaseUser) -> CasePage:
    """Everything a case's page shows; the access rules decide which
    discussions link to their text (`privacy.rules.visible_discussions`)."""
    organisation = case.organisation
    today = organisation_today(organisation)
    periods = list(
        CasePeriod.objects.filter(case=case).select_related("worker").order_by("start_date")
    )
    current = next((p for p in periods if p.covers(today)), None)
    discussions = list(
        CaseDiscussion.objects.filter(case=case, session__status=SessionStatus.HELD)
        .select_related("session", "session__supervisor", "presented_by")
        .prefetch_related(
            Prefetch(
                "session__attendees",
                queryset=SessionAttendee.objects.select_related("staff").order_by("staff__name"),
            )
        )
        .order_by("-session__date", "-session__pk")
    )
    readable = set(rules.visible_discussions(user).filter(case=case).values_list("pk", flat=True))
    decisions = list(
        ManagementDecision.objects.filter(case=case)
        .select_related("decided_by", "worker", "session")
        .order_by("-decided_on", "-pk")
    )
    timeline = _timeline(case)
    qualifying_kinds = timeline.at(today).qualifying_sessions.case if timeline else frozenset()
    rows = []
    for discussion in discussions:
        session = discussion.session
        attendees = [a.staff for a in session.attendees.all()]
        days = timeline.at(session.date).standards.case_record_working_days if timeline else None
        if days is None:
            due_on, recording = None, "not_assessed"
        else:
            # The deadline runs in the supervisor's working days, as in the report.
            country = session.supervisor.country or organisation.country
            due_on = working_days_after(country, session.date, days)
            recording = timeliness(discussion.recorded_on, due_on, today)
        rows.append(
            DiscussionRow(
                discussion=discussion,
                session=session,
                supervisor=session.supervisor,
                workers=attendees,
                presenter=discussion.presented_by,
                qualifying=session.kind in qualifying_kinds,
                due_on=due_on,
                recording=recording,
                may_open=discussion.pk in readable,
            )
        )
    last_supervision = next(
        (r.session.date for r in rows if r.qualifying and r.session.date <= today), None
    )
    return CasePage(
        case=case,
        today=today,
        periods=periods,
        current=current,
        discussions=rows,
        decisions=decisions,
        last_oversight=_last_oversight(rows, decisions),
        last_supervision=last_supervision,
        no_policy=timeline is None,
    )
