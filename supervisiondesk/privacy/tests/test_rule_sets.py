"""`visible_sessions`, `visible_cases` and `visible_discussions` are written as unions of sets
(one read each, for speed at national scale: benchmarks/api_load.py). Here
they must equal the rules as first written, case by case with correlated
subqueries, for every login of the demo and for a director with a
need-to-know access to a worker and to a case."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from supervisiondesk.people.models import Case, CasePeriod, StaffMember
from supervisiondesk.people.selectors import active_on
from supervisiondesk.privacy import rules
from supervisiondesk.privacy.rules import viewer_of
from supervisiondesk.privacy.services import need_to_know_open
from supervisiondesk.supervision.models import CaseDiscussion, SessionAttendee, SupervisionSession


def reference_party(viewer) -> Q:
    attended = SessionAttendee.objects.filter(staff=viewer.staff).values("session")
    return Q(supervisor=viewer.staff) | Q(pk__in=attended)


def reference_sessions(user):
    """The session rule as first written: one condition or'ed per rule."""
    viewer = viewer_of(user)
    if viewer.staff is None:
        return SupervisionSession.objects.none()
    rule = reference_party(viewer)
    if (managed := rules._managed_supervisors(viewer)) is not None:
        rule |= Q(supervisor__in=managed)
    if (service := rules._service_staff(viewer)) is not None:
        rule |= Q(supervisor__in=service)
    if (grants := rules._need_to_know(viewer)) is not None:
        workers, _cases = grants
        rule |= Q(supervisor__in=workers) | Q(
            pk__in=SessionAttendee.objects.filter(staff__in=workers).values("session")
        )
    if (sampled := rules._audit_sessions(viewer)) is not None:
        rule |= Q(pk__in=sampled)
    return SupervisionSession.objects.filter(rule, organisation_id=viewer.organisation_id)


def reference_editable(user):
    viewer = viewer_of(user)
    if viewer.staff is None:
        return SupervisionSession.objects.none()
    return SupervisionSession.objects.filter(
        reference_party(viewer), organisation_id=viewer.organisation_id
    )


def reference_discussions(user):
    """The rule as first written (issue 5): per discussion."""
    viewer = viewer_of(user)
    if viewer.staff is None:
        return CaseDiscussion.objects.none()
    periods = CasePeriod.objects.filter(case=OuterRef("case"), worker=viewer.staff)
    supervisees = CasePeriod.objects.filter(
        active_on(viewer.today),
        case=OuterRef("case"),
        worker__in=rules._supervisees_now(viewer),
    )
    rule = (
        Q(session__in=reference_sessions(user))
        | Q(Exists(periods.filter(active_on(viewer.today))))
        | Q(
            Exists(
                periods.filter(start_date__lte=OuterRef("session__date")).filter(
                    Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("session__date"))
                )
            )
        )
        | Q(Exists(supervisees))
    )
    grants = rules._need_to_know(viewer)
    if grants is not None:
        rule |= Q(case__in=grants[1])
    return CaseDiscussion.objects.filter(rule, session__organisation_id=viewer.organisation_id)


def reference_cases(user):
    viewer = viewer_of(user)
    if viewer.staff is None:
        return Case.objects.none()
    supervisees = CasePeriod.objects.filter(
        active_on(viewer.today), case=OuterRef("pk"), worker__in=rules._supervisees_now(viewer)
    )
    rule = (
        Q(Exists(CasePeriod.objects.filter(case=OuterRef("pk"), worker=viewer.staff)))
        | Q(Exists(supervisees))
        | Q(Exists(reference_discussions(user).filter(case=OuterRef("pk"))))
    )
    grants = rules._need_to_know(viewer)
    if grants is not None:
        rule |= Q(pk__in=grants[1])
    return Case.objects.filter(rule, organisation_id=viewer.organisation_id)


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.django_db
class TestTheSetsAreTheRules:
    def test_every_demo_login(self, demo) -> None:
        users = list(get_user_model().objects.filter(staff_member__organisation=demo))
        assert len(users) >= 7
        seen_some = False
        for user in users:
            assert ids(rules.visible_sessions(user)) == ids(reference_sessions(user)), user
            assert ids(rules.editable_sessions(user)) == ids(reference_editable(user)), user
            discussions = ids(rules.visible_discussions(user))
            assert discussions == ids(reference_discussions(user)), user
            assert ids(rules.visible_cases(user)) == ids(reference_cases(user)), user
            seen_some = seen_some or bool(discussions)
        assert seen_some  # not a comparison of empty sets

    def test_among_answers_which_of_these_the_rules_allow(self, demo) -> None:
        """`among` narrows each set before the union (reports.drift_rows):
        the same answer as the whole rule filtered afterwards."""
        every_discussion = list(
            CaseDiscussion.objects.filter(session__organisation=demo)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        every_case = list(Case.objects.filter(organisation=demo).values_list("pk", flat=True))
        some_discussions, some_cases = every_discussion[::3], every_case[::3]
        for user in get_user_model().objects.filter(staff_member__organisation=demo):
            among = ids(rules.visible_discussions(user, among=some_discussions))
            assert among == ids(rules.visible_discussions(user)) & set(some_discussions), user
            among = ids(rules.visible_cases(user, among=some_cases))
            assert among == ids(rules.visible_cases(user)) & set(some_cases), user
            assert not ids(rules.visible_cases(user, among=[]))

    def test_a_directors_need_to_know(self, demo) -> None:
        director = get_user_model().objects.get(username="director")
        worker = StaffMember.objects.filter(organisation=demo, case_periods__isnull=False).first()
        case = Case.objects.filter(organisation=demo, discussions__isnull=False).last()
        for grant in ({"staff": worker}, {"case": case}):
            need_to_know_open(
                user=director,
                organisation=demo,
                reason="risk",
                details="A complaint to look into.",
                **grant,
            )
        assert case.pk in ids(rules.visible_cases(director))
        assert ids(rules.visible_sessions(director)) == ids(reference_sessions(director))
        assert ids(rules.visible_discussions(director)) == ids(reference_discussions(director))
        assert ids(rules.visible_cases(director)) == ids(reference_cases(director))


@pytest.mark.django_db
def test_a_former_worker_reads_the_discussion_of_their_time(world) -> None:
    """Discussed in a session they were not in, while the case was theirs;
    the case has moved on since: the set `allocated_then` alone lets them
    read it."""
    from datetime import timedelta

    from supervisiondesk.people.services import case_period_add, period_end
    from supervisiondesk.supervision.services.common import organisation_today
    from supervisiondesk.supervision.tests.test_case_record import make_session

    today = organisation_today(world.organisation)
    case = Case.objects.get(case_id="case-0")
    period = case.periods.get()
    period_end(period=period, end_date=today - timedelta(days=10))
    case_period_add(
        case=case,
        worker=world.staff["colleague"],
        case_type="cp",
        risk="high",
        start_date=today - timedelta(days=9),
    )
    session = make_session(
        supervisor=world.staff["other_supervisor"],
        attendees=[world.staff["colleague"]],
        day=today - timedelta(days=20),
    )
    discussion = CaseDiscussion.objects.create(session=session, case=case)
    practitioner = world.users["practitioner"]
    assert discussion.pk in ids(rules.visible_discussions(practitioner))
    assert ids(rules.visible_discussions(practitioner)) == ids(reference_discussions(practitioner))
    assert ids(rules.visible_cases(practitioner)) == ids(reference_cases(practitioner))
