"""`seed_demo --scale national`: plan, check, bulk-write, time each stage."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from time import perf_counter

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils.translation import gettext as _

from supervisiondesk.people import services
from supervisiondesk.people.demo.bulk import BulkWriter, check_plan
from supervisiondesk.people.demo.common import (
    LOGINS,
    SeedError,
    SeedReport,
    create_logins,
    database_bytes,
    prepare_organisation,
)
from supervisiondesk.people.demo.names import NamePicker
from supervisiondesk.people.demo.national import (
    EMAIL_DOMAIN,
    MIN_STAFF,
    ORGANISATION,
    plan_national,
)
from supervisiondesk.people.demo.national_cases import plan_cases
from supervisiondesk.people.demo.national_supervision import (
    check_national_supervision,
    plan_national_supervision,
    write_national_supervision,
)
from supervisiondesk.people.demo.seats import NationalPlan
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

STAFF = 30_000
OPEN_CASES = 400_000


class Stopwatch:
    def __init__(self, report: Callable[[str, float], None] | None) -> None:
        self.report = report
        self.started = self.last = perf_counter()
        self.stages: list[tuple[str, float]] = []

    def lap(self, stage: str) -> None:
        now = perf_counter()
        self.stages.append((stage, now - self.last))
        self.last = now
        if self.report is not None:
            self.report(stage, self.stages[-1][1])

    @property
    def total(self) -> float:
        return self.last - self.started


def seed_national(
    *,
    seed: int,
    today: date,
    password: str,
    reset: bool,
    staff: int = STAFF,
    open_cases: int = OPEN_CASES,
    report: Callable[[str, float], None] | None = None,
) -> SeedReport:
    """The national dataset, in one transaction; `report(stage, seconds)`
    is called as each stage ends."""
    if staff < MIN_STAFF or open_cases < 0:
        raise SeedError(
            _("The national scale needs at least %(n)d staff and no negative case count.")
            % {"n": MIN_STAFF}
        )
    clock = Stopwatch(report)
    plan = plan_national(seed=seed, today=today.toordinal(), staff=staff)
    clock.lap(_("plan staff and periods"))
    plan_cases(seed=seed, plan=plan, open_cases=open_cases)
    clock.lap(_("plan cases"))
    staffing, supervision = plan_national_supervision(plan, seed=seed, lap=clock.lap)
    check_plan(plan)
    clock.lap(_("check the rules"))
    check_national_supervision(staffing, supervision)
    clock.lap(_("check the supervision rules"))
    writer = BulkWriter()
    with transaction.atomic():
        _tune_sqlite()
        prepare_organisation(ORGANISATION, reset=reset)
        clock.lap(_("reset"))
        organisation = services.organisation_create(
            name=ORGANISATION, country="GB-ENG", time_zone="Europe/London"
        )
        staff_base = _write_people(writer, organisation, plan, seed)
        clock.lap(_("write structure and staff"))
        case_base = writer.first_id(Case)
        writer.insert(
            Case,
            ("id", "organisation", "case_id", "source_system", "external_id"),
            (
                (case_base + i, organisation.pk, case_id, system, "")
                for i, (case_id, system) in enumerate(plan.cases)
            ),
        )
        clock.lap(_("write cases"))
        d = writer.dates
        writer.insert(
            CasePeriod,
            ("case", "worker", "case_type", "risk", "start_date", "end_date"),
            (
                (case_base + c, staff_base + w, case_type, risk, d[a], d[b])
                for c, w, case_type, risk, a, b in plan.case_periods
            ),
        )
        clock.lap(_("write case periods"))
        write_national_supervision(
            writer,
            organisation,
            supervision,
            staff_base=staff_base,
            case_base=case_base,
            lap=clock.lap,
        )
        del staffing, supervision
        writer.reset_sequences()
        members = StaffMember.objects.in_bulk([staff_base + i for i in plan.logins.values()])
        logins = create_logins(
            {name: members[staff_base + plan.logins[name]] for name, _roles in LOGINS},
            password=password,
            email_domain=EMAIL_DOMAIN,
        )
        clock.lap(_("logins"))
    clock.lap(_("commit"))
    _analyse(writer)
    clock.lap(_("analyse"))
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        clock.lap(_("checkpoint"))
    rows = {str(Organisation._meta.verbose_name_plural): 1, **writer.rows}
    rows[str(get_user_model()._meta.verbose_name_plural)] = len(logins)
    return SeedReport(
        organisation=ORGANISATION,
        rows=rows,
        logins=logins,
        stages=clock.stages,
        seconds=clock.total,
        database_bytes=database_bytes(),
    )


def _tune_sqlite() -> None:
    if connection.vendor == "sqlite":
        # Index pages of 1M rows inserted in random worker order: a cache
        # of 256 MB (for this connection only) keeps them in memory.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")


def _analyse(writer: BulkWriter) -> None:
    """Fresh planner statistics, so the first pages on the data are fast."""
    if connection.in_atomic_block:
        return  # inside a caller's transaction (tests): not worth it
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in writer.models:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")


def _write_people(writer: BulkWriter, organisation, plan: NationalPlan, seed: int) -> int:
    """Services, teams, staff and their periods; returns the first staff key."""
    d = writer.dates
    org = organisation.pk
    since = plan.history_start
    service_base = writer.first_id(Service)
    writer.insert(
        Service,
        ("id", "organisation", "name", "service_type", "start_date"),
        (
            (service_base + i, org, name, service_type, d[since])
            for i, (name, service_type) in enumerate(plan.services)
        ),
    )
    team_base = writer.first_id(Team)
    writer.insert(
        Team,
        ("id", "organisation", "service", "code", "name", "start_date"),
        (
            (team_base + i, org, service_base + s, code, name, d[since])
            for i, (s, code, name) in enumerate(plan.teams)
        ),
    )
    names = NamePicker(random.Random(f"{seed}:names"))
    staff_base = writer.first_id(StaffMember)
    writer.insert(
        StaffMember,
        ("id", "organisation", "staff_id", "name", "country", "start_date", "end_date"),
        (
            (staff_base + i, org, f"S{100001 + i}", names.name(), "", d[p.start], d[p.end])
            for i, p in enumerate(plan.staff)
        ),
    )
    fte = {
        value: writer.decimal(TeamMembership, "fte", value)
        for value in sorted({row[3] for row in plan.memberships})
    }
    writer.insert(
        TeamMembership,
        ("staff", "team", "job_title", "fte", "start_date", "end_date"),
        (
            (staff_base + s, team_base + t, title, fte[f], d[a], d[b])
            for s, t, title, f, a, b in plan.memberships
        ),
    )
    writer.insert(
        CategoryPeriod,
        ("staff", "category", "start_date", "end_date"),
        ((staff_base + s, category, d[a], d[b]) for s, category, a, b in plan.categories),
    )
    writer.insert(
        SupervisoryRelationship,
        ("supervisee", "supervisor", "kind", "start_date", "end_date"),
        (
            (staff_base + s, staff_base + v, kind, d[a], d[b])
            for s, v, kind, a, b in plan.relationships
        ),
    )
    writer.insert(
        Absence,
        ("staff", "kind", "start_date", "end_date"),
        ((staff_base + s, kind, d[a], d[b]) for s, kind, a, b in plan.absences),
    )
    return staff_base
