"""Each reminder's words, written when shown or sent (not when stored), so
each person reads them in their own language (`translation.override`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from supervisiondesk.notifications.choices import Kind


def _day(value: str) -> str:
    # As the pages write dates ("2 November 2026"), in the reader's language.
    return date_format(date.fromisoformat(value), "j F Y")


def _names(values: list[str]) -> str:
    return ", ".join(v for v in values if v)


def text_of(kind: str, params: dict[str, Any]) -> str:
    """One sentence: what is due, whose, and by when."""
    p = dict(params)
    if "date" in p:
        p["date"] = _day(p["date"])
    if "supervisees" in p:
        p["supervisees"] = _names(p["supervisees"])
    match kind:
        case Kind.SESSION_TOMORROW:
            return _("Supervision on %(date)s: %(supervisor)s with %(supervisees)s.") % p
        case Kind.AGENDA_PROMPT:
            return (
                _(
                    "Supervision on %(date)s (%(supervisor)s with %(supervisees)s): add what "
                    "you want to discuss to the agenda."
                )
                % p
            )
        case Kind.RECORD_DUE:
            return _("Write the record of the session of %(date)s with %(supervisees)s.") % p
        case Kind.RECORD_MISSING:
            return (
                _(
                    "The record of the session of %(date)s with %(supervisees)s is past "
                    "its deadline."
                )
                % p
            )
        case Kind.SIGNATURE_PENDING:
            return _("Read and sign the record of your supervision of %(date)s.") % p
        case Kind.RECORD_NOT_SHARED:
            return (
                _(
                    "The record of the session of %(date)s with %(supervisees)s is written: "
                    "sign it to share it."
                )
                % p
            )
        case Kind.ACTION_DUE:
            return _("Action due on %(date)s: %(description)s") % p
        case Kind.ACTION_OVERDUE:
            return _("Action overdue since %(date)s: %(description)s") % p
        case Kind.AGREEMENT_REVIEW if p.get("overdue"):
            return (
                _(
                    "The supervision agreement of %(supervisee)s with %(supervisor)s was due "
                    "for review on %(date)s."
                )
                % p
            )
        case Kind.AGREEMENT_REVIEW:
            return (
                _(
                    "The supervision agreement of %(supervisee)s with %(supervisor)s is due "
                    "for review by %(date)s."
                )
                % p
            )
        case Kind.SUPERVISION_OVERDUE:
            return (
                ngettext(
                    "Supervision of %(supervisee)s is overdue by %(days)d day (due by %(date)s).",
                    "Supervision of %(supervisee)s is overdue by %(days)d days (due by %(date)s).",
                    p["days"],
                )
                % p
            )
        case Kind.SUPERVISION_ESCALATED:
            return (
                ngettext(
                    "Supervision of %(supervisee)s by %(supervisor)s is overdue by %(days)d day "
                    "(due by %(date)s).",
                    "Supervision of %(supervisee)s by %(supervisor)s is overdue by %(days)d days "
                    "(due by %(date)s).",
                    p["days"],
                )
                % p
            )
        case Kind.CASE_OVERDUE:
            return (
                ngettext(
                    "Case %(case)s (%(worker)s) has not been discussed in supervision: overdue by "
                    "%(days)d day (due by %(date)s).",
                    "Case %(case)s (%(worker)s) has not been discussed in supervision: overdue by "
                    "%(days)d days (due by %(date)s).",
                    p["days"],
                )
                % p
            )
        case Kind.WEEKLY_DIGEST:
            return _("Your teams in the week of %(date)s: %(figures)s.") % {
                "date": p["date"],
                "figures": _figures(p["overdue"], p["cases"], p["records"]),
            }
    return str(Kind(kind).label)


def _figures(overdue: int, cases: int, records: int) -> str:
    return ", ".join(
        (
            ngettext(
                "%(n)d person overdue for supervision",
                "%(n)d people overdue for supervision",
                overdue,
            )
            % {"n": overdue},
            ngettext("%(n)d case overdue", "%(n)d cases overdue", cases) % {"n": cases},
            ngettext("%(n)d record past its deadline", "%(n)d records past their deadline", records)
            % {"n": records},
        )
    )


def details_of(kind: str, params: dict[str, Any]) -> list[str]:
    """The lines under a reminder's sentence: the weekly digest's teams."""
    if kind != Kind.WEEKLY_DIGEST:
        return []
    lines = [
        _("%(team)s: %(figures)s") % {"team": name, "figures": _figures(overdue, cases, records)}
        for name, overdue, cases, records in params["teams"]
    ]
    if params["teams_count"] > len(params["teams"]):
        more = params["teams_count"] - len(params["teams"])
        lines.append(
            ngettext(
                "and %(n)d more team: see the dashboard.",
                "and %(n)d more teams: see the dashboard.",
                more,
            )
            % {"n": more}
        )
    return lines
