"""The development part of a subject access export (docs/privacy.md,
"Subject access"): what the development records hold about one worker.

All of their own, whole: their learning plan with every goal and review
(whoever wrote it), their competency self-assessments with each area's
rating and evidence, their wellbeing and self-care plan (it is theirs; a
supervisor who helped write it gets nothing of it in their own export),
their CPD log, and every observation of their practice with the observer's
name, account and their reflection.

What they wrote about other workers is about those workers: a review they
wrote of a supervisee's goal or a supervisee's wellbeing plan they helped
with is not in their export. Of the observations they made of another
worker's practice, the export says only that they observed whom and when:
the account itself (setting, what went well, what to develop, the worker's
reflection) is the observed worker's data, and theirs to ask for.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from supervisiondesk.development.models import (
    AreaRating,
    CompetencyAssessment,
    CpdEntry,
    GoalReview,
    LearningGoal,
    LearningPlan,
    PracticeObservation,
    WellbeingPlan,
)
from supervisiondesk.people.models import StaffMember
from supervisiondesk.privacy.subject_access_common import _Clock, _dash, _table, _who

# The wellbeing plan's text, in the order of its page.
WELLBEING_FIELDS = ("what_helps", "early_signs", "organisation_can_do", "agreed_support")


def _learning_plan(staff: StaffMember, iso: _Clock) -> dict[str, Any] | None:
    plan = (
        LearningPlan.objects.filter(worker=staff)
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=LearningGoal.objects.select_related(
                    "created_by__staff_member"
                ).prefetch_related(
                    Prefetch(
                        "reviews",
                        queryset=GoalReview.objects.select_related(
                            "session", "by__staff_member"
                        ).order_by("reviewed_on", "pk"),
                    )
                ),
            )
        )
        .first()
    )
    if plan is None:
        return None
    return {
        "created_at": iso(plan.created_at),
        "goals": [
            {
                "title": g.title,
                "actions": g.actions,
                "target_on": iso(g.target_on),
                "completed_on": iso(g.completed_on),
                "created_by": _who(g.created_by),
                "reviews": [
                    {
                        "reviewed_on": iso(r.reviewed_on),
                        "notes": r.notes,
                        "session_id": r.session.session_id if r.session_id else None,
                        "by": _who(r.by),
                    }
                    for r in g.reviews.all()
                ],
            }
            for g in plan.goals.all()
        ],
    }


def _competency(staff: StaffMember, iso: _Clock) -> list[dict[str, Any]]:
    assessments = (
        CompetencyAssessment.objects.filter(worker=staff)
        .select_related("framework")
        .prefetch_related(
            Prefetch("ratings", queryset=AreaRating.objects.select_related("area")),
        )
        .order_by("assessed_on", "pk")
    )
    return [
        {
            "framework": a.framework.title,
            "assessed_on": iso(a.assessed_on),
            "reassess_on": iso(a.reassess_on),
            "reflection": a.reflection,
            "ratings": [
                {
                    "area_number": r.area.number,
                    "area": r.area.title,
                    "rating": r.rating,
                    "rating_label": r.get_rating_display(),
                    "evidence": r.evidence,
                }
                for r in a.ratings.all()
            ],
        }
        for a in assessments
    ]


def _wellbeing(staff: StaffMember, iso: _Clock) -> dict[str, Any] | None:
    # Only the subject's own plan: another worker's never enters this query.
    plan = (
        WellbeingPlan.objects.filter(worker=staff)
        .select_related("updated_by__staff_member")
        .first()
    )
    if plan is None:
        return None
    return {
        **{name: getattr(plan, name) for name in WELLBEING_FIELDS},
        "review_on": iso(plan.review_on),
        "updated_by": _who(plan.updated_by),
        "created_at": iso(plan.created_at),
        "updated_at": iso(plan.updated_at),
    }


def _cpd(staff: StaffMember, iso: _Clock) -> list[dict[str, Any]]:
    return [
        {
            "date": iso(e.date),
            "title": e.title,
            "hours": str(e.hours),
            "learning": e.learning,
            "practice_change": e.practice_change,
            "evidence": e.evidence,
            "session_id": e.session.session_id if e.session_id else None,
        }
        for e in CpdEntry.objects.filter(worker=staff)
        .select_related("session")
        .order_by("date", "pk")
    ]


def _observations(staff: StaffMember, iso: _Clock) -> tuple[list[dict], list[dict]]:
    of_me = (
        PracticeObservation.objects.filter(worker=staff)
        .select_related("observer")
        .order_by("observed_on", "pk")
    )
    by_me = (
        PracticeObservation.objects.filter(observer=staff)
        .select_related("worker")
        .order_by("observed_on", "pk")
    )
    return (
        [
            {
                "observed_on": iso(o.observed_on),
                "observer": o.observer.name,
                "setting": o.setting,
                "went_well": o.went_well,
                "to_develop": o.to_develop,
                "reflection": o.reflection,
                "reflected_at": iso(o.reflected_at),
            }
            for o in of_me
        ],
        # About the other worker: that it happened, not what it said.
        [{"observed_on": iso(o.observed_on), "worker": o.worker.name} for o in by_me],
    )


def development_part(staff: StaffMember, iso: _Clock) -> dict[str, Any]:
    """data.json's `development` (reads only)."""
    of_me, by_me = _observations(staff, iso)
    return {
        "learning_plan": _learning_plan(staff, iso),
        "competency_assessments": _competency(staff, iso),
        "wellbeing_plan": _wellbeing(staff, iso),
        "cpd_log": _cpd(staff, iso),
        "observations_of_my_practice": of_me,
        "observations_i_made": by_me,
    }


# ---------------------------------------------------------------- the report


def _wellbeing_rows(plan: dict[str, Any] | None) -> list[tuple[str, Any]]:
    if plan is None:
        return []
    labels = {name: WellbeingPlan._meta.get_field(name).verbose_name for name in WELLBEING_FIELDS}
    rows = [(capfirst(str(labels[name])), _dash(plan[name])) for name in WELLBEING_FIELDS]
    rows.append((_("Review by"), _dash(plan["review_on"])))
    rows.append((_("Last changed"), f"{plan['updated_at']} ({_dash(plan['updated_by'])})"))
    return rows


def development_tables(part: dict[str, Any]) -> list[dict[str, Any]]:
    """report.pdf's tables of the development part."""
    plan = part["learning_plan"]
    return [
        _table(
            _("Your learning goals"),
            [_("Goal"), _("Actions"), _("Target date"), _("Completed on"), _("Reviews")],
            (
                (
                    g["title"],
                    _dash(g["actions"]),
                    g["target_on"],
                    _dash(g["completed_on"]),
                    " · ".join(
                        f"{r['reviewed_on']} ({_dash(r['by'])}): {r['notes']}" for r in g["reviews"]
                    )
                    or "—",
                )
                for g in (plan["goals"] if plan else [])
            ),
        ),
        _table(
            _("Your competency self-assessments"),
            [_("Framework"), _("Assessed on"), _("Assess again by"), _("Ratings"), _("Reflection")],
            (
                (
                    a["framework"],
                    a["assessed_on"],
                    a["reassess_on"],
                    "; ".join(
                        f"{r['area_number']}. {r['area']}: {r['rating_label']}"
                        for r in a["ratings"]
                    ),
                    _dash(a["reflection"]),
                )
                for a in part["competency_assessments"]
            ),
        ),
        _table(
            _("Your wellbeing and self-care plan"),
            [_("Question"), _("Answer")],
            _wellbeing_rows(part["wellbeing_plan"]),
        ),
        _table(
            _("Your CPD log"),
            [
                _("Date"),
                _("Title"),
                _("Hours"),
                _("What I learnt"),
                _("How it changed my practice"),
                _("Evidence"),
                _("Session"),
            ],
            (
                (
                    e["date"],
                    e["title"],
                    e["hours"],
                    e["learning"],
                    _dash(e["practice_change"]),
                    _dash(e["evidence"]),
                    _dash(e["session_id"]),
                )
                for e in part["cpd_log"]
            ),
        ),
        _table(
            _("Observations of your practice"),
            [
                _("Observed on"),
                _("Observer"),
                _("Setting"),
                _("What went well"),
                _("What to develop"),
                _("Your reflection"),
            ],
            (
                (
                    o["observed_on"],
                    o["observer"],
                    o["setting"],
                    o["went_well"],
                    o["to_develop"],
                    _dash(o["reflection"]),
                )
                for o in part["observations_of_my_practice"]
            ),
        ),
        _table(
            _("Observations you made of other workers' practice (who and when only)"),
            [_("Observed on"), _("Worker")],
            ((o["observed_on"], o["worker"]) for o in part["observations_i_made"]),
        ),
    ]


__all__ = ["development_part", "development_tables"]
