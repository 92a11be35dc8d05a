"""Pages: who has read my records, my data (subject access), a director's
need-to-know access, and the access report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervisiondesk.accounts.roles import Role, roles_of
from supervisiondesk.privacy import columns, rules, selectors, services
from supervisiondesk.privacy.forms import NeedToKnowForm
from supervisiondesk.privacy.models import Channel, NeedToKnowAccess
from supervisiondesk.reports import exports


def _staff(request: HttpRequest):
    staff = rules.viewer_of(request.user).staff
    if staff is None:
        raise Http404
    return staff


@login_required
def my_reads(request: HttpRequest) -> HttpResponse:
    """Who has read my records, how and why: every entry of the access log
    that names me, newest first."""
    _staff(request)
    if exports.requested(request):
        # Every entry, not one page of them.
        entries = list(selectors.reads_of_my_records(user=request.user))
        return exports.answer(
            request,
            list_name="privacy:my_reads",
            title=_("Who has read my records"),
            columns=columns.read_columns(selectors.reader_names(e.user_id for e in entries)),
            rows=entries,
        )
    shown = Paginator(selectors.reads_of_my_records(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    entries = list(shown)
    names = selectors.reader_names(e.user_id for e in entries)
    context = {"shown": shown, "entries": entries, "names": names}
    return render(request, "privacy/my_reads.html", context)


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything held about me, as one zip (JSON and PDF)."""
    staff = _staff(request)
    if request.method == "POST":
        from supervisiondesk.privacy.subject_access import subject_access_export

        content = subject_access_export(
            staff=staff, requested_by=request.user, channel=Channel.DOWNLOAD
        )
        response = HttpResponse(content, content_type="application/zip")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.zip"'
        response["Cache-Control"] = "private, no-store"
        return response
    return render(request, "privacy/my_data.html", {"staff": staff})


def _director(request: HttpRequest):
    staff = _staff(request)
    if Role.DIRECTOR not in roles_of(request.user):
        raise Http404
    return staff


@login_required
def need_to_know(request: HttpRequest) -> HttpResponse:
    staff = _director(request)
    form = NeedToKnowForm(request.POST or None, organisation=staff.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grant = services.need_to_know_open(
                user=request.user,
                organisation=staff.organisation,
                reason=data["reason"],
                details=data["details"],
                staff=data["staff"],
                case=data["case"],
                hours=data["hours"],
            )
        except services.NotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Access open until %(end)s. Every record you open is logged with your reason.")
                % {"end": timezone.localtime(grant.expires_at).strftime("%d/%m/%Y %H:%M")},
            )
            return redirect("privacy:need_to_know")
    context = {"form": form, "lines": selectors.need_to_know_of(user=request.user)}
    return render(request, "privacy/need_to_know.html", context)


@require_POST
@login_required
def need_to_know_close(request: HttpRequest, pk: int) -> HttpResponse:
    _director(request)
    grant = NeedToKnowAccess.objects.filter(pk=pk, user=request.user).first()
    if grant is None:
        raise Http404
    services.need_to_know_close(user=request.user, grant=grant)
    messages.success(request, _("Access closed."))
    return redirect("privacy:need_to_know")


@login_required
def access_report(request: HttpRequest) -> HttpResponse:
    """Need-to-know accesses with the reads made under each, and refused
    attempts to open records: for directors and senior managers."""
    if not selectors.may_see_report(request.user):
        raise Http404
    lines, denied = selectors.access_report(user=request.user)
    if response := _access_report_export(request, lines, denied):
        return response
    shown = Paginator(denied, 50).get_page(request.GET.get("page"))
    denied_rows = list(shown)
    ids = [e.user_id for e in denied_rows] + [line.grant.user_id for line in lines]
    context = {
        "lines": lines,
        "shown": shown,
        "denied": denied_rows,
        "names": selectors.reader_names(ids),
    }
    return render(request, "privacy/access_report.html", context)


def _access_report_export(request: HttpRequest, lines, denied) -> HttpResponse | None:
    """One of the report's lists as a file: the need-to-know accesses
    (`?list=accesses`) or every refused attempt (`?list=refused`)."""
    chosen = exports.requested_list(request, ["accesses", "refused"])
    if chosen is None:
        return None
    if chosen == "accesses":
        names = selectors.reader_names(line.grant.user_id for line in lines)
        return exports.answer(
            request,
            list_name="privacy:access_report:accesses",
            title=_("Need-to-know accesses"),
            columns=columns.grant_columns(names),
            rows=lines,
            filters={"list": chosen},
            subjects=lambda line: [line.grant.staff_id] if line.grant.staff_id else [],
        )
    entries = list(denied)
    return exports.answer(
        request,
        list_name="privacy:access_report:refused",
        title=_("Refused attempts to open a record"),
        columns=columns.denied_columns(selectors.reader_names(e.user_id for e in entries)),
        rows=entries,
        filters={"list": chosen},
        subjects=lambda e: e.subject_ids,
    )
