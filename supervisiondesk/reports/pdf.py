"""PDFs with WeasyPrint: a supervision session's record and an agreement
(issue 6, item 3), and the frame any later report reuses (the monthly
compliance report, the evidence pack):

    content = render_pdf("reports/pdf/monthly.html", {"organisation": org, ...})
    return pdf_response(content, filename="compliance-2026-11.pdf")

A template extends `reports/pdf/base.html` (blocks `title` and `content`)
and gets the frame from `reports/pdf/pdf.css`: A4, "Confidential" and the
organisation's name at the top of every page, the page number and when it
was produced (in the organisation's time zone) at the bottom. WeasyPrint
fetches nothing: no URL is allowed, the styles come with the page, and the
fonts are the machine's (DejaVu Sans, Debian's fonts-dejavu-core).

Who may read what is decided before this module is called: the views fetch
the record through `supervision.access` (which checks and logs the read,
channel DOWNLOAD) and pass `show_personal` from
`privacy.rules.may_read_personal`, exactly as the session page does.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from supervisiondesk.supervision.agreement_selectors import AgreementState
from supervisiondesk.supervision.choices import Function
from supervisiondesk.supervision.models import (
    AgreementVersion,
    RecordSection,
    SupervisionSession,
)

STYLESHEET = "reports/pdf/pdf.css"


@contextmanager
def _quiet() -> Iterator[None]:
    """WeasyPrint logs every stylesheet and page it lays out at INFO."""
    progress = logging.getLogger("weasyprint.progress")
    level = progress.level
    progress.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        progress.setLevel(level)


def render_pdf(template: str, context: dict[str, Any], *, time_zone: str | None = None) -> bytes:
    """The template (extending reports/pdf/base.html) as a PDF.

    Times are shown in `time_zone`, by default the organisation's in the
    context (`organisation`), else the zone active for the request (the
    organisation's, from `people.middleware`)."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    organisation = context.get("organisation")
    zone = time_zone or (organisation.time_zone if organisation is not None else None)
    with timezone.override(ZoneInfo(zone) if zone else timezone.get_current_timezone()):
        full = {
            "generated_at": timezone.localtime(),
            "time_zone": timezone.get_current_timezone_name(),
            **context,
        }
        html = render_to_string(template, full)
        css = render_to_string(STYLESHEET)
    fetcher = URLFetcher(allowed_protocols=())  # nothing outside the page
    with _quiet():
        document = HTML(string=html, url_fetcher=fetcher)
        return document.write_pdf(stylesheets=[CSS(string=css, url_fetcher=fetcher)])


def pdf_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # A person's record: not for shared caches or the back button.
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- a session's record


def session_record_pdf(
    *, session: SupervisionSession, show_personal: bool, produced_for: str = ""
) -> bytes:
    """The record as its page shows it to this reader: the sections (personal
    ones only when `show_personal`) with their agenda items and amendments
    beside them, the case discussions with their actions and amendments, the
    actions agreed, the sign-off with the supervisee's disagreement, and the
    session's history."""
    from supervisiondesk.supervision import selectors

    page = selectors.session_page(session=session, show_personal=show_personal)
    personal_left_out = (
        not show_personal and RecordSection.objects.filter(session=session, personal=True).exists()
    )
    context = {
        "organisation": session.organisation,
        "s": session,
        "page": page,
        "today": timezone.localdate(timezone=ZoneInfo(session.organisation.time_zone)),
        "function_labels": [Function(f).label for f in session.functions if f in Function.values],
        "personal_left_out": personal_left_out,
        "produced_for": produced_for,
    }
    return render_pdf("reports/pdf/session.html", context)


def session_file_name(session: SupervisionSession) -> str:
    stem = slugify(
        f"supervision record {session.date.isoformat()} {session.session_id or session.pk}"
    )
    return f"{stem}.pdf"


# ---------------------------------------------------------------- an agreement


def agreement_pdf(
    *,
    state: AgreementState,
    version: AgreementVersion | None,
    contents: list[tuple[str, str]],
    produced_for: str = "",
) -> bytes:
    """An agreement as agreed (or, before then, as drafted and so marked):
    its parties, the version's text, who signed it and when, the review
    dates, and every version's history."""
    agreement = state.agreement
    context = {
        "organisation": agreement.supervisor.organisation,
        "state": state,
        "version": version,
        "contents": contents,
        "signatures": list(version.signatures.all()) if version else [],
        "produced_for": produced_for,
    }
    return render_pdf("reports/pdf/agreement.html", context)


def agreement_file_name(state: AgreementState, version: AgreementVersion | None) -> str:
    number = f"version {version.number}" if version else ""
    stem = slugify(f"supervision agreement {state.title} {number}")
    return f"{stem}.pdf"
