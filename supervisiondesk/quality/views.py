"""Pages: an auditor's samples (issue 6 adds drawing and grading them)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from supervisiondesk.accounts.roles import Role, roles_of
from supervisiondesk.privacy import rules
from supervisiondesk.quality import selectors


@login_required
def samples(request: HttpRequest) -> HttpResponse:
    if Role.AUDITOR not in roles_of(request.user) or rules.viewer_of(request.user).staff is None:
        raise Http404
    context = {"samples": selectors.audit_samples_of(user=request.user)}
    return render(request, "quality/samples.html", context)
