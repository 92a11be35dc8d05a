"""Sessions end after SESSION_IDLE_MINUTES without a request; pages warn first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

KEEPALIVE = reverse("accounts:keepalive")


def test_the_session_lasts_the_idle_time_from_the_last_request() -> None:
    from supervisiondesk import settings as module

    assert module.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is False


def expiry(client) -> timezone.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_keepalive_restarts_the_idle_time(client, world) -> None:
    client.force_login(world.users["practitioner"])
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    response = client.get(KEEPALIVE)
    assert response.status_code == 204 and "no-store" in response["Cache-Control"]
    assert expiry(client) > timezone.now() + timedelta(minutes=29)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60
    assert client.post(KEEPALIVE).status_code == 405


def test_keepalive_after_the_session_ended_says_so(client, world) -> None:
    assert client.get(KEEPALIVE).status_code == 403


def test_an_expired_session_signs_out(client, world) -> None:
    client.force_login(world.users["practitioner"])
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))


def test_signed_in_pages_carry_the_idle_time_and_the_warning(client, world) -> None:
    anonymous = client.get(reverse("accounts:login")).content.decode()
    assert "data-session-idle-seconds" not in anonymous
    assert "session-timeout.js" not in anonymous
    client.force_login(world.users["practitioner"])
    page = client.get(reverse("home")).content.decode()
    assert 'data-session-idle-seconds="1800"' in page
    assert f'data-keepalive-url="{KEEPALIVE}"' in page
    assert '<div id="session-timeout"></div>' in page
    template = page.split('<template id="session-timeout-template">')[1].split("</template>")[0]
    assert '<div class="session-timeout" role="alert">' in template
    assert "you will be signed out within two minutes" in template
    assert "Stay signed in" in template
    assert '<script src="/static/js/session-timeout.js" defer></script>' in page


def test_the_login_page_says_why_after_a_timeout(client) -> None:
    page = client.get(reverse("accounts:login") + "?timeout=1&next=/").content.decode()
    assert "You were signed out because you had not used Supervision Desk for a while" in page
