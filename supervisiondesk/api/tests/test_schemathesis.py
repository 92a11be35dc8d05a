"""Schemathesis against the running API (issue 8, item 4): the demo
organisation served by the live server on 127.0.0.1, fuzzed through its
committed schema as five roles, each with its own token. Every response must
match the schema (status code, content type, body, headers), nothing may be
a server error, unsupported methods answer 405 and a call without the token
is refused. Runs once, on the SQLite pass (`once`): about six minutes in all.

Record ids are drawn at random, so most single-record calls answer 404 (a
documented problem); each record's read is checked as every role in the
authorization matrix instead.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from supervisiondesk.api.services import token_create

SCHEMA = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
        "unsupported_method",
        "ignored_auth",
    ]
)
# The administrator is the one role whose caseload import is not refused
# outright: its fuzzed rows reach the service.
ROLES = ["practitioner", "supervisor", "director", "auditor", "admin"]
# The coverage phase (every boundary value of every parameter: most of the
# time) checks the parameters, which are the same for every role: it runs
# as these two; the others run the examples, fuzzing and stateful phases.
COVERAGE_ROLES = {"supervisor", "admin"}


@pytest.mark.once
class TestSchemathesis:
    def test_the_api_holds_its_schema_for_every_role(self, demo, live_server, tmp_path):
        # One test for the five roles: the live server's test flushes the
        # database afterwards, and the demo is seeded once.
        # One role after another: the test database's SQLite connection is
        # shared by the live server's threads, so calls must not overlap.
        failed = {}
        for username in ROLES:
            process = self.fuzz(username, live_server.url, tmp_path / username)
            try:
                process.wait(timeout=900)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            summary = (tmp_path / f"{username}.out").read_text()[-6000:]
            if process.returncode != 0 or " passed" not in summary or "errored" in summary:
                failed[username] = summary
        assert not failed, "\n\n".join(f"== {who}\n{text}" for who, text in failed.items())

    def fuzz(self, username: str, url: str, report_dir) -> subprocess.Popen:
        """Schemathesis started against the server as `username`."""
        user = get_user_model().objects.get(username=username)
        _token, secret = token_create(
            user=user,
            name="schemathesis",
            scopes=["read", "write", "compliance"],
            expires_on=timezone.localdate() + timedelta(days=2),
            by=user,
        )
        command = [
            str(Path(sys.executable).with_name("schemathesis")),
            "run",
            str(SCHEMA),
            "--url",
            url,
            "--header",
            f"Authorization: Bearer {secret}",
            "--checks",
            CHECKS,
            "--max-examples",
            "8",
            "--seed",
            "20261123",
            "--no-shrink",
            "--phases",
            "examples,coverage,fuzzing,stateful"
            if username in COVERAGE_ROLES
            else "examples,fuzzing,stateful",
            "--workers",
            "1",
            "--request-timeout",
            "30",
            "--generation-database",
            "none",
            "--report",
            "junit",
            "--report-dir",
            str(report_dir),
        ]
        # Output to a file, not a pipe: a full pipe would stall a process
        # while the test waits for another.
        with open(report_dir.parent / f"{username}.out", "w") as out:
            return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
