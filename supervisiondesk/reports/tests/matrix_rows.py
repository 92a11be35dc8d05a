"""The authorization matrix's rows for capacity planning and drift signals
(test_authorization_matrix loads ROWS). Capacity is for the roles that look
after teams (`accounts.roles.TEAM_VIEWING_ROLES`: manager, senior manager,
director); drift signals also for supervisors (`SUPERVISING_ROLES`, their
supervisees). Everyone else, and a login with no staff record, gets 404;
stranger_boss (a senior manager of the other organisation) sees their own.
Which rows each page lists is tested in test_drift_pages.py."""

from __future__ import annotations

from django.urls import reverse

from supervisiondesk.tests.test_authorization_matrix import only

ROWS: dict[str, dict] = {
    "reports:capacity": {"expect": only("manager", "senior", "director", "stranger_boss")},
    # The rows behind a dashboard figure: the teams' part of the dashboard,
    # so TEAM_VIEWING_ROLES only (a supervisor's part links to its own rows).
    "reports:behind": {
        "urls": {"-": lambda name, s: reverse(name, args=["supervised"])},
        "expect": only("manager", "senior", "director", "stranger_boss"),
    },
    "reports:drift": {
        "expect": only("supervisor", "manager", "senior", "director", "stranger_boss")
    },
    # Benchmarks: the teams' part of the dashboard's roles (auditors not:
    # docs/reports.md, "Benchmarks").
    "reports:benchmarks": {"expect": only("manager", "senior", "director", "stranger_boss")},
    # Reports and evidence (views/packs.py): the dashboard's team roles;
    # auditors not (docs/reports.md, "Monthly report and evidence pack").
    "reports:packs": {"expect": only("manager", "senior", "director", "stranger_boss")},
    # A month with no stored figures: the page saying what to run (200).
    "reports:monthly": {
        "urls": {"-": lambda name, s: reverse(name, args=["2024-01"])},
        "expect": only("manager", "senior", "director", "stranger_boss"),
    },
    # With no scope or period: the packs page with the form's errors.
    "reports:evidence": {"expect": only("manager", "senior", "director", "stranger_boss")},
}
