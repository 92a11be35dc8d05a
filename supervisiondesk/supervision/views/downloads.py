"""Downloads: a session's record and an agreement as PDF (reports.pdf).

Each fetches its record through `supervision.access` with channel DOWNLOAD,
so the download is checked by the same rules as the page (404 alike for
"not there" and "not yours") and logged as a download; the personal sections
are in the file only for those `privacy.rules.may_read_personal` allows,
exactly as on the page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from supervisiondesk.privacy.models import Channel
from supervisiondesk.reports import pdf
from supervisiondesk.supervision import access
from supervisiondesk.supervision import agreement_selectors as selectors
from supervisiondesk.supervision.services.common import organisation_today
from supervisiondesk.supervision.views.agreements import _contents


@require_safe
@login_required
def session_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for(request.user, pk, channel=Channel.DOWNLOAD)
    reader = access.staff_of(request.user)
    content = pdf.session_record_pdf(
        session=session,
        show_personal=access.may_read_personal(request.user, session),
        produced_for=reader.name,
    )
    return pdf.pdf_response(content, filename=pdf.session_file_name(session))


@require_safe
@login_required
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The version in force (or, before any, the latest, marked as not
    agreed); `?version=N` for another, as on the page."""
    agreement = access.agreement_for(request.user, pk, channel=Channel.DOWNLOAD)
    reader = access.staff_of(request.user)
    today = organisation_today(reader.organisation)
    state = selectors.agreement_state(agreement=agreement, on=today)
    version = state.in_force or state.latest
    asked = request.GET.get("version")
    if asked:
        version = next((v for v in state.versions if str(v.number) == asked), None)
        if version is None:
            raise Http404
    contents = []
    if version is not None:
        contents = _contents(
            version,
            external=selectors.is_external(agreement, today),
            group=agreement.group_id is not None,
        )
    content = pdf.agreement_pdf(
        state=state, version=version, contents=contents, produced_for=reader.name
    )
    return pdf.pdf_response(content, filename=pdf.agreement_file_name(state, version))
