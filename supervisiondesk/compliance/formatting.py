"""Words for the engine's values on pages: intervals, rules, statuses.

The engine speaks the spec's words (`1m`, `qualified`, `overdue`); people
read these, translated.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from supervisiondesk.compliance.intervals import parse_interval
from supervisiondesk.people.choices import CaseType, Category, Risk

STATUS_LABELS = {
    "overdue": gettext_lazy("Overdue"),
    "due": gettext_lazy("Due"),
    "absent": gettext_lazy("Absent"),
    "ok": gettext_lazy("On track"),
}
REQUIREMENT_LABELS = {
    "individual": gettext_lazy("Individual"),
    "group": gettext_lazy("Group"),
    "case": gettext_lazy("Case"),
}


def interval_label(text: str) -> str:
    """`1m` → "1 month", `14d` → "14 days"."""
    interval = parse_interval(text)
    n = interval.count
    if interval.unit == "d":
        return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}
    if interval.unit == "w":
        return ngettext("%(n)d week", "%(n)d weeks", n) % {"n": n}
    return ngettext("%(n)d month", "%(n)d months", n) % {"n": n}


def rule_label(rule: dict[str, Any], requirement: str) -> str:
    """The rule in force, for people: "Qualified (phase 2): every 2 weeks, at
    most 3 weeks"; "Child protection, high risk: every month"."""
    key = rule["for"]
    if requirement == "case":
        case_type, risk = key
        subject = _("%(type)s, %(risk)s risk") % {
            "type": choice_label(CaseType, case_type),
            "risk": choice_label(Risk, risk).lower(),
        }
    else:
        subject = choice_label(Category, key[0])
        phase = int(key[1].split()[-1]) if len(key) > 1 else 1  # the engine's "phase 2"
        if phase > 1:
            subject = _("%(category)s (phase %(n)d)") % {"category": subject, "n": phase}
    return _("%(subject)s: %(how_often)s") % {
        "subject": subject,
        "how_often": how_often(rule["target"], rule["maximum"], rule["first"]),
    }


def every(text: str) -> str:
    """`1m` → "every month", `14d` → "every 14 days"."""
    interval = parse_interval(text)
    n = interval.count
    if interval.unit == "d":
        return ngettext("every day", "every %(n)d days", n) % {"n": n}
    if interval.unit == "w":
        return ngettext("every week", "every %(n)d weeks", n) % {"n": n}
    return ngettext("every month", "every %(n)d months", n) % {"n": n}


def how_often(target: str, maximum: str, first: str | None = None) -> str:
    """For people: "every 2 weeks, at most 3 weeks; the first within 1 week"."""
    if target == maximum:
        text = every(target)
    else:
        text = _("%(every)s, at most %(maximum)s") % {
            "every": every(target),
            "maximum": interval_label(maximum),
        }
    if first:
        text += _("; the first within %(interval)s") % {"interval": interval_label(first)}
    return text


def choice_label(choices: type, value: str) -> str:
    """The translated label of a stored value; the value itself if unknown."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value
