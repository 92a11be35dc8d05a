"""The session page's part from this app: Primero's suggested agenda items."""

from __future__ import annotations

from typing import Any

from django import template

from supervisiondesk.integrations.selectors import agenda_suggestions
from supervisiondesk.supervision.models import SupervisionSession
from supervisiondesk.supervision.services.common import organisation_today
from supervisiondesk.supervision.services.sessions import supervisee_cases

register = template.Library()


@register.simple_tag
def primero_suggestions(session: SupervisionSession) -> dict[str, Any]:
    """For a session still to be held: its supervisees' cases that Primero
    says need discussing, less those already on its agenda, and the agenda
    item they go under (case discussions, or the first the policy has)."""
    keys = list(session.sections.values_list("key", flat=True))
    if not keys:
        return {}
    today = organisation_today(session.organisation)
    cases = supervisee_cases(session, min(session.date, today))
    on_agenda = set(session.agenda_items.exclude(case=None).values_list("case_id", flat=True))
    cases = [c for c in cases if c.pk not in on_agenda]
    if not cases:
        return {}
    found = agenda_suggestions(cases=cases, by=max(session.date, today), today=today)
    section = "case_discussions" if "case_discussions" in keys else keys[0]
    return {"section": section, "items": found} if found else {}
