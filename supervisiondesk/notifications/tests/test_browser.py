"""In Chromium: the scheduler and worker make the supervisor's reminders;
the bell in the header counts them, the list shows them, opening one marks
it read and goes to its page, and "Mark all as read" empties the count."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import screenshot
from supervisiondesk.accounts.tests.otp import browser_sign_in as sign_in
from supervisiondesk.jobs.services import jobs_run
from supervisiondesk.notifications.models import Notification
from supervisiondesk.notifications.tests.test_services import session
from supervisiondesk.supervision.services.common import organisation_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bell_and_the_list(page, live_server, world, mailoutbox) -> None:
    planned = session(world, organisation_today(world.organisation) + timedelta(days=1))
    jobs_run(now=timezone.now())
    mine = Notification.objects.filter(recipient=world.users["supervisor"])
    unread = mine.count()
    assert unread >= 2  # the session tomorrow, and the engine's overdue supervision

    sign_in(page, live_server, "supervisor")
    bell = page.get_by_role("link", name=re.compile(r"^Notifications"))
    assert bell.inner_text().strip() == f"Notifications {unread} unread"
    bell.click()
    page.wait_for_url("**/notifications/")
    assert page.get_by_role("heading", name="Notifications").is_visible()
    items = page.locator("li.notification")
    assert items.count() == unread
    assert page.locator("li.notification.unread").count() == unread
    tomorrow = page.get_by_role("button", name=re.compile(r"^Supervision on .* with "))
    screenshot(page, "notifications-list")

    tomorrow.click()  # marks it read and opens the session
    page.wait_for_url(f"**/supervision/sessions/{planned.pk}/")
    assert bell.inner_text().strip() == f"Notifications {unread - 1} unread"

    page.goto(f"{live_server.url}/notifications/")
    assert page.locator("li.notification.unread").count() == unread - 1
    page.get_by_role("button", name="Mark all as read").click()
    page.wait_for_url("**/notifications/")
    assert page.get_by_text(f"Marked {unread - 1} as read.").is_visible()
    assert bell.inner_text().strip() == "Notifications"
    assert page.locator("li.notification.unread").count() == 0
    screenshot(page, "notifications-read")
