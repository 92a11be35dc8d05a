"""The dashboards on the national dataset (not a test)

    .venv/bin/python benchmarks/dashboards_national.py          # seeds if needed
    .venv/bin/python benchmarks/dashboards_national.py --keep   # reuse the seeded database

Uses the national database of `compliance_national.py` (var/benchmarks/
national.sqlite3, 30,000 staff and 400,000 open cases, seeded with
`seed_demo --scale national` when missing or for another date). Measures:

- storing the figures: `snapshots_refresh` for twelve month ends and today
  (thirteen runs of the engine over the whole organisation), per day;
- the dashboard page, request to HTML through Django's test client: a
  first request (templates compiled, views imported), then five times each
  (median and max), as a director (the organisation), a senior
  manager (their service), a team manager (the teams of the people they
  supervise, with their own supervisees' part computed live).

Targets (issue 6): the senior manager's dashboard under 2 s, a team's under
300 ms. Prints PASS or FAIL; the exit status is 0 either way.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import compliance_national as national  # noqa: E402  (after the path is set)

RUNS = 5
TARGETS = {"senior manager": 2.0, "team manager": 0.3}


def pick_people(org, today: date):
    """A senior manager (a member of the median team: its service), a team
    manager (someone whose supervisees supervise others, in that team), a
    director (anyone: the organisation)."""
    from supervisiondesk.people.models import StaffMember, SupervisoryRelationship
    from supervisiondesk.people.selectors import active_on

    _code, pks, _ids = national.median_team(org, today)
    supervisors = set(
        SupervisoryRelationship.objects.filter(active_on(today), supervisor__organisation=org)
        .values_list("supervisor_id", flat=True)
        .distinct()
    )
    second_level = (
        SupervisoryRelationship.objects.filter(
            active_on(today), supervisor_id__in=pks, supervisee_id__in=supervisors
        )
        .values_list("supervisor_id", flat=True)
        .first()
    )
    manager = second_level or next(pk for pk in pks if pk in supervisors)
    senior = next(pk for pk in pks if pk != manager)
    return {
        "director": (StaffMember.objects.get(pk=pks[-1]), ["director"]),
        "senior manager": (StaffMember.objects.get(pk=senior), ["senior_manager"]),
        "team manager": (StaffMember.objects.get(pk=manager), ["manager", "supervisor"]),
    }


def page_seconds(staff, roles: list[str], name: str) -> tuple[float, list[float], int]:
    from django.db import transaction
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from supervisiondesk.accounts.roles import team_scope
    from supervisiondesk.people.selectors import visible_teams
    from supervisiondesk.people.services import user_create
    from supervisiondesk.supervision.services.common import organisation_today

    runs = []
    with transaction.atomic():
        user = user_create(
            username=f"benchmark-{name.replace(' ', '-')}",
            password="benchmark-only-password",
            roles=roles,
            staff=staff,
        )
        client = Client()
        client.force_login(user)
        # Signed in with both factors, as the code page leaves a session.
        device = TOTPDevice.objects.create(user=user, name="benchmark", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        # One request first, timed apart: a fresh process compiles the
        # templates and imports the views on its first page, as a server
        # does once, not on every dashboard.
        for _run in range(1 + RUNS):
            started = time.perf_counter()
            response = client.get("/reports/dashboard/", HTTP_HOST="localhost", secure=True)
            runs.append(time.perf_counter() - started)
            if response.status_code != 200 or b"Supervision dashboard" not in response.content:
                raise SystemExit(f"the dashboard answered {response.status_code} for the {name}")
        scope = team_scope(frozenset(roles))
        teams = visible_teams(staff=staff, on=organisation_today(staff.organisation), scope=scope)
        teams = teams.count()
        transaction.set_rollback(True)
    return runs[0], runs[1:], teams


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="reuse the seeded database")
    parser.add_argument(
        "--pages-only", action="store_true", help="time the pages on the figures stored already"
    )
    parser.add_argument("--today", default="2026-11-23")
    args = parser.parse_args()
    today = date.fromisoformat(args.today)
    national.OUT_DIR.mkdir(parents=True, exist_ok=True)
    os.environ.update(national.ENVIRONMENT)
    os.environ["DATABASE_URL"] = f"sqlite:///{national.database_path('national')}"

    started = time.perf_counter()
    prepared = national.child_prepare("national", today, args.keep)
    print(
        f"prepare: {'kept' if prepared.get('kept') else 'seeded'} "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    national.setup_django()
    from supervisiondesk.reports.services import snapshots_refresh

    org = national.organisation()
    if not args.pages_only:
        started = time.perf_counter()
        days = snapshots_refresh(organisation=org, today=today, rebuild=True)
        stored = time.perf_counter() - started
        print(
            f"snapshots_refresh: {len(days)} days in {stored:.1f} s "
            f"({stored / len(days):.1f} s a day), peak {national.peak_mb():,.0f} MB",
            flush=True,
        )

    print()
    print("| dashboard of | teams | first request | median | max | target (on the max) |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, (staff, roles) in pick_people(org, today).items():
        first, runs, teams = page_seconds(staff, roles, name)
        target = TARGETS.get(name)
        verdict = ""
        if target:
            verdict = f"{'PASS' if max(runs) < target else 'FAIL'} (< {target * 1000:.0f} ms)"
        print(
            f"| {name} | {teams} | {first * 1000:.0f} ms | {statistics.median(runs) * 1000:.0f} ms "
            f"| {max(runs) * 1000:.0f} ms | {verdict} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
