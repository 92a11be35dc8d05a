"""The benchmarks page (docs/reports.md, "Benchmarks"): the organisation's
supervision indicators between its teams and, anonymised, between
organisations."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from supervisiondesk.accounts.roles import TEAM_VIEWING_ROLES, roles_of, team_scope
from supervisiondesk.reports import exports
from supervisiondesk.reports.benchmark_selectors import Benchmarks, Compared, benchmarks_of
from supervisiondesk.reports.benchmarks import MIN_ORGANISATIONS, SCORE, SHARE, TeamRow
from supervisiondesk.supervision.services.common import organisation_today

LISTS = ("teams", "organisations")


def _chosen_day(request: HttpRequest) -> date | None:
    """`?on=YYYY-MM-DD`; anything else is the latest month end."""
    try:
        return date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return None


def team_columns(report: Benchmarks) -> list[exports.Column]:
    columns = [exports.Column(_lazy("Team"), lambda row: row.name)]
    for index, (measure, title, _explained) in enumerate(report.measures):
        if measure.kind == SHARE:
            parts = (_("%"), _("met"), _("of"))
        elif measure.kind == SCORE:
            parts = (_("mean"), "", _("responses"))
        else:
            parts = (_("per supervisor"), _("supervisees"), _("supervisors"))
        for label, attribute in zip(parts, ("value", "met", "of"), strict=True):
            if label:
                columns.append(
                    exports.Column(
                        f"{title} ({label})",
                        lambda row, i=index, a=attribute: getattr(row.cells[i][0], a),
                        exports.NUMBER,
                    )
                )
    return columns


def team_rows(report: Benchmarks) -> list[TeamRow]:
    assert report.teams is not None
    whole = TeamRow(str(_("Whole organisation")), report.teams.organisation, frozenset())
    return [*report.teams.rows, whole]


def organisation_columns() -> list[exports.Column]:
    def spread(attribute: str):
        return lambda c: getattr(c.standing.spread, attribute) if c.standing.spread else None

    return [
        exports.Column(_lazy("Indicator"), lambda c: c.title),
        exports.Column(_lazy("This organisation"), lambda c: c.standing.value, exports.NUMBER),
        exports.Column(_lazy("Rank (1 = highest)"), lambda c: c.standing.rank, exports.NUMBER),
        exports.Column(_lazy("Ranked"), lambda c: c.standing.of, exports.NUMBER),
        exports.Column(
            _lazy("Quarter (1 = lowest)"), lambda c: c.standing.quartile, exports.NUMBER
        ),
        exports.Column(_lazy("Minimum"), spread("minimum"), exports.NUMBER),
        exports.Column(_lazy("Lower quartile"), spread("lower"), exports.NUMBER),
        exports.Column(_lazy("Median"), spread("median"), exports.NUMBER),
        exports.Column(_lazy("Upper quartile"), spread("upper"), exports.NUMBER),
        exports.Column(_lazy("Maximum"), spread("maximum"), exports.NUMBER),
        exports.Column(_lazy("Other organisations"), spread("count"), exports.NUMBER),
        exports.Column(
            _lazy("Note"),
            lambda c: (
                _("Fewer than five other organisations: not compared.")
                if c.standing.too_few
                else ""
            ),
        ),
    ]


def _export(request: HttpRequest, report: Benchmarks) -> HttpResponse | None:
    chosen = exports.requested_list(request, LISTS)
    if not chosen or report.on is None:
        return None
    on = report.on.isoformat()
    if chosen == "teams":
        columns, rows, title = team_columns(report), team_rows(report), _("Benchmarks by team")
    else:
        rows: list[Compared] = report.compared
        columns, title = organisation_columns(), _("Benchmarks between organisations")
    return exports.answer(
        request,
        list_name=f"reports:benchmarks:{chosen}",
        title=f"{title} {on}",
        columns=columns,
        rows=rows,
        filters={"list": chosen, "on": on},
    )


@login_required
def benchmarks(request: HttpRequest) -> HttpResponse:
    """Managers, senior managers and directors (`TEAM_VIEWING_ROLES`), for
    the teams they look after; everyone else 404, like the dashboard's
    teams (auditors included: docs/reports.md, "Benchmarks")."""
    roles = roles_of(request.user)
    staff = request.staff_member
    if staff is None or not roles & TEAM_VIEWING_ROLES:
        raise Http404
    today = organisation_today(staff.organisation)
    report = benchmarks_of(
        user=request.user,
        staff=staff,
        scope=team_scope(roles),
        today=today,
        on=_chosen_day(request),
    )
    response = _export(request, report)
    if response:
        return response
    return render(
        request,
        "reports/benchmarks.html",
        {"report": report, "today": today, "min_organisations": MIN_ORGANISATIONS},
    )
