"""The OpenAPI schema's additions: every operation declares the problem
details it may answer, so a client (and Schemathesis) knows every body."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema

from supervisiondesk.api.problems import PROBLEM, ProblemSerializer

# Every operation: not signed in, not allowed (a scope, a role), not found
# (or not yours), a method it does not have, an Accept it cannot answer.
ALWAYS = ("401", "403", "404", "405", "406")


class ProblemAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = list(ALWAYS)
        # Filters, paging and bodies are checked: 400 with field errors.
        codes.append("400")
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append("415")
        for code in codes:
            responses.setdefault(
                code,
                self._get_response_for_code(ProblemSerializer, code, media_types=[PROBLEM]),
            )
        return responses
