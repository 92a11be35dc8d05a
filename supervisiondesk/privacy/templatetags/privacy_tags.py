"""How an access log entry names what was read, with a link to it."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from supervisiondesk.privacy.models import AccessLogEntry

register = template.Library()

# object_type (as `supervision.access` logs it) -> label and page.
OBJECTS = {
    "session": (_("Supervision record"), "supervision:session"),
    "case_discussion": (_("Case discussion"), "supervision:discussion_copy"),
    "case": (_("Child's case"), "supervision:case"),
    "agreement": (_("Supervision agreement"), "supervision:agreement"),
    "group": (_("Supervision group"), "supervision:group"),
    "action": (_("Action"), None),
    "staff": (_("Worker's records"), None),
    "need_to_know": (_("Need-to-know access"), None),
    "subject_access": (_("Subject access export"), None),
}


@register.simple_tag
def entry_label(entry: AccessLogEntry) -> str:
    label, _name = OBJECTS.get(entry.object_type, (entry.object_type, None))
    return f"{label} {entry.object_id}".strip()


@register.simple_tag
def entry_url(entry: AccessLogEntry) -> str:
    """The record's page; following it is itself checked and logged."""
    _label, name = OBJECTS.get(entry.object_type, ("", None))
    if name is None or not entry.object_id.isdigit():
        return ""
    try:
        return reverse(name, args=[int(entry.object_id)])
    except NoReverseMatch:
        return ""
