"""The api app's rows of the authorization matrix
(supervisiondesk/tests/test_authorization_matrix.py). The browser's session
signs these calls in (tokens are tested in test_tokens.py: a token acts as
its user). Anonymous calls answer 401, never a redirect to a page.

A record's read follows the same `supervision.access` and `quality.access`
functions as its page, so the expectations are the pages' own (READ, the
quality rows); the people directory follows `privacy.people_rules`.
"""

from __future__ import annotations

from django.urls import reverse

from supervisiondesk.people.models import (
    Absence,
    CasePeriod,
    CategoryPeriod,
    SupervisoryRelationship,
    Team,
)
from supervisiondesk.people.services import absence_add, category_period_add
from supervisiondesk.people.tests.world import START
from supervisiondesk.quality.tests.matrix_rows import ASSESSMENTS, FEEDBACK, SAMPLES
from supervisiondesk.quality.tests.matrix_rows import ROWS as QUALITY_ROWS
from supervisiondesk.tests.matrix_scenario import SIDES, Scenario
from supervisiondesk.tests.test_authorization_matrix import (
    EVERYONE,
    READ,
    STAFF_ONLY,
    WITH_STAFF,
    only,
    side_record,
)
from supervisiondesk.tests.test_authorization_matrix import ROWS as MATRIX_ROWS

UNAUTHORISED = 401


def api(expect: dict) -> dict:
    """The page's expectations, answered as an API answers: 401 anonymous."""
    if all(isinstance(v, dict) for v in expect.values()):
        return {label: api(inner) for label, inner in expect.items()}
    return {
        actor: (UNAUTHORISED if actor == "anonymous" else outcome)
        for actor, outcome in expect.items()
    }


def build(scenario: Scenario) -> None:
    """An absence for each side's supervisee (the world has none), and a
    category for the other organisation's (it has none either)."""
    for side in SIDES:
        person = scenario.side(side).supervisee
        absence_add(staff=person, kind="parental", start_date=START, end_date=START)
        if not CategoryPeriod.objects.filter(staff=person).exists():
            category_period_add(staff=person, category="qualified", start_date=START)


def _row_of(model, **lookup):
    def url(name: str, s: Scenario, side: str) -> str:
        person = s.side(side).supervisee
        values = {k: (person if v == "supervisee" else v) for k, v in lookup.items()}
        if model is CasePeriod:
            values = {"case": s.side(side).case}
        return reverse(name, args=[model.objects.filter(**values).order_by("pk").first().pk])

    return {side: (lambda name, s, side=side: url(name, s, side)) for side in SIDES}


def _team_of_side():
    codes = {"mine": "north", "other_team": "south", "other_org": "away"}
    return {
        side: (lambda name, s, code=code: reverse(name, args=[Team.objects.get(code=code).pk]))
        for side, code in codes.items()
    }


# The people directory (privacy.people_rules). "mine" is the practitioner
# (north team): themself, their supervisor, the manager and senior manager
# who look after north, and the directory roles (director, auditor,
# administrator). "other_team" is the colleague in south: the senior manager
# (the service's teams) and the directory roles. "other_org": its own boss.
DIRECTORY = {
    "mine": only("practitioner", "supervisor", "manager", "senior", "director", "auditor", "admin"),
    "other_team": only("senior", "director", "auditor", "admin"),
    "other_org": only("stranger_boss"),
}
# Absences are personal: the same without the auditor.
ABSENCES = {
    "mine": only("practitioner", "supervisor", "manager", "senior", "director", "admin"),
    "other_team": only("senior", "director", "admin"),
    "other_org": only("stranger_boss"),
}
LISTS = api(only(*EVERYONE))  # a list answers with what the caller may see (maybe nothing)

ROWS: dict[str, dict] = {
    "api:me": {"expect": LISTS},
    # Administrators see and revoke their organisation's tokens.
    "admin:api_apitoken_changelist": {"expect": STAFF_ONLY},
    "api:compliance": {"expect": LISTS},
    # The caseload import: administrators of the organisation only (a form
    # body is not CSV or JSON: 415); everyone else 403, anonymous 401.
    "api:caseload": {
        "method": "POST",
        "expect": only("admin", ok=415, others=403, anonymous=UNAUTHORISED),
    },
    # The schema and its docs are public: the contract holds no data.
    "api:schema": {"expect": only(*EVERYONE, anonymous=200)},
    "api:docs": {"expect": only(*EVERYONE, anonymous=200)},
    # The tokens page: anyone with a staff record (config_only has none).
    "api:tokens": {"expect": only(*WITH_STAFF)},
    "api:token_new": {"method": "POST", "expect": only(*WITH_STAFF, ok=400)},
    # A token that is not the caller's: 404 alike.
    "api:token_revoke": {
        "method": "POST",
        "urls": {"-": lambda name, s: reverse(name, args=[999999])},
        "expect": only(),
    },
    **{
        f"api:{name}-list": {"expect": LISTS}
        for name in (
            "staff",
            "team",
            "relationship",
            "category",
            "absence",
            "case",
            "case-period",
            "agreement",
            "session",
            "case-discussion",
            "action",
            "feedback",
            "self-assessment",
            "audit-sample",
        )
    },
    "api:staff-detail": {
        "urls": {
            side: (lambda name, s, side=side: reverse(name, args=[s.side(side).supervisee.pk]))
            for side in SIDES
        },
        "expect": api(DIRECTORY),
    },
    "api:team-detail": {
        "urls": _team_of_side(),
        # North: everyone who sees one of its people (the practitioner's
        # readers); south: the senior manager and the directory roles.
        "expect": api(DIRECTORY),
    },
    "api:relationship-detail": {
        "urls": _row_of(SupervisoryRelationship, supervisee="supervisee"),
        "expect": api(DIRECTORY),
    },
    "api:category-detail": {
        "urls": _row_of(CategoryPeriod, staff="supervisee"),
        "expect": api(DIRECTORY),
    },
    "api:absence-detail": {"urls": _row_of(Absence, staff="supervisee"), "expect": api(ABSENCES)},
    "api:case-period-detail": {"urls": _row_of(CasePeriod), "expect": api(READ)},
    "api:case-detail": {"urls": side_record("case"), "expect": api(READ)},
    "api:session-detail": {"urls": side_record("session"), "expect": api(READ)},
    "api:case-discussion-detail": {"urls": side_record("discussion"), "expect": api(READ)},
    "api:action-detail": {"urls": side_record("action"), "expect": api(READ)},
    # The agreement page's own readers (supervision.access.agreement_for).
    "api:agreement-detail": {
        "urls": side_record("agreement"),
        "expect": api(MATRIX_ROWS["supervision:agreement"]["expect"]),
    },
    # The same access functions as the quality pages: their expectations.
    "api:feedback-detail": {
        "urls": FEEDBACK,
        "expect": api(QUALITY_ROWS["quality:feedback_response"]["expect"]),
    },
    "api:self-assessment-detail": {
        "urls": ASSESSMENTS,
        "expect": api(QUALITY_ROWS["quality:self_assessment"]["expect"]),
    },
    "api:audit-sample-detail": {
        "urls": SAMPLES,
        "expect": api(QUALITY_ROWS["quality:sample"]["expect"]),
    },
}
