"""The evidence pack's files (reports.evidence reads what goes in them): a
zip made in memory holding `evidence.pdf` and three spreadsheets, each made
with `reports.exports.xlsx_bytes` (bold frozen header, dates as dates):

- `figures.xlsx`: one row per team per month (the stored figures);
- `audit.xlsx`: one row per graded record, its results per standard and
  grades per practice domain; never the record's content, and its date and
  supervisor only where the viewer may open the sample;
- `actions.xlsx`: counts per team (never an action's text).
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

from django.utils.text import slugify
from django.utils.translation import gettext as _

from supervisiondesk.quality.vocabulary import (
    DOMAIN_KEYS,
    DOMAIN_LABELS,
    STANDARD_KEYS,
    STANDARD_LABELS,
    Grade,
    StandardResult,
)
from supervisiondesk.reports.dashboard_selectors import TITLES
from supervisiondesk.reports.evidence import EvidencePack, FigureRow, PackScope
from supervisiondesk.reports.evidence_sources import ActionCounts, GradedRecord
from supervisiondesk.reports.exports import DATE, NUMBER, Column, xlsx_bytes
from supervisiondesk.reports.indicators import SHARES
from supervisiondesk.reports.monthly import month_key
from supervisiondesk.reports.pdf import render_pdf
from supervisiondesk.supervision.choices import SessionKind

PDF_NAME = "evidence.pdf"
FIGURES_NAME = "figures.xlsx"
AUDIT_NAME = "audit.xlsx"
ACTIONS_NAME = "actions.xlsx"


def zip_name(chosen: PackScope, start: date, end: date) -> str:
    """evidence-north-team-2025-04-2026-03.zip"""
    scope = slugify(chosen.label) or chosen.key
    return f"evidence-{scope}-{month_key(start)}-{month_key(end)}.zip"


def _share_columns(key: str) -> list[Column]:
    title = str(TITLES[key])
    return [
        Column(
            _("%(figure)s: met") % {"figure": title}, lambda r: getattr(r.figures, key).met, NUMBER
        ),
        Column(
            _("%(figure)s: of") % {"figure": title}, lambda r: getattr(r.figures, key).of, NUMBER
        ),
        Column(
            _("%(figure)s: %%") % {"figure": title},
            lambda r: getattr(r.figures, key).percent,
            NUMBER,
        ),
    ]


def figure_columns() -> list[Column]:
    columns = [
        Column(_("Team"), lambda r: r.team.name),
        Column(_("Service"), lambda r: r.team.service.name),
        Column(_("Month"), lambda r: r.month, DATE),
        Column(_("Figures of"), lambda r: r.figures_of, DATE),
    ]
    for key in SHARES:
        columns.extend(_share_columns(key))
    columns += [
        Column(_("Supervisors"), lambda r: r.figures.supervisors, NUMBER),
        Column(_("Supervisees counted"), lambda r: r.figures.supervisees, NUMBER),
        Column(_("Supervisees per supervisor"), lambda r: r.figures.ratio, NUMBER),
        Column(_("Supervisors over the maximum"), lambda r: r.figures.over_ratio, NUMBER),
        Column(_("Formal sessions held"), lambda r: r.figures.formal_sessions, NUMBER),
    ]
    return columns


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def audit_columns() -> list[Column]:
    columns = [
        Column(_("Sample"), lambda g: g.sample.title),
        Column(_("Team"), lambda g: g.sample.team.name if g.sample.team_id else ""),
        Column(_("Sample from"), lambda g: g.sample.period_start, DATE),
        Column(_("Sample to"), lambda g: g.sample.period_end, DATE),
        Column(_("Record of"), lambda g: g.grade.session.date if g.shown else None, DATE),
        Column(_("Kind"), lambda g: _label(SessionKind, g.grade.session.kind)),
        Column(_("Supervisor"), lambda g: g.grade.session.supervisor.name if g.shown else None),
    ]
    for key in STANDARD_KEYS:
        columns.append(
            Column(
                STANDARD_LABELS[key],
                lambda g, key=key: _label(StandardResult, g.grade.standards.get(key, "")),
            )
        )
    for key in DOMAIN_KEYS:
        columns.append(
            Column(
                DOMAIN_LABELS[key], lambda g, key=key: _label(Grade, g.grade.domains.get(key, ""))
            )
        )
    return columns


def action_columns() -> list[Column]:
    return [
        Column(_("Team"), lambda a: a.team.name if a.team else _("All these teams")),
        Column(_("Due in the period"), lambda a: a.due, NUMBER),
        Column(_("Open"), lambda a: a.open, NUMBER),
        Column(_("Open and past their date"), lambda a: a.overdue, NUMBER),
        Column(_("Done"), lambda a: a.done, NUMBER),
        Column(_("Done by their date"), lambda a: a.done_on_time, NUMBER),
        Column(_("No longer needed"), lambda a: a.dropped, NUMBER),
    ]


def evidence_pdf(pack: EvidencePack, *, produced_for: str = "") -> bytes:
    return render_pdf(
        "reports/pdf/evidence.html",
        {
            "organisation": pack.organisation,
            "pack": pack,
            "produced_for": produced_for,
            "grade_labels": [str(label) for label in Grade.labels],
            "result_labels": [str(label) for label in StandardResult.labels],
        },
    )


def evidence_zip(pack: EvidencePack, *, produced_for: str = "") -> bytes:
    """The pack as a zip, in memory."""
    graded: list[GradedRecord] = [g for s in pack.samples for g in s.graded]
    rows: list[FigureRow] = pack.figure_rows
    actions: list[ActionCounts] = pack.actions
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(PDF_NAME, evidence_pdf(pack, produced_for=produced_for))
        archive.writestr(FIGURES_NAME, xlsx_bytes(figure_columns(), rows, title=_("Figures")))
        archive.writestr(AUDIT_NAME, xlsx_bytes(audit_columns(), graded, title=_("Audit")))
        archive.writestr(ACTIONS_NAME, xlsx_bytes(action_columns(), actions, title=_("Actions")))
    return out.getvalue()
