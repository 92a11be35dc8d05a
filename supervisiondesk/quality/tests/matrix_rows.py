"""The quality app's rows of the authorization matrix
(supervisiondesk/tests/test_authorization_matrix.py), and `build`, which adds
its records to the matrix scenario as `scenario.extra["quality"]`.

On the "mine" side: two earlier held sessions of supervisor with
practitioner, each with the practitioner's feedback (one shared with the
supervisor, one not); an audit sample drawn by the auditor from the north
team's records of the last ten days before today (those two sessions; not
the scenario's session of today, so the auditor reads nothing more of the
main rows), one record graded with an action; the supervisor's
self-assessment. On the other sides: the colleague's feedback on
other_supervisor (south team) and the stranger's unshared feedback on
boss (stranger_boss) of the other organisation, and a self-assessment of
each supervisor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.urls import reverse

from supervisiondesk.quality.models import (
    AuditGrade,
    AuditSample,
    FeedbackResponse,
    SelfAssessment,
)
from supervisiondesk.quality.services import (
    audit_action_add,
    audit_grade_save,
    audit_sample_draw,
    feedback_give,
    self_assessment_add,
)
from supervisiondesk.quality.tests.helpers import feedback_row, make_session
from supervisiondesk.quality.vocabulary import DOMAIN_KEYS, STANDARD_KEYS
from supervisiondesk.supervision.models import SupervisionSession
from supervisiondesk.supervision.services.common import organisation_today
from supervisiondesk.tests.matrix_scenario import Scenario
from supervisiondesk.tests.test_authorization_matrix import PAGE, WITH_STAFF, only, side_record

SHARES = {"managerial": 40, "development": 20, "support": 30, "mediation": 10}


@dataclass
class QualityRecords:
    answered: SupervisionSession  # the practitioner gave feedback on it (unshared)
    unshared: FeedbackResponse
    shared: FeedbackResponse
    other_team: FeedbackResponse
    other_org: FeedbackResponse
    sample: AuditSample  # drawn: north team, the last ten days before today
    grade: AuditGrade
    assessments: dict[str, SelfAssessment]


def _assessment(supervisor, **kwargs) -> SelfAssessment:
    today = organisation_today(supervisor.organisation)
    row = SelfAssessment(
        supervisor=supervisor,
        period_start=today - timedelta(days=90),
        period_end=today,
        shares=SHARES,
        reflection="Mostly case management this quarter.",
        **kwargs,
    )
    row.full_clean()
    row.save()
    return row


def build(scenario: Scenario) -> None:
    world = scenario.world
    org = world.organisation
    today = organisation_today(org)
    staff, users = world.staff, world.users
    answered = make_session(
        supervisor=staff["supervisor"],
        attendees=[staff["practitioner"]],
        day=today - timedelta(days=3),
    )
    other = make_session(
        supervisor=staff["supervisor"],
        attendees=[staff["practitioner"]],
        day=today - timedelta(days=5),
    )
    ratings = dict.fromkeys(("preparation", "support"), 4)
    unshared = feedback_give(
        session=answered,
        ratings=ratings,
        comment="Helpful.",
        shared_with_supervisor=False,
        by=users["practitioner"],
    )
    shared = feedback_give(
        session=other,
        ratings=ratings,
        comment="Shared.",
        shared_with_supervisor=True,
        by=users["practitioner"],
    )
    south = make_session(
        supervisor=staff["other_supervisor"],
        attendees=[staff["colleague"]],
        day=today - timedelta(days=4),
    )
    away = scenario.side("other_org")
    away_session = make_session(
        supervisor=away.supervisor, attendees=[away.supervisee], day=today - timedelta(days=4)
    )
    sample = audit_sample_draw(
        team=staff["supervisor"].memberships.get().team,
        period_start=today - timedelta(days=10),
        period_end=today - timedelta(days=1),
        size=1,
        seed=7,
        auditor=users["auditor"],
        by=users["auditor"],
    )
    graded = sample.sessions.get()
    grade = audit_grade_save(
        sample=sample,
        session=graded,
        standards=dict.fromkeys(STANDARD_KEYS, "met"),
        domains=dict.fromkeys(DOMAIN_KEYS, "good"),
        findings="",
        by=users["auditor"],
    )
    audit_action_add(
        grade=grade,
        description="Write the case discussions in full.",
        owner=staff["supervisor"],
        due_on=today + timedelta(days=28),
        by=users["auditor"],
    )
    scenario.extra["quality"] = QualityRecords(
        answered=answered,
        unshared=unshared,
        shared=shared,
        other_team=feedback_row(session=south, respondent=staff["colleague"]),
        other_org=feedback_row(session=away_session, respondent=away.supervisee),
        sample=sample,
        grade=grade,
        assessments={
            "mine": self_assessment_add(
                supervisor=staff["supervisor"],
                period_start=today - timedelta(days=90),
                period_end=today,
                shares=SHARES,
                reflection="Mostly case management.",
                by=users["supervisor"],
            ),
            "other_team": _assessment(staff["other_supervisor"]),
            "other_org": _assessment(away.supervisor),
        },
    )


def quality(scenario: Scenario) -> QualityRecords:
    return scenario.extra["quality"]


def _url(pk):
    return lambda name, s: reverse(name, args=[pk(quality(s))])


def _grade_url(session):
    return lambda name, s: reverse(name, args=[quality(s).sample.pk, session(s).pk])


SAMPLES = {
    "drawn": _url(lambda q: q.sample.pk),
    "assigned": lambda name, s: reverse(name, args=[s.sample.pk]),
}
GRADING = {
    "graded": _grade_url(lambda s: quality(s).grade.session),
    # A record outside the sample: not gradable, whoever asks.
    "outside": _grade_url(lambda s: s.side("mine").session),
}
FEEDBACK = {
    "unshared": _url(lambda q: q.unshared.pk),
    "shared": _url(lambda q: q.shared.pk),
    "other_team": _url(lambda q: q.other_team.pk),
    "other_org": _url(lambda q: q.other_org.pk),
}
GIVING = side_record("session") | {"answered": _url(lambda q: q.answered.pk)}
ASSESSMENTS = {
    side: _url(lambda q, side=side: q.assessments[side].pk)
    for side in ("mine", "other_team", "other_org")
}
SUPERVISING = ("supervisor", "manager", "senior", "stranger_boss")
GIVE = {
    "mine": only("practitioner"),
    "other_team": only(),
    "other_org": only(),
    # Given already: on to the response.
    "answered": only("practitioner", ok=302),
}

ROWS: dict[str, dict] = {
    # ------------------------------------------------------------ quality: audits
    # The auditor draws (auditors draw their own samples).
    "quality:sample_draw": {
        "expect": only("auditor"),
        "post": {"expect": only("auditor")},  # an empty form comes back with its errors
    },
    # Its auditor; the senior managers of the sampled team's service (north:
    # senior). An assigned sample names no team: its auditor only.
    "quality:sample": {
        "urls": SAMPLES,
        "expect": {"drawn": only("auditor", "senior"), "assigned": only("auditor")},
    },
    # Not every record is graded: refused with a message, back to the sample.
    "quality:sample_complete": {
        "method": "POST",
        "urls": SAMPLES,
        "expect": {"drawn": only("auditor", ok=302), "assigned": only("auditor", ok=302)},
    },
    # Its auditor, on a record of the sample (read through the record rules,
    # which the sample opens); POST with an empty form shows its errors.
    "quality:grade": {
        "urls": GRADING,
        "expect": {"graded": only("auditor"), "outside": only()},
        "post": {"expect": {"graded": only("auditor"), "outside": only()}},
    },
    "quality:grade_action_add": {
        "method": "POST",
        "urls": GRADING,
        "expect": {"graded": only("auditor", ok=302), "outside": only()},
    },
    # Counts only: auditors and directors (organisation), senior managers
    # and managers (their teams).
    "quality:audit_results": {
        "expect": only("auditor", "director", "senior", "manager", "stranger_boss")
    },
    # ------------------------------------------------------------ quality: feedback
    "quality:feedback_mine": {"expect": only(*WITH_STAFF)},
    # A supervisee of the held session (the practitioner of "mine"; the other
    # sides' supervisees have no login). POST with no rating: the form again.
    "quality:feedback_give": {"urls": GIVING, "expect": GIVE, "post": {"expect": GIVE}},
    # The supervisee; the supervisor only if shared; the supervisor's line
    # manager and the service's senior managers; never the supervisor's own
    # overseers' view of unshared feedback about themselves (stranger_boss on
    # other_org). Directors and auditors: none.
    "quality:feedback_response": {
        "urls": FEEDBACK,
        "expect": {
            "unshared": only("practitioner", "manager", "senior"),
            "shared": only("practitioner", "supervisor", "manager", "senior"),
            "other_team": only("senior"),
            "other_org": only(),
        },
    },
    "quality:feedback_on_me": {"expect": only(*SUPERVISING)},
    "quality:feedback_supervisors": {
        "urls": PAGE,
        "expect": only("manager", "senior", "director", "stranger_boss"),
    },
    # ------------------------------------------------------------ quality: self-assessment
    "quality:self_assessments": {"expect": only(*SUPERVISING)},
    "quality:self_assessment_new": {
        "expect": only(*SUPERVISING),
        "post": {"expect": only(*SUPERVISING)},  # the form again, with its errors
    },
    # The supervisor and their line manager (a manager).
    "quality:self_assessment": {
        "urls": ASSESSMENTS,
        "expect": {
            "mine": only("supervisor", "manager"),
            "other_team": only(),
            "other_org": only("stranger_boss"),
        },
    },
}
