"""Keeps every page closed to a signed-in user who still owes a second factor."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from supervisiondesk.accounts.two_factor import (
    SESSION_NO_SECOND_FACTOR,
    has_confirmed_device,
    is_verified,
    two_factor_required,
)


def step_url(name: str, next_url: str | None) -> str:
    url = reverse(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware. A signed-in user who is not verified
    this session goes to the code page if they have an authenticator app
    (whether or not their role requires one), or to the setup page if their
    role requires two factors and they have none yet. Signing in and out,
    the two-factor pages, static files, the language switch and the
    keep-alive stay open. Whether an optional user owes nothing is noted in
    the session at sign-in (`two_factor.no_second_factor_remember`): an app
    set up elsewhere counts from their next sign-in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def open_paths(self) -> frozenset[str]:
        names = (
            "accounts:login",
            "accounts:logout",
            "accounts:two_factor",
            "accounts:two_factor_verify",
            "accounts:keepalive",
            "set_language",
        )
        return frozenset(reverse(name) for name in names)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            not user.is_authenticated
            or request.path in self.open_paths
            or request.path.startswith(settings.STATIC_URL)
            or is_verified(user)
        ):
            return self.get_response(request)
        next_url = request.get_full_path() if request.method == "GET" else None
        if two_factor_required(user):  # read every time: roles may change
            step = (
                "accounts:two_factor_verify"
                if has_confirmed_device(user)
                else "accounts:two_factor"
            )
            return HttpResponseRedirect(step_url(step, next_url))
        if request.session.get(SESSION_NO_SECOND_FACTOR):
            return self.get_response(request)
        if has_confirmed_device(user):
            return HttpResponseRedirect(step_url("accounts:two_factor_verify", next_url))
        request.session[SESSION_NO_SECOND_FACTOR] = True
        return self.get_response(request)
