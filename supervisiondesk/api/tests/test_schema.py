"""The OpenAPI schema: it validates, and the committed copy
(docs/api/openapi.yaml, what integrators read) has not drifted from the
code. Regenerate it with:

    .venv/bin/python manage.py spectacular --validate --fail-on-warn --file docs/api/openapi.yaml
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

COMMITTED = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"
REGENERATE = (
    ".venv/bin/python manage.py spectacular --validate --fail-on-warn --file docs/api/openapi.yaml"
)


@override_settings(LANGUAGE_CODE="en")
def test_the_schema_validates_and_matches_the_committed_copy(tmp_path) -> None:
    generated = tmp_path / "openapi.yaml"
    # --fail-on-warn: a warning (an unresolvable type, an enum name clash)
    # fails the test, so the contract never silently degrades.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))
    assert generated.read_text() == COMMITTED.read_text(), (
        f"docs/api/openapi.yaml is out of date: run {REGENERATE}"
    )


def test_every_operation_declares_its_problem_responses() -> None:
    import yaml

    schema = yaml.safe_load(COMMITTED.read_text())
    public = {"/api/v1/schema/"}
    for path, operations in schema["paths"].items():
        if path in public:
            continue
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"400", "401", "403", "404"} <= codes, (path, method, codes)
            problem = operation["responses"]["404"]["content"]
            assert set(problem) == {"application/problem+json"}, (path, method)
