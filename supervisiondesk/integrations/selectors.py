"""Reads for pages: which of a session's cases Primero says need
discussing, and why (its overdue tasks and pending approvals)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from supervisiondesk.integrations.models import PrimeroCase
from supervisiondesk.people.models import Case

TASK_LABELS = {
    "assessment": gettext_lazy("Assessment"),
    "case_plan": gettext_lazy("Case plan"),
    "service": gettext_lazy("Service"),
    "followup": gettext_lazy("Follow-up"),
}
APPROVAL_LABELS = {
    "assessment": gettext_lazy("Assessment approval requested"),
    "case_plan": gettext_lazy("Case plan approval requested"),
    "closure": gettext_lazy("Closure approval requested"),
}


@dataclass(frozen=True)
class Suggestion:
    case: Case
    reasons: tuple[str, ...]

    @property
    def text(self) -> str:
        """The agenda item's words, as the form takes them."""
        text = _("From Primero: %(reasons)s") % {"reasons": "; ".join(self.reasons)}
        return text[:500]  # the agenda form's limit


def agenda_suggestions(*, cases: list[Case], by: date, today: date) -> list[Suggestion]:
    """Cases among `cases` with a Primero task due on or before `by` (the
    session's day) or an approval waiting, oldest due date first. Cases
    already on the agenda are the caller's to leave out."""
    links = PrimeroCase.objects.filter(case__in=cases, is_open=True).select_related("case")
    found = []
    for link in links:
        reasons, first = [], None
        for task in sorted(link.tasks, key=lambda t: t["due_on"]):
            due_on = date.fromisoformat(task["due_on"])
            if due_on > by:
                continue
            first = first or due_on
            label = TASK_LABELS.get(task["kind"], task["kind"])
            day = date_format(due_on, "j M Y")
            if due_on < today:
                reasons.append(_("%(task)s overdue since %(day)s") % {"task": label, "day": day})
            else:
                reasons.append(_("%(task)s due %(day)s") % {"task": label, "day": day})
        for kind in link.pending_approvals:
            reasons.append(str(APPROVAL_LABELS.get(kind, kind)))
        if reasons:
            found.append(
                (first or date.max, link.case.case_id, Suggestion(link.case, tuple(reasons)))
            )
    return [suggestion for *_key, suggestion in sorted(found, key=lambda f: f[:2])]
