"""How an access log entry names what was read, with a link to it."""

from __future__ import annotations

import json

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
    # quality.access
    "feedback": (_("Supervisee feedback"), None),
    "self_assessment": (_("Supervisor's self-assessment"), None),
    "audit_sample": (_("Audit sample"), None),
    # development.access (privacy.development_rules.Record)
    "learning_plan": (_("Learning plan"), None),
    "learning_goal": (_("Learning goal"), None),
    "competency_assessment": (_("Competency self-assessment"), None),
    "wellbeing_plan": (_("Wellbeing and self-care plan"), None),
    "cpd_log": (_("CPD log"), None),
    "cpd_entry": (_("CPD log entry"), None),
    "observation": (_("Observed practice"), None),
    "calendar_feed": (_("Calendar feed"), None),
    "organisation": (_("Organisation"), None),
}


@register.simple_tag
def entry_label(entry: AccessLogEntry) -> str:
    if entry.object_type.startswith("list:"):
        # reports.exports: the list's title is in the entry's detail.
        try:
            title = json.loads(entry.detail or "{}").get("title", "")
        except ValueError:
            title = ""
        return _("List downloaded: %(title)s") % {"title": title or entry.object_type[5:]}
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
