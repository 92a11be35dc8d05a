"""The bell in every page's header: the unread count, asked only when the
page shows it (a callable: templates call it once)."""

from __future__ import annotations

from django.http import HttpRequest

from supervisiondesk.notifications.selectors import unread_count


def bell(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: unread_count(user)}
