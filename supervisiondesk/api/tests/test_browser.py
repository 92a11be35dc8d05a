"""The API's documentation page in Chromium: Swagger UI and the schema are
served by the app itself (drf-spectacular-sidecar), so the page loads with
no request leaving 127.0.0.1 (the `page` fixture aborts and reports any)."""

from __future__ import annotations

import pytest

from conftest import screenshot


@pytest.mark.browser
def test_the_api_docs_load_from_the_app_alone(page, live_server, db) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/api/v1/docs/")
    # Swagger UI has fetched the schema and drawn every operation.
    page.wait_for_selector("text=/api/v1/compliance/", timeout=15000)
    assert page.locator(".opblock").count() >= 30
    assert page.locator("text=Supervision Desk API").first.is_visible()
    screenshot(page, "api-docs")
    assert not errors, errors
