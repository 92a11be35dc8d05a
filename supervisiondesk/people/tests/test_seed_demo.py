"""seed_demo: the demo organisation covers every word of the spec, its logins
sit in the right places, it is deterministic and valid row by row; the
national generator's small runs are valid and in proportion."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Q
from django.test import override_settings

from supervisiondesk.people.choices import CaseType, Category, RelationshipKind, Risk
from supervisiondesk.people.demo import LOGINS, SeedError, seed_national
from supervisiondesk.people.demo.demo import check_plan, plan_demo
from supervisiondesk.people.demo.national import plan_national
from supervisiondesk.people.demo.roster import ORGANISATION
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

TODAY = date(2026, 5, 20)
PASSWORD = "demo password for tests"


def on(day: date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", "--today", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """The demo organisation, seeded once for a class of tests: inside a
    transaction rolled back after the class, each test in a savepoint
    (pytest-django's `db`) rolled back after the test."""
    # Before the suite's function-level settings: hash as the tests do.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic():
        with pytest.MonkeyPatch.context() as patch, fast:
            patch.setenv("DEMO_PASSWORD", PASSWORD)
            seed()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db) -> Organisation:
    return Organisation.objects.get(name=ORGANISATION)


def dump(organisation: Organisation) -> dict[str, list]:
    """The organisation's data without keys or password hashes, in a fixed order."""

    def rows(queryset, *fields: str) -> list:
        return sorted(queryset.values_list(*fields), key=repr)

    staff = {"staff__organisation": organisation}
    return {
        "organisation": rows(
            Organisation.objects.filter(pk=organisation.pk),
            "name", "country", "time_zone", "policy",
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


def test_a_failure_leaves_nothing(db, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("supervisiondesk.people.demo.demo.create_logins", broken)
    with pytest.raises(RuntimeError):
        seed()
    assert not Organisation.objects.exists()
    assert not StaffMember.objects.exists()
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


def test_the_national_scale_refuses_tiny_sizes(db) -> None:
    with pytest.raises(SeedError):
        seed_national(seed=1, today=TODAY, password=PASSWORD, reset=False, staff=10)
