"""The API tokens page: a user makes their personal access tokens (shown
once), sees when each was last used, and revokes them. An administrator
revokes anyone's in their organisation from the configuration pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervisiondesk.api import selectors, services
from supervisiondesk.api.forms import TokenForm
from supervisiondesk.api.models import ApiToken
from supervisiondesk.supervision import access as supervision_access
from supervisiondesk.supervision.services.common import NotAllowed

# The new token waits here between the POST that made it and the page that
# shows it once (the GET takes it out of the session).
NEW_TOKEN_KEY = "api_new_token"


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    supervision_access.staff_of(request.user)  # 404 for a login with no staff record
    shown = request.session.pop(NEW_TOKEN_KEY, None)
    return _no_store(
        render(
            request,
            "api/tokens.html",
            {
                "tokens": selectors.tokens_of(user=request.user),
                "form": TokenForm(),
                "new_token": shown,
                "docs_url": reverse("api:docs"),
            },
        )
    )


@require_POST
@login_required
def token_new(request: HttpRequest) -> HttpResponse:
    supervision_access.staff_of(request.user)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, secret = services.token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_on=form.cleaned_data["expires_on"],
                by=request.user,
            )
        except NotAllowed as error:
            form.add_error("expires_on", str(error))
        else:
            request.session[NEW_TOKEN_KEY] = secret
            messages.success(request, _("Token made."))
            return redirect("api:tokens")
    response = render(
        request,
        "api/tokens.html",
        {
            "tokens": selectors.tokens_of(user=request.user),
            "form": form,
            "docs_url": reverse("api:docs"),
        },
        status=400,
    )
    return _no_store(response)


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    supervision_access.staff_of(request.user)
    # Only one's own here: 404 alike for "not there" and "not yours".
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.token_revoke(token=token, by=request.user)
    messages.success(
        request, _("Token “%(name)s” revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("api:tokens")
