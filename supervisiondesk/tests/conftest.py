"""The authorization matrix's world and scenario, shared by the matrix
(test_authorization_matrix) and the sweep of every page in the browser
(test_accessibility)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import override_settings

from supervisiondesk.people.tests.world import build_world
from supervisiondesk.tests.matrix_scenario import Scenario, build_scenario


def build_matrix_scenario() -> Scenario:
    # The apps' own rows build their records too (imported here: the matrix
    # module collects them when imported).
    from supervisiondesk.tests.test_authorization_matrix import APP_ROW_MODULES

    scenario = build_scenario(build_world())
    for module in APP_ROW_MODULES:
        if hasattr(module, "build"):
            module.build(scenario)
    return scenario


@pytest.fixture(scope="module")
def matrix_scenario(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Scenario]:
    """The world and the scenario, once for the module (like conftest's
    demo_seeded): inside a transaction rolled back after the module, each
    test in a savepoint (pytest-django's `db`) rolled back after the test."""
    fixed = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("matrix-media"),  # the genogram
        # Before the suite's function-level settings: hash as the tests do.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with django_db_blocker.unblock(), transaction.atomic(), fixed:
        yield build_matrix_scenario()
        transaction.set_rollback(True)


@pytest.fixture
def scenario(matrix_scenario, db) -> Scenario:
    return matrix_scenario
