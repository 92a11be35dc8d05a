"""seed_demo: the demo organisation covers every word of the spec, its logins
sit in the right places, it is deterministic and valid row by row; the
national generator's small runs are valid and in proportion."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Q

from supervisiondesk.people.choices import CaseType, Category, RelationshipKind, Risk
from supervisiondesk.people.demo import LOGINS, SeedError, seed_national
from supervisiondesk.people.demo.demo import check_plan, plan_demo
from supervisiondesk.people.demo.national import plan_national
from supervisiondesk.people.demo.roster import ORGANISATION
from supervisiondesk.people.demo.sessions import (
    ATTENDEES,
    CASE_INTERVALS,
    FUNCTIONS,
    GROUP_CATEGORIES,
    KIND,
    STATUS,
    SUPERVISOR,
    add_interval,
    check_supervision,
)
from supervisiondesk.people.demo.supervision import plan_demo_supervision
from supervisiondesk.people.models import (
    Absence,
    Case,
    CasePeriod,
    CategoryPeriod,
    Organisation,
    Service,
    StaffMember,
    SupervisoryRelationship,
    Team,
    TeamMembership,
)
from supervisiondesk.people.periods import first_overlap
from supervisiondesk.people.selectors import caseload_of, category_of, supervisors_of
from supervisiondesk.people.tests.demo_day import DEMO_PASSWORD, DEMO_TODAY
from supervisiondesk.supervision.choices import SessionKind
from supervisiondesk.supervision.models import (
    CaseDiscussion,
    SessionAttendee,
    SupervisionAgreement,
    SupervisionSession,
)

TODAY = date.fromisoformat(DEMO_TODAY)
PASSWORD = DEMO_PASSWORD


def on(day: date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", "--today", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


def dump(organisation: Organisation) -> dict[str, list]:
    """The organisation's data without keys or password hashes, in a fixed order."""

    def rows(queryset, *fields: str) -> list:
        return sorted(queryset.values_list(*fields), key=repr)

    staff = {"staff__organisation": organisation}
    return {
        "organisation": rows(
            Organisation.objects.filter(pk=organisation.pk),
            "name", "country", "time_zone", "policy_versions__preset",
        ),
        "services": rows(
            Service.objects.filter(organisation=organisation),
            "name", "service_type", "start_date", "end_date",
        ),
        "teams": rows(
            Team.objects.filter(organisation=organisation),
            "code", "name", "service__name", "start_date", "end_date",
        ),
        "staff": rows(
            StaffMember.objects.filter(organisation=organisation),
            "staff_id", "name", "country", "start_date", "end_date", "user__username",
        ),
        "memberships": rows(
            TeamMembership.objects.filter(**staff),
            "staff__staff_id", "team__code", "job_title", "fte", "start_date", "end_date",
        ),
        "categories": rows(
            CategoryPeriod.objects.filter(**staff),
            "staff__staff_id", "category", "start_date", "end_date",
        ),
        "relationships": rows(
            SupervisoryRelationship.objects.filter(supervisee__organisation=organisation),
            "supervisee__staff_id", "supervisor__staff_id", "kind", "start_date", "end_date",
        ),
        "absences": rows(
            Absence.objects.filter(**staff), "staff__staff_id", "kind", "start_date", "end_date"
        ),
        "cases": rows(
            Case.objects.filter(organisation=organisation),
            "case_id", "source_system", "external_id",
        ),
        "case periods": rows(
            CasePeriod.objects.filter(case__organisation=organisation),
            "case__case_id", "worker__staff_id", "case_type", "risk", "start_date", "end_date",
        ),
        "users": rows(
            get_user_model().objects.filter(staff_member__organisation=organisation),
            "username", "first_name", "last_name", "email", "is_staff", "is_superuser",
            "groups__name",
        ),
        "sessions": rows(
            SupervisionSession.objects.filter(organisation=organisation),
            "session_id", "kind", "status", "date", "duration_minutes", "supervisor__staff_id",
            "recorded_on", "supervisor_signed_on", "supervisee_signed_on", "shared_on",
            "functions",
        ),
        "session supervisees": rows(
            SessionAttendee.objects.filter(session__organisation=organisation),
            "session__session_id", "staff__staff_id",
        ),
        "case discussions": rows(
            CaseDiscussion.objects.filter(session__organisation=organisation),
            "session__session_id", "case__case_id", "recorded_on",
        ),
        "agreements": rows(
            SupervisionAgreement.objects.filter(supervisee__organisation=organisation),
            "supervisee__staff_id", "supervisor__staff_id", "signed_on", "reviewed_on",
        ),
    }  # fmt: skip


def assert_periods_valid(organisation: Organisation, *, sample: int = 1) -> None:
    """full_clean() on every row (every `sample`-th case and case period),
    then the rules across rows on all of them: no overlaps of the same kind,
    everyone in post for the periods that concern them."""
    staff = list(StaffMember.objects.filter(organisation=organisation))
    people = {"staff__organisation": organisation}
    owned = {
        TeamMembership: TeamMembership.objects.filter(**people),
        CategoryPeriod: CategoryPeriod.objects.filter(**people),
        SupervisoryRelationship: SupervisoryRelationship.objects.filter(
            supervisee__organisation=organisation
        ),
        Absence: Absence.objects.filter(**people),
    }
    rows = {model: list(queryset) for model, queryset in owned.items()}
    cases = list(Case.objects.filter(organisation=organisation).order_by("pk"))
    periods = list(CasePeriod.objects.filter(case__organisation=organisation).order_by("pk"))
    structure = [
        *Service.objects.filter(organisation=organisation),
        *Team.objects.filter(organisation=organisation),
    ]
    for row in [*structure, *staff, *(r for group in rows.values() for r in group)]:
        row.full_clean()
    for row in [*cases[::sample], *periods[::sample]]:
        row.full_clean()

    in_post = {s.pk: (s.start_date, s.end_date) for s in staff}

    def within(row, person: int) -> bool:
        start, end = in_post[person]
        return start <= row.start_date and (
            end is None or (row.end_date is not None and row.end_date <= end)
        )

    groups: dict[tuple, list] = defaultdict(list)
    for model, group in rows.items():
        for row in group:
            owner = row.supervisee_id if model is SupervisoryRelationship else row.staff_id
            assert within(row, owner), row
            if model is SupervisoryRelationship:
                # Active: both people in post for all of it.
                assert within(row, row.supervisor_id), f"supervisor not in post: {row}"
                groups[(model, owner, row.kind)].append(row)
            elif model is not Absence:  # absences may overlap
                groups[(model, owner)].append(row)
    for row in periods:
        assert within(row, row.worker_id), f"worker not in post: {row}"
        groups[(CasePeriod, row.case_id)].append(row)
    for key, group in groups.items():
        assert first_overlap(group) is None, key


# ------------------------------------------------------------ demo scale


class TestTheDemoOrganisation:
    """Seeded once: these tests read it, or change it inside their savepoint."""

    def test_the_demo_covers_every_category_case_type_risk_and_kind(self, demo) -> None:
        categories = CategoryPeriod.objects.filter(staff__organisation=demo)
        periods = CasePeriod.objects.filter(case__organisation=demo)
        assert set(categories.values_list("category", flat=True)) == set(Category.values)
        assert set(periods.values_list("case_type", flat=True)) == set(CaseType.values)
        assert set(periods.values_list("risk", flat=True)) == set(Risk.values)
        kinds = SupervisoryRelationship.objects.filter(supervisee__organisation=demo)
        assert set(kinds.values_list("kind", flat=True)) == set(RelationshipKind.values)

        staff = StaffMember.objects.filter(organisation=demo)
        assert 55 <= staff.count() <= 70
        assert 580 <= Case.objects.filter(organisation=demo).count() <= 600
        assert Service.objects.filter(organisation=demo).count() == 3
        assert Team.objects.filter(organisation=demo).count() == 6
        assert staff.filter(end_date__lt=TODAY).count() >= 5  # leavers
        assert staff.filter(start_date__gt=TODAY - timedelta(days=365)).count() >= 5  # starters
        moved = Counter(
            TeamMembership.objects.filter(staff__organisation=demo).values_list("staff", flat=True)
        )
        assert sum(1 for n in moved.values() if n == 2) >= 2
        absences = Absence.objects.filter(staff__organisation=demo)
        assert absences.filter(end_date__lt=TODAY).exists()
        assert absences.filter(on(TODAY)).exists()
        assert absences.filter(start_date__gt=TODAY).exists()
        assert set(absences.values_list("kind", flat=True)) >= {"sickness", "parental"}
        # ASYE: some still in it (begun within the year), some qualified since.
        asye = categories.filter(category="asye")
        assert asye.filter(end_date__isnull=True, start_date__gt=TODAY - timedelta(days=365))
        assert asye.filter(end_date__lt=TODAY, staff__categories__category="qualified").exists()
        # History: two years back, no further.
        assert periods.order_by("start_date").first().start_date == TODAY - timedelta(days=730)
        assert periods.filter(end_date__lt=TODAY).exists()  # closed and reallocated
        assert Counter(periods.values_list("case", flat=True)).most_common(1)[0][1] >= 3
        # Every case has exactly one current period or none (closed).
        open_per_case = Counter(
            periods.filter(end_date__isnull=True).values_list("case", flat=True)
        )
        assert set(open_per_case.values()) == {1}

    def test_the_seven_logins_have_their_roles_and_places(self, demo) -> None:
        users = {u.username: u for u in get_user_model().objects.prefetch_related("groups")}
        assert set(users) == {username for username, _roles in LOGINS}
        for username, roles in LOGINS:
            user = users[username]
            assert {g.name for g in user.groups.all()} == set(roles), username
            assert user.check_password(PASSWORD)
            assert user.staff_member.organisation == demo
            assert not user.is_superuser
            assert user.is_staff == (username == "admin")
        staff = {name: users[name].staff_member for name in users}
        assert category_of(staff=staff["admin"], on=TODAY).category == "support_staff"
        assert category_of(staff=staff["practitioner"], on=TODAY).category == "qualified"
        assert len(caseload_of(staff=staff["practitioner"], on=TODAY).periods) >= 10
        for supervisee, supervisor in [
            ("practitioner", "supervisor"),
            ("supervisor", "manager"),
            ("manager", "senior"),
            ("senior", "director"),
        ]:
            lines = [
                row.staff
                for row in supervisors_of(staff=staff[supervisee], on=TODAY)
                if row.relationship.kind == "line"
            ]
            assert lines == [staff[supervisor]], supervisee
        assert (
            SupervisoryRelationship.objects.filter(
                on(TODAY), supervisor=staff["supervisor"]
            ).count()
            >= 5
        )
        # Staff without a login have none.
        assert StaffMember.objects.filter(organisation=demo, user__isnull=False).count() == 7

    def test_every_demo_row_is_valid(self, demo) -> None:
        assert check_plan(plan_demo(seed=1, today=TODAY)) == []
        assert_periods_valid(demo)

    def test_the_seed_is_deterministic_and_reset_starts_afresh(self, demo, monkeypatch) -> None:
        first = dump(demo)
        # Without DEMO_PASSWORD a password is generated and printed once.
        monkeypatch.delenv("DEMO_PASSWORD", raising=False)
        output = seed("--reset")
        password = output.strip().splitlines()[-1].split()[-1]
        assert len(password) >= 12 and password != PASSWORD
        assert get_user_model().objects.get(username="director").check_password(password)
        assert Organisation.objects.count() == 1
        assert get_user_model().objects.count() == 7
        assert dump(Organisation.objects.get(name=ORGANISATION)) == first
        # Another seed is another organisation, over the same roster.
        assert plan_demo(seed=2, today=TODAY).cases != plan_demo(seed=1, today=TODAY).cases

    def test_an_existing_organisation_is_refused_without_reset(self, demo) -> None:
        with pytest.raises(CommandError, match="--reset"):
            seed()
        with pytest.raises(CommandError, match="--scale national"):
            seed("--staff", "300")

    # ---------------------------------------------------------- supervision

    def test_the_demo_has_two_years_of_supervision_of_every_kind(self, demo) -> None:
        sessions = SupervisionSession.objects.filter(organisation=demo)
        by_kind: dict[str, Counter] = defaultdict(Counter)
        for kind, status in sessions.values_list("kind", "status"):
            by_kind[kind][status] += 1
        for kind in SessionKind.values:
            assert by_kind[kind]["held"] >= 3, kind
            assert by_kind[kind]["planned"] >= 1, kind
            assert by_kind[kind]["cancelled"] + by_kind[kind]["postponed"] >= 1, kind
        assert by_kind["individual_formal"]["held"] >= 1000
        assert by_kind["group"]["held"] >= 200
        held = sessions.filter(status="held")
        assert held.order_by("date").first().date >= TODAY - timedelta(days=730)
        assert held.order_by("date").first().date <= TODAY - timedelta(days=700)
        assert held.order_by("-date").first().date <= TODAY
        planned = sessions.filter(status="planned")
        assert planned.order_by("date").first().date > TODAY
        assert planned.order_by("-date").first().date <= TODAY + timedelta(days=28)
        assert not planned.exclude(recorded_on=None).exists()
        # Session ids: s and six digits, issued in date order.
        codes = list(sessions.order_by("date", "session_id").values_list("session_id", flat=True))
        assert codes == sorted(codes) and all(re.fullmatch(r"s\d{6}", c) for c in codes)
        # Nothing after today is recorded, signed or shared yet; nothing not held at all.
        for field in ("recorded_on", "supervisor_signed_on", "supervisee_signed_on", "shared_on"):
            assert not sessions.filter(**{f"{field}__gt": TODAY}).exists(), field
            assert not sessions.exclude(status="held").exclude(**{field: None}).exists(), field

        formal = list(
            sessions.filter(kind="individual_formal", status="held").values_list(
                "date", "duration_minutes", "functions", "recorded_on",
                "supervisor_signed_on", "supervisee_signed_on", "shared_on",
            )
        )  # fmt: skip
        n = len(formal)
        minutes = [row[1] for row in formal]
        assert min(minutes) >= 45 and max(minutes) <= 120
        assert 0.05 <= sum(m < 90 for m in minutes) / n <= 0.35  # some short sessions
        assert all(row[2] and set(row[2]) <= set(FUNCTIONS) for row in formal)
        assert sum(len(row[2]) >= 3 for row in formal) / n >= 0.6  # usually 3 or 4
        assert Counter(f for row in formal for f in row[2])["mediation"] < n * 0.8

        def days(after: date | None, before: date) -> int | None:
            return None if after is None else (after - before).days

        recorded = [days(row[3], row[0]) for row in formal]
        # The same or the next working day, mostly.
        assert sum(d is not None and d <= 4 for d in recorded) / n >= 0.7
        assert sum(d is not None and d > 7 for d in recorded) >= 5  # some late
        assert 1 <= recorded.count(None) <= n * 0.05  # a few never
        for column in (4, 5, 6):  # signed by each, shared
            gaps = [days(row[column], row[3]) for row in formal if row[3] is not None]
            assert sum(d is not None and d <= 7 for d in gaps) / len(gaps) >= 0.7, column
            assert gaps.count(None) >= 1, column

        discussions = CaseDiscussion.objects.filter(session__organisation=demo)
        written = [
            days(recorded_on, day)
            for recorded_on, day in discussions.values_list("recorded_on", "session__date")
        ]
        assert len(written) >= 2000
        assert sum(d is not None and d <= 4 for d in written) / len(written) >= 0.75
        assert sum(d is not None and d > 4 for d in written) >= 10  # some late
        assert written.count(None) >= 5  # a few missing
        assert discussions.filter(session__kind="group").exists()
        assert SupervisionAgreement.objects.filter(supervisee__organisation=demo).count() >= 50

    def test_sessions_are_with_active_supervisors_and_discuss_allocated_cases(self, demo) -> None:
        in_post = {
            s.pk: (s.start_date, s.end_date) for s in StaffMember.objects.filter(organisation=demo)
        }

        def active(start: date, end: date | None, day: date) -> bool:
            return start <= day and (end is None or day <= end)

        related = defaultdict(list)
        for row in SupervisoryRelationship.objects.filter(supervisee__organisation=demo):
            related[(row.supervisee_id, row.supervisor_id)].append(row)
        attendees = defaultdict(set)
        for session, staff in SessionAttendee.objects.filter(
            session__organisation=demo
        ).values_list("session", "staff"):
            attendees[session].add(staff)
        sessions = {s.pk: s for s in SupervisionSession.objects.filter(organisation=demo)}
        assert all(attendees[pk] for pk in sessions)
        for pk, session in sessions.items():
            assert session.supervisor_id not in attendees[pk], session
            if session.kind != "individual_formal":
                continue
            assert len(attendees[pk]) == 1, session
            for supervisee in attendees[pk]:
                assert active(*in_post[supervisee], session.date), session
                assert active(*in_post[session.supervisor_id], session.date), session
                assert any(
                    row.covers(session.date) for row in related[(supervisee, session.supervisor_id)]
                ), session

        periods = defaultdict(list)
        for row in CasePeriod.objects.filter(case__organisation=demo):
            periods[row.case_id].append(row)
        for pk, case in CaseDiscussion.objects.filter(session__organisation=demo).values_list(
            "session", "case"
        ):
            session = sessions[pk]
            assert session.status == "held" and session.kind in ("individual_formal", "group")
            assert any(
                row.worker_id in attendees[pk] and row.covers(session.date) for row in periods[case]
            ), (session, case)

        # Group sessions: led by the team's manager (a colleague when the
        # manager is away), for the practitioners in the policy's categories.
        group = [s for s in sessions.values() if s.kind == "group"]
        managers = set(
            TeamMembership.objects.filter(
                staff__organisation=demo, job_title="Team Manager"
            ).values_list("staff", flat=True)
        )
        assert sum(s.supervisor_id in managers for s in group) >= len(group) * 0.9
        categories = defaultdict(list)
        for row in CategoryPeriod.objects.filter(staff__organisation=demo):
            categories[row.staff_id].append(row)
        for session in group:
            for staff in attendees[session.pk]:
                (category,) = [r.category for r in categories[staff] if r.covers(session.date)]
                assert category in GROUP_CATEGORIES, (session, staff)

    def test_the_demo_supervisor_facilitates_a_group_with_a_session_planned(self, demo) -> None:
        """So that the group pages have something to show from the first login."""
        session = SupervisionSession.objects.get(
            organisation=demo, group__facilitator__user__username="supervisor"
        )
        assert session.status == "planned" and session.date > TODAY
        assert session.attendees.count() == session.group.members.count() >= 2
        assert session.sections.exists()

    def test_the_compliance_picture_has_some_overdue_rows(self, demo) -> None:
        """Mostly on time, with a few supervisees overdue today, a few cases
        drifting, and agreements missing or with the review overdue (a
        rough reading of southwark-2021; the engine has the exact one)."""
        held = SupervisionSession.objects.filter(
            organisation=demo, kind="individual_formal", status="held"
        )
        last: dict[int, date] = {}
        for staff, day in SessionAttendee.objects.filter(session__in=held).values_list(
            "staff", "session__date"
        ):
            last[staff] = max(day, last.get(staff, day))
        supervised = SupervisoryRelationship.objects.filter(
            on(TODAY), supervisee__organisation=demo, kind="line"
        ).exclude(supervisee__absences__in=Absence.objects.filter(on(TODAY)))
        supervisees = set(supervised.values_list("supervisee", flat=True))
        late = [s for s in supervisees if last.get(s, date.min) < TODAY - timedelta(days=35)]
        assert 2 <= len(late) <= len(supervisees) * 0.2

        discussed: dict[int, date] = {}
        for case, day in CaseDiscussion.objects.filter(session__organisation=demo).values_list(
            "case", "session__date"
        ):
            discussed[case] = max(day, discussed.get(case, day))
        open_periods = CasePeriod.objects.filter(case__organisation=demo, end_date=None)
        overdue = 0
        for period in open_periods:
            first = CasePeriod.objects.filter(case=period.case_id).order_by("start_date").first()
            since = discussed.get(period.case_id, first.start_date)
            interval = CASE_INTERVALS[(period.case_type, period.risk)]
            if date.fromordinal(add_interval(since.toordinal(), interval)) < TODAY:
                overdue += 1
        assert 5 <= overdue <= open_periods.count() * 0.15

        agreements = {
            (a.supervisee_id, a.supervisor_id): max(filter(None, (a.signed_on, a.reviewed_on)))
            for a in SupervisionAgreement.objects.filter(supervisee__organisation=demo)
        }
        pairs = set(
            SupervisoryRelationship.objects.filter(
                on(TODAY), supervisee__organisation=demo, kind__in=["line", "professional"]
            ).values_list("supervisee", "supervisor")
        )
        missing = [p for p in pairs if p not in agreements]
        review_overdue = [
            p
            for p in pairs
            if p in agreements
            and date.fromordinal(add_interval(agreements[p].toordinal(), (12, "m"))) < TODAY
        ]
        assert 1 <= len(missing) <= len(pairs) * 0.1
        assert 1 <= len(review_overdue) <= len(pairs) * 0.15


def test_a_failure_leaves_nothing(db, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("supervisiondesk.people.demo.demo.create_logins", broken)
    with pytest.raises(RuntimeError):
        seed()
    assert not Organisation.objects.exists()
    assert not StaffMember.objects.exists()
    assert not SupervisionSession.objects.exists()
    assert not get_user_model().objects.exists()


# ------------------------------------------------------------ national scale


def test_the_national_plan_is_deterministic() -> None:
    a = plan_national(seed=3, today=TODAY.toordinal(), staff=400)
    b = plan_national(seed=3, today=TODAY.toordinal(), staff=400)
    assert (a.memberships, a.relationships, a.categories, a.absences) == (
        b.memberships, b.relationships, b.categories, b.absences,
    )  # fmt: skip


STAFF, OPEN = 150, 2000


def test_a_small_national_run_is_valid_and_in_proportion(db) -> None:
    # The national proportions (30,000 staff, 400,000 open cases), small.
    report = seed_national(
        seed=1, today=TODAY, password=PASSWORD, reset=False, staff=STAFF, open_cases=OPEN
    )
    organisation = Organisation.objects.get(name=report.organisation)
    assert_periods_valid(organisation, sample=10)
    staff = StaffMember.objects.filter(organisation=organisation)
    periods = CasePeriod.objects.filter(case__organisation=organisation)
    assert staff.count() == STAFF
    assert periods.filter(end_date__isnull=True).count() == OPEN  # one per open case
    assert Case.objects.filter(organisation=organisation).count() > OPEN * 1.4  # and closed
    assert report.rows["case periods"] == periods.count()

    in_post = staff.filter(on(TODAY))
    leavers = staff.filter(end_date__lt=TODAY).count()
    assert 0.04 <= leavers / STAFF <= 0.10
    # Everyone in post has one team and one category today, and a line
    # supervisor (except the director and the external supervisors).
    today_rows = {
        "team": TeamMembership.objects.filter(on(TODAY), staff__in=in_post),
        "category": CategoryPeriod.objects.filter(on(TODAY), staff__in=in_post),
    }
    for label, queryset in today_rows.items():
        assert queryset.count() == in_post.count(), label
    lines = SupervisoryRelationship.objects.filter(on(TODAY), kind="line", supervisee__in=in_post)
    unsupervised = in_post.exclude(pk__in=lines.values("supervisee"))
    assert unsupervised.count() == 1 + 2  # the director; two external supervisors

    holders = Counter(periods.filter(end_date__isnull=True).values_list("worker", flat=True))
    assert 10 <= OPEN / len(holders) <= 20  # open cases per practitioner
    supervisors = Counter(
        lines.filter(supervisee__in=list(holders)).values_list("supervisor", flat=True)
    )
    assert 5 <= len(holders) / len(supervisors) <= 9  # practitioners per line supervisor
    # Managers over supervisors: every line supervisor's own line supervisor is a manager.
    bosses = lines.filter(supervisee__in=list(supervisors)).values_list("supervisor", flat=True)
    assert set(
        CategoryPeriod.objects.filter(on(TODAY), staff__in=bosses).values_list(
            "category", flat=True
        )
    ) == {"manager"}
    assert set(periods.values_list("risk", flat=True)) == set(Risk.values)
    for username, _roles in LOGINS:
        assert staff.filter(user__username=username).exists()

    # Supervision in the same proportions as the national run: monthly
    # individual sessions (more for new starters), case discussions at the
    # case types' intervals, an agreement for nearly every pair.
    sessions = SupervisionSession.objects.filter(organisation=organisation)
    assert set(sessions.values_list("kind", flat=True)) == set(SessionKind.values)
    held = sessions.filter(kind="individual_formal", status="held")
    supervised = lines.values("supervisee").distinct().count()
    assert 20 <= held.count() / supervised <= 32  # two years
    assert sessions.filter(status="planned", date__gt=TODAY + timedelta(days=28)).count() == 0
    cases = Case.objects.filter(organisation=organisation).count()
    discussions = CaseDiscussion.objects.filter(session__organisation=organisation)
    assert 3 <= discussions.count() / cases <= 7
    pairs = (
        SupervisoryRelationship.objects.filter(
            supervisee__organisation=organisation, kind__in=["line", "professional"]
        )
        .values("supervisee", "supervisor")
        .distinct()
        .count()
    )
    agreements = SupervisionAgreement.objects.filter(supervisee__organisation=organisation)
    assert 0.85 <= agreements.count() / pairs <= 1
    attendees = SessionAttendee.objects.filter(session__organisation=organisation)
    for label, queryset in [
        ("supervision sessions", sessions),
        ("session attendees", attendees),
        ("case discussions", discussions),
        ("supervision agreements", agreements),
    ]:
        assert report.rows[label] == queryset.count(), label
    for row in [*sessions.order_by("pk")[::100], *discussions.order_by("pk")[::500]]:
        row.full_clean()
    for row in agreements:
        row.full_clean()


def test_the_supervision_plan_is_deterministic_and_its_check_finds_broken_rows() -> None:
    staffing, plan = plan_demo_supervision(plan_demo(seed=1, today=TODAY), seed=1)
    again = plan_demo_supervision(plan_demo(seed=1, today=TODAY), seed=1)[1]
    assert (plan.sessions, plan.discussions, plan.agreements) == (
        again.sessions, again.discussions, again.agreements,
    )  # fmt: skip
    assert check_supervision(staffing, plan) == []
    # A session led by the supervisee's own supervisee, and a case discussed
    # with someone who does not hold it, are both refused.
    sessions = list(plan.sessions)
    i = next(
        i for i, s in enumerate(sessions) if s[KIND] == "individual_formal" and s[STATUS] == "held"
    )
    s = sessions[i]
    sessions[i] = (*s[:SUPERVISOR], s[ATTENDEES][0], (s[SUPERVISOR],), *s[ATTENDEES + 1 :])
    session, _case, recorded = plan.discussions[0]
    present = set(plan.sessions[session][ATTENDEES])
    workers = defaultdict(set)
    for c, worker, *_rest in staffing.case_periods:
        workers[c].add(worker)
    other = next(c for c in sorted(workers) if not workers[c] & present)
    broken = sorted({(session, other, recorded), *plan.discussions[1:]})
    plan.sessions, plan.discussions = sessions, broken
    problems = check_supervision(staffing, plan)
    assert any("no active relationship" in p for p in problems), problems
    assert any("not allocated" in p for p in problems), problems


def test_the_national_scale_refuses_tiny_sizes(db) -> None:
    with pytest.raises(SeedError):
        seed_national(seed=1, today=TODAY, password=PASSWORD, reset=False, staff=10)
