"""What the record shows against each standard of the policy in force on the
session's date: a suggested result and the evidence, which the auditor
confirms or overrides (docs/quality.md, "Audit method")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from supervisiondesk.compliance.engine.records import timeliness
from supervisiondesk.compliance.workdays import working_days_after
from supervisiondesk.policies.policy import Policy
from supervisiondesk.policies.selectors import policy_timeline
from supervisiondesk.quality.vocabulary import STANDARD_LABELS, StandardResult
from supervisiondesk.supervision.choices import Function, SessionKind, SessionStatus
from supervisiondesk.supervision.models import (
    CaseDiscussion,
    SupervisionAgreement,
    SupervisionSession,
)

MET, NOT_MET, NA = StandardResult.MET, StandardResult.NOT_MET, StandardResult.NOT_APPLICABLE

# The parts of a case discussion an auditor expects written (Southwark
# Standard 4's good case record; for groups, the reflective steps that carry
# the thinking and the decisions).
COMPLETE_FIELDS = {
    False: (
        "main_purpose",
        "discussion_purpose",
        "progress",
        "child_voice",
        "risks_and_needs",
        "reflections",
        "decision_rationale",
    ),
    True: ("dilemma", "case_summary", "hypotheses", "step_actions_risk"),
}


@dataclass(frozen=True)
class StandardCheck:
    key: str
    suggested: str
    evidence: str

    @property
    def label(self) -> str:
        return str(STANDARD_LABELS[self.key])

    @property
    def suggested_label(self) -> str:
        return str(StandardResult(self.suggested).label)


def _day(value: date) -> str:
    return date_format(value, "j M Y")


def _on_time(key: str, done: date | None, session: SupervisionSession, days: int | None, today):
    if days is None:  # the policy sets no timescale: was it done at all?
        if done is None:
            return StandardCheck(key, NOT_MET, _("Not done; the policy sets no timescale."))
        return StandardCheck(
            key, MET, _("Done on %(day)s; the policy sets no timescale.") % {"day": _day(done)}
        )
    due = working_days_after(session.supervisor.working_days_country, session.date, days)
    state = timeliness(done, due, today)
    words = {"due": _day(due), "days": days}
    if state == "on_time":
        return StandardCheck(
            key, MET, _("Done on %(day)s, due by %(due)s.") % {**words, "day": _day(done)}
        )
    if state == "pending":
        return StandardCheck(key, NA, _("Not yet: still in time (due by %(due)s).") % words)
    if state == "late":
        return StandardCheck(
            key, NOT_MET, _("Done on %(day)s, due by %(due)s.") % {**words, "day": _day(done)}
        )
    return StandardCheck(key, NOT_MET, _("Not done; due by %(due)s.") % words)


def _signed(session: SupervisionSession, policy: Policy, today: date) -> StandardCheck:
    key = "signed_on_time"
    if not session.is_formal:
        return StandardCheck(key, NA, _("Only formal one-to-one records are signed."))
    both = session.supervisor_signed_on and session.supervisee_signed_on
    last = max(session.supervisor_signed_on, session.supervisee_signed_on) if both else None
    return _on_time(key, last, session, policy.standards.sign_off_working_days, today)


def _shared(session: SupervisionSession, policy: Policy, today: date) -> StandardCheck:
    key = "shared"
    if not session.is_formal:
        return StandardCheck(key, NA, _("A group record is kept by the group."))
    return _on_time(key, session.shared_on, session, policy.standards.share_working_days, today)


def _agreement(session: SupervisionSession, policy: Policy) -> StandardCheck:
    key = "agreement_current"
    if session.group_id:
        agreements = SupervisionAgreement.objects.filter(group=session.group_id)
    else:
        people = session.attendees.values("staff")
        agreements = SupervisionAgreement.objects.filter(
            supervisor=session.supervisor_id, supervisee__in=people
        )
    dates = [
        day
        for signed, reviewed in agreements.filter(signed_on__lte=session.date).values_list(
            "signed_on", "reviewed_on"
        )
        for day in (signed, reviewed)
        if day is not None and day <= session.date
    ]
    if not dates:
        return StandardCheck(key, NOT_MET, _("No signed agreement on the session's date."))
    latest = max(dates)
    review = policy.standards.agreement_review
    if review is None:
        return StandardCheck(key, MET, _("Signed or reviewed on %(day)s.") % {"day": _day(latest)})
    due = review.after(latest)
    words = {"day": _day(latest), "due": _day(due)}
    if session.date > due:
        return StandardCheck(
            key, NOT_MET, _("Last signed or reviewed on %(day)s; review due by %(due)s.") % words
        )
    return StandardCheck(
        key, MET, _("Signed or reviewed on %(day)s; next review due by %(due)s.") % words
    )


def _label(function: str) -> str:
    return str(Function(function).label) if function in Function.values else function


def _functions(session: SupervisionSession, policy: Policy) -> StandardCheck:
    """The pair's latest formal sessions (the policy's balance window, this
    one included) cover every function; a group record names one at least."""
    key = "functions_covered"
    wanted = list(policy.functions)
    if not session.functions:
        return StandardCheck(key, NOT_MET, _("The record names no function of supervision."))
    if not session.is_formal:
        names = ", ".join(_label(f) for f in session.functions)
        return StandardCheck(key, MET, _("Covered: %(names)s.") % {"names": names})
    window = policy.standards.balance_window
    people = session.attendees.values("staff")
    latest = (
        SupervisionSession.objects.filter(
            supervisor=session.supervisor_id,
            kind=SessionKind.INDIVIDUAL_FORMAL,
            status=SessionStatus.HELD,
            date__lte=session.date,
            attendees__staff__in=people,
        )
        .distinct()
        .order_by("-date", "-session_id")
        .values_list("functions", flat=True)[:window]
    )
    covered = {f for functions in latest for f in functions}
    missing = [f for f in wanted if f not in covered]
    words = {"count": len(latest), "names": ", ".join(_label(f) for f in missing)}
    if missing:
        return StandardCheck(
            key, NOT_MET, _("Left out of the last %(count)s sessions: %(names)s.") % words
        )
    return StandardCheck(
        key, MET, _("Every function covered in the last %(count)s sessions.") % words
    )


def _discussions(session: SupervisionSession, policy: Policy, today: date) -> StandardCheck:
    key = "case_discussions_complete"
    group = session.kind == SessionKind.GROUP
    fields = COMPLETE_FIELDS[group]
    discussions = list(
        CaseDiscussion.objects.filter(session=session).select_related("case").order_by("case")
    )
    if not discussions:
        return StandardCheck(key, NA, _("No case was discussed."))
    days = policy.standards.case_record_working_days
    due = (
        working_days_after(session.supervisor.working_days_country, session.date, days)
        if days is not None
        else None
    )
    gaps = []
    for discussion in discussions:
        empty = [
            str(CaseDiscussion._meta.get_field(name).verbose_name)
            for name in fields
            if not (getattr(discussion, name) or "").strip()
        ]
        if due is not None:
            state = timeliness(discussion.recorded_on, due, today)
            if state in ("late", "missing"):
                empty.append(_("on the child's record by %(due)s") % {"due": _day(due)})
        elif discussion.recorded_on is None:
            empty.append(_("on the child's record"))
        if len(empty) >= len(fields):
            empty = [_("nothing written"), *empty[len(fields) :]]
        if empty:
            gaps.append(f"{discussion.case.case_id}: {', '.join(empty)}")
    if gaps:
        return StandardCheck(
            key,
            NOT_MET,
            _("%(complete)s of %(total)s complete. Missing: %(gaps)s.")
            % {
                "complete": len(discussions) - len(gaps),
                "total": len(discussions),
                "gaps": "; ".join(gaps),
            },
        )
    return StandardCheck(
        key, MET, _("All %(total)s case discussions complete.") % {"total": len(discussions)}
    )


def standard_checks(session: SupervisionSession, *, today: date) -> list[StandardCheck]:
    """Each standard of the policy in force on the session's date, in the
    order of `vocabulary.STANDARDS`."""
    policy = policy_timeline(organisation=session.organisation).at(session.date)
    standards = policy.standards
    recorded = _on_time(
        "recorded_on_time", session.recorded_on, session, standards.record_working_days, today
    )
    return [
        recorded,
        _signed(session, policy, today),
        _shared(session, policy, today),
        _agreement(session, policy),
        _functions(session, policy),
        _discussions(session, policy, today),
    ]
