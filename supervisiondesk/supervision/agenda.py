"""The standing agenda's words: titles and prompts of the standard items
(policies.policy.STANDARD_AGENDA), translated; a policy's own items carry
their own title."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from supervisiondesk.policies.policy import AgendaEntry

# Southwark Standard 3, item by item.
STANDARD_ITEMS = {
    "check_in": (
        _("Check-in and wellbeing"),
        _(
            "Welfare, wellbeing, health and safety, equality, leave, absence, "
            "time off in lieu, what is going well. Personal to the worker: never "
            "copied to a child's record."
        ),
    ),
    "workload": (_("Workload management"), _("Caseload, capacity, priorities.")),
    "actions_review": (
        _("Review of last session's actions"),
        _("Each open action: done, or why it is delayed."),
    ),
    "case_discussions": (
        _("Case discussions"),
        _(
            "The rolling programme of cases. Each case is recorded separately, "
            "for the child's record; note here cases to bring to group supervision."
        ),
    ),
    "information_sharing": (
        _("Information sharing"),
        _("News from the team, the service and the organisation."),
    ),
    "development": (
        _("Professional and personal development"),
        _("Learning, training, reflection on practice, career."),
    ),
    "any_other_business": (_("Any other business"), ""),
}

# Informal consultations and peer sessions keep one free section.
NOTES_KEY = "notes"
NOTES_ITEM = (_("Notes"), _("What was discussed and agreed."))
# Group sessions: what the group agreed as a whole; cases are recorded separately.
GROUP_ITEMS = {
    "group_task": (_("Marking the task"), _("The group's agenda and who brings which case.")),
    "group_notes": (_("Notes and agreements of the group"), ""),
}


def section_specs(entries: tuple[AgendaEntry, ...]) -> list[tuple[str, str, str, bool]]:
    """(key, title, prompt, personal) for each standing item, titles in the
    active language for standard items."""
    specs = []
    for entry in entries:
        if entry.key in STANDARD_ITEMS and not entry.title:
            title, prompt = STANDARD_ITEMS[entry.key]
            specs.append((entry.key, str(title), str(prompt), entry.personal))
        else:
            specs.append((entry.key, entry.title, entry.prompt, entry.personal))
    return specs
