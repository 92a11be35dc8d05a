"""A person's notifications (the bell's list) and their choices. Only their
own: another's notification is not there (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervisiondesk.accounts.roles import TEAM_VIEWING_ROLES, roles_of
from supervisiondesk.notifications import selectors, services
from supervisiondesk.notifications.forms import PreferencesForm
from supervisiondesk.notifications.messages import details_of, text_of
from supervisiondesk.notifications.models import Preference

PER_PAGE = 50


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_of(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [(n, text_of(n.kind, n.params), details_of(n.kind, n.params)) for n in page]
    return render(request, "notifications/list.html", {"page": page, "rows": rows})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read, then open what it is about (or the list)."""
    notification = selectors.notifications_of(request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    services.notification_read(notification=notification, by=request.user, now=timezone.now())
    return redirect(services.link_of(notification) or "notifications:list")


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_read_all(by=request.user, now=timezone.now())
    messages.success(request, _("Marked %(count)d as read.") % {"count": count})
    return redirect("notifications:list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = dict(Preference.objects.filter(user=request.user).values_list("kind", "delivery"))
    manager = bool(roles_of(request.user) & TEAM_VIEWING_ROLES)
    form = PreferencesForm(request.POST or None, current=current, manager=manager)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your reminder choices are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
