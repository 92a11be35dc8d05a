"""The quality part of a subject access export (docs/privacy.md, "Subject
access"): what the quality records hold about one staff member.

- **Feedback they gave** as a supervisee: every response, whole (their
  ratings, comment, whether they shared it).
- **Feedback on their supervision** as a supervisor: only what they may
  read on their own page. The averages per statement per closed calendar
  quarter, where five responses or more rated it
  (`rules.feedback_aggregate_allowed`); below that no figure, no count. The
  responses their supervisees shared with them, whole. Of a response not
  shared with them, nothing: not its comment, its scores or who gave it,
  not even that it exists. It is the supervisee's confidence
  (`rules.visible_feedback`), and the UK GDPR leaves out of a subject
  access answer what would reveal another person's information given in
  confidence (DPA 2018 Schedule 2, paragraph 16).
- **Their self-assessments** of the balance of functions.
- **Audits of records they took part in** (they led the session or attended
  it): the grades of each standard and practice domain, the findings, who
  audited it (the auditor acts in their professional role: the person
  whose work was graded may know who graded it), and where the findings and
  actions went (the closed loop). Not the other records of the sample.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from supervisiondesk.people.models import StaffMember
from supervisiondesk.privacy import rules
from supervisiondesk.privacy.subject_access_common import _Clock, _dash, _label, _table, _who
from supervisiondesk.quality.arithmetic import period_closed, quarter_of, statement_scores
from supervisiondesk.quality.models import AuditGrade, AuditSample, FeedbackResponse, SelfAssessment
from supervisiondesk.quality.services.feedback import FEEDBACK_WINDOW_DAYS
from supervisiondesk.quality.vocabulary import (
    DOMAIN_LABELS,
    STANDARD_LABELS,
    STATEMENT_KEYS,
    STATEMENT_LABELS,
    Grade,
    StandardResult,
)
from supervisiondesk.supervision.choices import Function
from supervisiondesk.supervision.models import Action, SessionAttendee
from supervisiondesk.supervision.services.common import organisation_today


def _ratings(response: FeedbackResponse) -> list[dict[str, Any]]:
    by_statement = {r.statement: r.score for r in response.ratings.all()}
    return [
        {"statement": key, "label": str(STATEMENT_LABELS[key]), "score": by_statement[key]}
        for key in STATEMENT_KEYS
        if key in by_statement
    ]


def _response(response: FeedbackResponse, iso: _Clock, *, respondent: bool) -> dict[str, Any]:
    row = {
        "session_id": response.session.session_id,
        "session_date": iso(response.session.date),
        "supervisor": response.supervisor.name,
        "given_on": iso(response.given_on),
        "shared_with_supervisor": response.shared_with_supervisor,
        "ratings": _ratings(response),
        "comment": response.comment,
    }
    if respondent:
        row["respondent"] = response.respondent.name
    return row


def _quarters(staff: StaffMember) -> list[dict[str, Any]]:
    """The averages on their supervision, per closed quarter, as their own
    page shows them: a statement's mean and count only over five ratings or
    more. Open quarters are left out: their figures may still move, and a
    figure that moves by one response tells whose it was."""
    today = organisation_today(staff.organisation)
    by_quarter: dict[Any, list[tuple[str, int]]] = defaultdict(list)
    rows = (
        FeedbackResponse.objects.filter(supervisor=staff)
        .values_list("session__date", "ratings__statement", "ratings__score")
        .order_by()
    )
    for day, statement, score in rows:
        if statement is not None:
            by_quarter[quarter_of(day)].append((statement, score))
    out = []
    for period in sorted(by_quarter):
        if not period_closed(period, today=today, window_days=FEEDBACK_WINDOW_DAYS):
            continue
        scores = statement_scores(
            by_quarter[period], STATEMENT_KEYS, allowed=rules.feedback_aggregate_allowed
        )
        out.append(
            {
                "quarter": period.key,
                "shown": any(score.shown for score in scores),
                "scores": [
                    {
                        "statement": score.statement,
                        "label": str(STATEMENT_LABELS[score.statement]),
                        "responses": score.count,
                        "mean": score.mean,
                    }
                    for score in scores
                ],
            }
        )
    return out


def _feedback(staff: StaffMember, iso: _Clock) -> dict[str, Any]:
    responses = FeedbackResponse.objects.select_related(
        "session", "supervisor", "respondent"
    ).prefetch_related("ratings")
    return {
        "given": [
            _response(r, iso, respondent=False)
            for r in responses.filter(respondent=staff).order_by("session__date", "pk")
        ],
        "on_my_supervision_by_quarter": _quarters(staff),
        # Only the shared ones: the rule of their own page.
        "shared_with_me": [
            _response(r, iso, respondent=True)
            for r in responses.filter(supervisor=staff, shared_with_supervisor=True).order_by(
                "session__date", "pk"
            )
        ],
    }


def _function_order(item: tuple[str, Any]) -> tuple[int, str]:
    values = list(Function.values)
    return (values.index(item[0]) if item[0] in values else len(values), item[0])


def _self_assessments(staff: StaffMember, iso: _Clock) -> list[dict[str, Any]]:
    return [
        {
            "period_start": iso(a.period_start),
            "period_end": iso(a.period_end),
            "shares": [
                {
                    "function": key,
                    "label": str(Function(key).label) if key in Function.values else key,
                    "percent": percent,
                }
                # In the vocabulary's order: PostgreSQL's jsonb keeps no key order.
                for key, percent in sorted(a.shares.items(), key=_function_order)
            ],
            "reflection": a.reflection,
            "created_at": iso(a.created_at),
        }
        for a in SelfAssessment.objects.filter(supervisor=staff).order_by("period_end", "pk")
    ]


def _audits(staff: StaffMember, iso: _Clock) -> list[dict[str, Any]]:
    """The grades of every record they led or attended, in any sample."""
    took_part = Q(session__supervisor=staff) | Q(
        session__in=SessionAttendee.objects.filter(staff=staff).values("session")
    )
    grades = (
        AuditGrade.objects.filter(took_part)
        .select_related(
            "session",
            "sample__auditor__staff_member",
            "graded_by__staff_member",
            "findings_item__session",
        )
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.select_related("owner").order_by("pk"))
        )
        .order_by("session__date", "pk")
    )
    return [
        {
            "session_id": g.session.session_id,
            "session_date": iso(g.session.date),
            "your_role": "supervisor" if g.session.supervisor_id == staff.pk else "attendee",
            "audit": g.sample.title,
            "auditor": _who(g.sample.auditor),
            "audit_status": g.sample.status,
            "audit_status_label": _label(AuditSample, "status", g.sample.status),
            "audit_completed_on": iso(g.sample.completed_on),
            "graded_by": _who(g.graded_by),
            "graded_at": iso(g.graded_at),
            "standards": [
                {
                    "standard": key,
                    "label": str(STANDARD_LABELS.get(key, key)),
                    "result": result,
                    "result_label": str(StandardResult(result).label),
                }
                for key, result in g.standards.items()
            ],
            "domains": [
                {
                    "domain": key,
                    "label": str(DOMAIN_LABELS.get(key, key)),
                    "grade": grade,
                    "grade_label": str(Grade(grade).label),
                }
                for key, grade in g.domains.items()
            ],
            "findings": g.findings,
            # The closed loop: the session whose agenda took the findings.
            "findings_on_session": (
                g.findings_item.session.session_id if g.findings_item_id else None
            ),
            "actions": [
                {
                    "description": a.description,
                    "owner": a.owner.name,
                    "due_on": iso(a.due_on),
                    "status": a.status,
                    "status_label": a.get_status_display(),
                }
                for a in g.actions.all()
            ],
        }
        for g in grades
    ]


def quality_part(staff: StaffMember, iso: _Clock) -> dict[str, Any]:
    """data.json's `quality` (reads only)."""
    return {
        "feedback": _feedback(staff, iso),
        "self_assessments": _self_assessments(staff, iso),
        "audits": _audits(staff, iso),
    }


# ---------------------------------------------------------------- the report


def _scores(ratings: list[dict[str, Any]]) -> str:
    """ "1: 4 · 2: 5 ...": each statement by its number in the legend table
    (the statements in full in every row made the table unreadable)."""
    number = {key: n for n, key in enumerate(STATEMENT_KEYS, start=1)}
    return " · ".join(f"{number[r['statement']]}: {r['score']}" for r in ratings) or "—"


def _yes(value: bool) -> str:
    return _("Yes") if value else _("No")


def quality_tables(part: dict[str, Any]) -> list[dict[str, Any]]:
    """report.pdf's tables of the quality part."""
    feedback = part["feedback"]
    no_figure = _("fewer than five responses: no figure")
    legend = []
    if feedback["given"] or feedback["shared_with_me"]:
        legend = [
            _table(
                _("Feedback statements (their numbers in the tables below)"),
                [_("No."), _("Statement"), _("Scale")],
                (
                    (n, STATEMENT_LABELS[key], _("1 strongly disagree to 5 strongly agree"))
                    for n, key in enumerate(STATEMENT_KEYS, start=1)
                ),
            )
        ]
    return [
        *legend,
        _table(
            _("Feedback you gave on supervision"),
            [_("Session"), _("Date"), _("Supervisor"), _("Scores"), _("Comment"), _("Shared")],
            (
                (
                    r["session_id"],
                    r["session_date"],
                    r["supervisor"],
                    _scores(r["ratings"]),
                    _dash(r["comment"]),
                    _yes(r["shared_with_supervisor"]),
                )
                for r in feedback["given"]
            ),
        ),
        _table(
            _("Feedback on your supervision: averages by quarter"),
            [_("Quarter"), _("Statement"), _("Responses"), _("Average (1 to 5)")],
            (
                (
                    q["quarter"],
                    s["label"],
                    _dash(s["responses"]),
                    no_figure if s["mean"] is None else s["mean"],
                )
                for q in feedback["on_my_supervision_by_quarter"]
                for s in q["scores"]
            ),
        ),
        _table(
            _("Feedback shared with you"),
            [_("Session"), _("Date"), _("From"), _("Scores"), _("Comment")],
            (
                (
                    r["session_id"],
                    r["session_date"],
                    r["respondent"],
                    _scores(r["ratings"]),
                    _dash(r["comment"]),
                )
                for r in feedback["shared_with_me"]
            ),
        ),
        _table(
            _("Your self-assessments of the balance of functions"),
            [_("From"), _("To"), _("Share of each function"), _("Reflection")],
            (
                (
                    a["period_start"],
                    a["period_end"],
                    "; ".join(f"{s['label']} {s['percent']}%" for s in a["shares"]),
                    a["reflection"],
                )
                for a in part["self_assessments"]
            ),
        ),
        _table(
            _("Audits of your supervision records"),
            [
                _("Session"),
                _("Audit"),
                _("Auditor"),
                _("Standards"),
                _("Practice domains"),
                _("Findings"),
                _("Followed up"),
            ],
            (
                (
                    f"{g['session_id']} ({g['session_date']})",
                    g["audit"],
                    _dash(g["auditor"]),
                    "; ".join(f"{s['label']}: {s['result_label']}" for s in g["standards"]),
                    "; ".join(f"{d['label']}: {d['grade_label']}" for d in g["domains"]),
                    _dash(g["findings"]),
                    "; ".join(
                        [
                            *(
                                [
                                    _("findings on %(session)s")
                                    % {"session": g["findings_on_session"]}
                                ]
                                if g["findings_on_session"]
                                else []
                            ),
                            *(
                                f"{a['description']} ({a['owner']}, {a['status_label']})"
                                for a in g["actions"]
                            ),
                        ]
                    )
                    or "—",
                )
                for g in part["audits"]
            ),
        ),
    ]


__all__ = ["quality_part", "quality_tables"]
