"""Pages: one case brought to a group session, its six steps, and its
genogram's download. Writes go through services.records and
services.groups only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from supervisiondesk.privacy.models import Channel
from supervisiondesk.supervision import access, selectors
from supervisiondesk.supervision.choices import SessionKind
from supervisiondesk.supervision.forms import groups as forms
from supervisiondesk.supervision.services import groups as services
from supervisiondesk.supervision.services import records
from supervisiondesk.supervision.services.common import EditConflict
from supervisiondesk.supervision.views.common import form_errors
from supervisiondesk.supervision.views.group_sessions import group_session_url, record_open


@login_required
def group_discussion(request: HttpRequest, pk: int) -> HttpResponse:
    """The case brought and its six steps. A save over someone else's is
    refused and the page keeps this text beside the saved one."""
    discussion = access.discussion_for(request.user, pk, edit=request.method == "POST")
    session = discussion.session
    if session.kind != SessionKind.GROUP:
        return redirect("supervision:discussion_edit", pk=discussion.pk)
    initial = {
        "version": discussion.version,
        **{name: getattr(discussion, name) for name in forms.GroupDiscussionForm.TEXT_FIELDS},
    }
    # Its readers from outside the group read it; its people write it.
    is_open = record_open(session) and access.may_edit_session(request.user, session)
    posted = request.method == "POST"
    form = forms.GroupDiscussionForm(
        request.POST if posted else None, request.FILES if posted else None, initial=initial
    )
    if not is_open:
        for field in form.fields.values():
            field.disabled = True
    conflict = False
    if posted and form.is_valid():
        genogram = form.cleaned_data["genogram"]
        try:
            # Text and file together, or neither: a refused file keeps the text unsaved too.
            with transaction.atomic():
                records.case_discussion_save(
                    discussion=discussion,
                    expected_version=form.cleaned_data["version"],
                    by=request.user,
                    **form.changes(),
                )
                if genogram:
                    services.genogram_upload(discussion=discussion, file=genogram, by=request.user)
        except EditConflict as error:
            conflict = True
            form_errors(form, error)
            if genogram:
                form.add_error("genogram", _("Not saved: choose the file again."))
            discussion.refresh_from_db()
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Case discussion saved."))
            return redirect(group_session_url(session, f"case-{discussion.pk}"))
    authors = discussion.authors or {}
    amendments = list(discussion.amendments.all())
    names = selectors.user_names([*authors.values(), *(a.made_by_id for a in amendments)])
    fields = []
    for name in form.fields:
        if name == "version":
            continue
        saved = getattr(discussion, name) if name in form.TEXT_FIELDS else None
        differs = (
            conflict and saved is not None and str(saved) != str(form.cleaned_data.get(name, ""))
        )
        fields.append((form[name], names.get(authors.get(name), ""), saved if differs else None))
    context = {
        "form": form,
        "fields": fields,
        "discussion": discussion,
        "session": session,
        "conflict": conflict,
        "is_open": is_open,
        "amendments": amendments,
        "names": names,
    }
    return render(request, "supervision/groups/discussion.html", context)


@require_safe
@login_required
def group_genogram(request: HttpRequest, pk: int) -> HttpResponse:
    """The genogram, as a download, to those who may see the session only:
    it is never under a public media URL."""
    discussion = access.discussion_for(request.user, pk, channel=Channel.DOWNLOAD)
    if not discussion.genogram:
        raise Http404
    try:
        handle = discussion.genogram.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    head = handle.read(16)
    handle.seek(0)
    kind = services.genogram_kind(head)
    if kind is None:  # never stored by the upload; refuse to serve a stranger
        handle.close()
        raise Http404
    content_type, extension = kind
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"genogram-{discussion.case.case_id}.{extension}",
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
