"""The rows behind a dashboard figure (reports.indicator_selectors)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from supervisiondesk.accounts.roles import TEAM_VIEWING_ROLES, roles_of, team_scope
from supervisiondesk.people.models import Team
from supervisiondesk.people.selectors import visible_teams
from supervisiondesk.policies.selectors import NoPolicyError
from supervisiondesk.reports import exports
from supervisiondesk.reports.behind_columns import BEHIND_COLUMNS
from supervisiondesk.reports.dashboard_selectors import EXPLAINED, TITLES
from supervisiondesk.reports.forms import BehindForm, team_form
from supervisiondesk.reports.indicator_selectors import BehindRow, rows_behind
from supervisiondesk.reports.models import IndicatorSnapshot
from supervisiondesk.supervision.services.common import organisation_today

SHOWN = 500  # rows on the page, those that missed first; the downloads hold all


@login_required
def behind(request: HttpRequest, indicator: str) -> HttpResponse:
    """Who or what was counted in one of the dashboard's figures, met or not,
    for the viewer's teams (one at a time when they have many) on the day of
    the dashboard's figures or another day."""
    roles = roles_of(request.user)
    staff = request.staff_member
    if staff is None or not roles & TEAM_VIEWING_ROLES or indicator not in BEHIND_COLUMNS:
        raise Http404
    today = organisation_today(staff.organisation)
    teams = list(visible_teams(staff=staff, on=today, scope=team_scope(roles)).order_by("name"))
    form = team_form(BehindForm, request.GET, teams, today=today)
    context = {
        "form": form,
        "indicator": indicator,
        "title": TITLES[indicator],
        "explained": EXPLAINED[indicator],
        "behind": None,
    }
    if form.is_valid():
        code = form.cleaned_data["team"]
        chosen = [team for team in teams if team.code == code] if code else teams
        on = form.cleaned_data["on"] or _figures_day(chosen) or today
        try:
            behind = rows_behind(
                viewer=request.user,
                organisation=staff.organisation,
                indicator=indicator,
                teams=chosen,
                on=on,
            )
        except NoPolicyError:
            context["no_policy"] = True
        else:
            rows = [r for r in behind.rows if not r.met] if form.cleaned_data["missed"] else None
            response = exports.answer(
                request,
                list_name=f"reports:behind:{indicator}",
                title=f"{TITLES[indicator]} {on.isoformat()}",
                columns=BEHIND_COLUMNS[indicator],
                rows=behind.rows if rows is None else rows,
                filters={"team": code or "", "on": on, "missed": bool(rows is not None)},
                subjects=lambda r: [r.staff_pk] if r.staff_pk else [],
            )
            if response:
                return response
            shown = behind.rows if rows is None else rows
            context |= {
                "behind": behind,
                "headers": [str(c.label) for c in BEHIND_COLUMNS[indicator]],
                "lines": [_line(indicator, row) for row in shown[:SHOWN]],
                "count": len(shown),
                "limit": SHOWN,
            }
    return render(request, "reports/behind.html", context)


def _figures_day(teams: list[Team]) -> date | None:
    """The day of the latest stored figures of these teams (the dashboard's)."""
    return (
        IndicatorSnapshot.objects.filter(team__in=teams)
        .order_by("-on")
        .values_list("on", flat=True)
        .first()
    )


def _line(indicator: str, row: BehindRow) -> dict:
    """A row's cells for the page: each a text or a day, the first linked to
    the session when the viewer may open it."""
    cells = []
    for column in BEHIND_COLUMNS[indicator]:
        value = column.value(row)
        cells.append({"day": value} if isinstance(value, date) else {"text": value})
    if row.session_pk:
        cells[0]["url"] = reverse("supervision:session", args=[row.session_pk])
    return {"met": row.met, "cells": cells}
