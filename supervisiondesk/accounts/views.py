"""Sign in (password, then a second factor), sign out, password change,
two-factor set-up and recovery codes, and the keep-alive of the idle timer."""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from supervisiondesk.accounts import lockout
from supervisiondesk.accounts.forms import CodeForm, LanguageForm
from supervisiondesk.accounts.languages import chosen_language, language_for
from supervisiondesk.accounts.middleware import step_url
from supervisiondesk.accounts.services import preferences_update
from supervisiondesk.accounts.signals import (
    SECOND_FACTOR,
    SECOND_FACTOR_RECOVERY_CODE,
    log_sign_in,
)
from supervisiondesk.accounts.two_factor import (
    code_check,
    confirmed_device,
    device_confirm,
    has_confirmed_device,
    is_verified,
    pending_code_check,
    pending_device,
    recovery_codes_left,
    recovery_codes_replace,
    secret_for_manual_entry,
    session_verify,
    two_factor_remove,
    two_factor_required,
)


def wait_message() -> str:
    return _("Several wrong codes in a row: wait a few seconds, then try again.")


# Few enough recovery codes left to say so after one is used.
RECOVERY_CODES_LOW = 3


def safe_next(request: HttpRequest) -> str:
    """The `next` of the request if it stays on this site, else the home page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def second_step(request: HttpRequest, next_url: str) -> str | None:
    """Where a signed-in user goes before `next_url`, if they owe a second factor."""
    user = request.user
    if is_verified(user):
        return None
    if has_confirmed_device(user):
        return step_url("accounts:two_factor_verify", next_url)
    if two_factor_required(user):
        return step_url("accounts:two_factor", next_url)
    return None


class LoginView(auth_views.LoginView):
    """The first step: the password. Then the code page (or, for a role that
    needs two factors and has none yet, the set-up page), keeping `next`."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form) -> HttpResponse:
        auth_login(self.request, form.get_user())
        url = super().get_success_url()
        step = second_step(self.request, url)
        if step is None:  # signed in completely
            lockout.failures_reset(self.request.user)
        return HttpResponseRedirect(step or url)

    def get_success_url(self) -> str:
        url = super().get_success_url()
        return second_step(self.request, url) or url


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's own sign-in page is ours, with its two factors. A signed-in
    user the admin turned away goes home rather than round in a circle."""
    if request.user.is_authenticated:
        messages.error(request, _("Configuration is for administrators only."))
        return redirect("home")
    query = {"next": request.GET["next"]} if request.GET.get("next") else {}
    url = reverse("accounts:login")
    return HttpResponseRedirect(f"{url}?{urlencode(query)}" if query else url)


def recovery_codes_page(request: HttpRequest, codes: list[str], *, first: bool) -> HttpResponse:
    """The only time the codes are shown: the response is never cached."""
    response = render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "first": first, "next": safe_next(request)},
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app, or see it and the recovery codes once set up."""
    user = request.user
    device = confirmed_device(user)
    if device is not None:
        if not is_verified(user):
            return redirect(step_url("accounts:two_factor_verify", request.get_full_path()))
        return render(
            request,
            "accounts/two_factor.html",
            {
                "device": device,
                "required": two_factor_required(user),
                "codes_left": recovery_codes_left(user),
            },
        )
    pending = pending_device(user)
    form = CodeForm(
        request.POST or None,
        numeric=True,
        help_text=_("The six digits your app shows now."),
    )
    if request.method == "POST" and form.is_valid():
        check = pending_code_check(pending, form.cleaned_data["code"])
        if check.device is not None:
            codes = device_confirm(check.device)
            session_verify(request, check.device)
            lockout.failures_reset(user)
            return recovery_codes_page(request, codes, first=True)
        if check.throttled:
            form.add_error("code", wait_message())
        else:
            form.add_error(
                "code",
                _(
                    "That code does not match. Check that the app shows the account "
                    "you just added, and type the code it shows now."
                ),
            )
    qr = segno.make(pending.config_url, error="m")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_uri": qr.svg_data_uri(scale=5, border=2, dark="#000", light="#fff"),
            "secret": secret_for_manual_entry(pending),
            "required": two_factor_required(user),
            "next": request.POST.get("next") or request.GET.get("next") or "",
        },
    )


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    user = request.user
    next_url = safe_next(request)
    if is_verified(user):
        return redirect(next_url)
    if not has_confirmed_device(user):
        if two_factor_required(user):
            return redirect(step_url("accounts:two_factor", next_url))
        return redirect(next_url)
    if lockout.is_locked_out(request, user):
        return lockout.lockout_for(request, user)
    form = CodeForm(
        request.POST or None,
        help_text=_("Six digits from your authenticator app, or one of your recovery codes."),
    )
    if request.method == "POST" and form.is_valid():
        check = code_check(user, form.cleaned_data["code"])
        if check.device is not None:
            session_verify(request, check.device)
            lockout.failures_reset(user)
            log_sign_in(
                user=user,
                detail=SECOND_FACTOR_RECOVERY_CODE if check.used_recovery_code else SECOND_FACTOR,
            )
            if check.used_recovery_code:
                left = recovery_codes_left(user)
                text = ngettext(
                    "You signed in with a recovery code; it cannot be used again. "
                    "You have %(left)d recovery code left.",
                    "You signed in with a recovery code; it cannot be used again. "
                    "You have %(left)d recovery codes left.",
                    left,
                ) % {"left": left}
                if left <= RECOVERY_CODES_LOW:
                    text += " " + _("Make new ones from Two-factor sign-in.")
                messages.warning(request, text)
            return redirect(next_url)
        if check.throttled:
            form.add_error("code", wait_message())
        else:
            if lockout.second_factor_failed(request, user):
                return lockout.lockout_response(request, None, {"username": user.get_username()})
            form.add_error("code", _("That code is not right, or it has already been used."))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next") or ""},
    )


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Make new recovery codes (shown once); the old ones stop working."""
    user = request.user
    if not has_confirmed_device(user):
        return redirect("accounts:two_factor")
    if request.method == "POST":
        return recovery_codes_page(request, recovery_codes_replace(user), first=False)
    return render(
        request, "accounts/recovery_codes_new.html", {"codes_left": recovery_codes_left(user)}
    )


@require_POST
@login_required
def two_factor_off(request: HttpRequest) -> HttpResponse:
    """Switch two-factor sign-in off, where the user's roles allow it."""
    user = request.user
    if two_factor_required(user):
        messages.error(
            request, _("Your role requires two-factor sign-in: it cannot be switched off.")
        )
        return redirect("accounts:two_factor")
    two_factor_remove(user)
    messages.success(
        request,
        _("Two-factor sign-in is off. You can switch it on again from Two-factor sign-in."),
    )
    return redirect("home")


@require_GET
def keepalive(request: HttpRequest) -> HttpResponse:
    """The "Stay signed in" button: touching the session restarts the idle
    timer (204). A session that has already ended answers 403, and the page
    goes to sign in."""
    if not request.user.is_authenticated:
        response = HttpResponse(status=403)
    else:
        request.session.modified = True
        response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def language(request: HttpRequest) -> HttpResponse:
    """The language a person reads, or their organisation's."""
    organisation = getattr(request, "organisation", None)
    form = LanguageForm(
        request.POST or None,
        initial={"language": chosen_language(request.user)},
        organisation_language=organisation.language if organisation else "",
    )
    if request.method == "POST" and form.is_valid():
        request.user.preferences = preferences_update(
            user=request.user, language=form.cleaned_data["language"]
        )
        # The confirmation in the language the next page will be in.
        chosen = language_for(
            request.user,
            organisation,
            picked=request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
            fallback=translation.get_language_from_request(request),
        )
        with translation.override(chosen):
            messages.success(request, _("Language saved."))
        return redirect("accounts:language")
    return render(request, "accounts/language.html", {"form": form})
