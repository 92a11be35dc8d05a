"""The supervisor's part of the dashboard, on the demo."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supervisiondesk.compliance.selectors import compliance_of
from supervisiondesk.people.models import StaffMember
from supervisiondesk.people.selectors import supervisees_of
from supervisiondesk.people.services import relationship_add
from supervisiondesk.people.tests.demo_day import DEMO_TODAY
from supervisiondesk.reports.supervisor_selectors import supervisor_board
from supervisiondesk.supervision.choices import ActionStatus, SessionStatus
from supervisiondesk.supervision.models import Action, SupervisionSession

SEEDED = date.fromisoformat(DEMO_TODAY)


def staff_of(name: str):
    return get_user_model().objects.get(username=name).staff_member


@pytest.mark.django_db
class TestSupervisorBoard:
    def test_one_line_per_supervisee_with_the_engines_status(self, demo) -> None:
        supervisor = staff_of("supervisor")
        board = supervisor_board(staff=supervisor, today=SEEDED)
        supervisees = {row.staff.pk for row in supervisees_of(staff=supervisor, on=SEEDED)}
        assert {g.row.staff.pk for g in board.glances} == supervisees
        page = compliance_of(organisation=demo, staff=supervisees, on=SEEDED)
        individual = {r.staff_id: r.status for r in page.people if r.requirement == "individual"}
        for glance in board.glances:
            status = glance.supervision.status if glance.supervision else None
            assert status == individual.get(glance.row.staff.staff_id)
            # The next session is the first planned one with them, not before today.
            planned = (
                SupervisionSession.objects.filter(
                    supervisor=supervisor,
                    status=SessionStatus.PLANNED,
                    date__gte=SEEDED,
                    attendees__staff=glance.row.staff,
                )
                .order_by("date", "start_time", "pk")
                .first()
            )
            assert glance.next_session == ((planned.pk, planned.date) if planned else None)
        assert board.cases_overdue == sum(
            r.status == "overdue"
            for r in page.cases
            if r.staff_id in {g.row.staff.staff_id for g in board.glances}
        )
        # Worst first.
        ranks = [g.sort_key for g in board.glances]
        assert ranks == sorted(ranks)

    def test_actions_overdue_are_the_supervisees_open_ones_past_due(self, demo) -> None:
        supervisor = staff_of("supervisor")
        board = supervisor_board(staff=supervisor, today=SEEDED)
        glance = board.glances[0]
        before = glance.actions_overdue
        Action.objects.create(
            organisation=demo,
            description="Chase the health visitor",
            owner=glance.row.staff,
            due_on=date(2026, 5, 1),
            status=ActionStatus.OPEN,
        )
        Action.objects.create(
            organisation=demo,
            description="Not yet due",
            owner=glance.row.staff,
            due_on=date(2026, 6, 1),
            status=ActionStatus.OPEN,
        )
        again = supervisor_board(staff=supervisor, today=SEEDED)
        same = next(g for g in again.glances if g.row.staff == glance.row.staff)
        assert same.actions_overdue == before + 1
        assert again.actions_overdue == board.actions_overdue + 1

    def test_the_page_shows_each_supervisee_in_a_fixed_number_of_queries(
        self, client, demo
    ) -> None:
        user = get_user_model().objects.get(username="supervisor")
        client.force_login(user)
        client.get(reverse("reports:dashboard"))

        def queries() -> tuple[int, str]:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(reverse("reports:dashboard"))
            return len(ctx.captured_queries), response

        before, response = queries()
        html = response.content.decode()
        for glance in response.context["supervisor_board"].glances:
            assert glance.row.staff.name in html
        assert "Your supervisees" in html and "Your teams" not in html
        # Two more supervisees: not one query more.
        supervisor = user.staff_member
        taken = {g.row.staff.pk for g in response.context["supervisor_board"].glances}
        for other in StaffMember.objects.filter(organisation=demo).exclude(
            pk__in=taken | {supervisor.pk}
        )[:2]:
            relationship_add(
                supervisee=other, supervisor=supervisor, kind="professional", start_date=SEEDED
            )
        after, response = queries()
        assert len(response.context["supervisor_board"].glances) == len(taken) + 2
        assert after == before
