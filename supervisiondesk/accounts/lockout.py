"""Throttling with django-axes: after AXES_FAILURE_LIMIT failed sign-ins (a
wrong password or a wrong second-factor code) for one user name, that user
name is locked for AXES_COOLOFF_MINUTES. This module draws the page that
says so, and counts the failed codes of the second step."""

from __future__ import annotations

from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_credentials, get_failure_limit
from axes.models import AccessAttempt
from django.contrib.auth import logout
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

LOCKOUT_STATUS = 429


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: what happened, when to try again, who unlocks."""
    username = get_client_username(request, credentials) or ""
    cool_off: timedelta | None = get_cool_off(request)
    until = None
    if cool_off is not None:
        last = AccessAttempt.objects.filter(username=username).aggregate(last=Max("attempt_time"))[
            "last"
        ]
        until = (last or timezone.now()) + cool_off
    minutes = None
    if until is not None:
        minutes = max(1, int((until - timezone.now()).total_seconds() + 59) // 60)
    context = {
        "username": username,
        "failure_limit": get_failure_limit(request, credentials),
        "until": until,
        "minutes": minutes,
    }
    response = render(request, "accounts/lockout.html", context, status=LOCKOUT_STATUS)
    response["Cache-Control"] = "no-store"
    return response


def is_locked_out(request: HttpRequest, user: AbstractBaseUser) -> bool:
    return AxesProxyHandler.is_locked(request, get_credentials(user.get_username()))


def second_factor_failed(request: HttpRequest, user: AbstractBaseUser) -> bool:
    """Count a wrong code as a failed sign-in for the user name (axes and the
    access log both listen); True when that locked the account, which then
    also signs the half-signed-in session out."""
    user_login_failed.send(
        sender=__name__,
        credentials=get_credentials(user.get_username()),
        request=request,
        second_factor_user=user,
    )
    if getattr(request, "axes_locked_out", False):
        logout(request)
        return True
    return False


def failures_reset(user: AbstractBaseUser) -> None:
    """A complete sign-in (both factors, where needed) forgets earlier failures."""
    AxesProxyHandler.reset_attempts(username=user.get_username())


def lockout_for(request: HttpRequest, user: AbstractBaseUser) -> HttpResponse:
    """Sign the session out and show the lockout page."""
    credentials = get_credentials(user.get_username())
    logout(request)
    return lockout_response(request, None, credentials)
