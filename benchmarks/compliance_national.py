"""The full compliance report on the national dataset, from SQLite and a folder (not a test)

    .venv/bin/python benchmarks/compliance_national.py                 # small, medium, national
    .venv/bin/python benchmarks/compliance_national.py --sizes small   # one size
    .venv/bin/python benchmarks/compliance_national.py --keep          # reuse seeded databases

For each size it seeds a fresh SQLite database in var/benchmarks/ with
`manage.py seed_demo --scale national --staff N --cases M` and exports its
data folder (`manage.py export_folder`), then measures, each in its own
process so that peak memory is that measurement's alone:

- database: `dataset_from_database` (loading rows), the engine (`Index` and
  `compliance_report` for everyone), total and peak memory;
- folder: `read_folder`, the engine, total and peak memory;
- one team (the one with the median head count on as_of): the loader with
  `staff=` and `compliance_report(..., staff_ids=)`, five times (median and
  max), checked against the whole organisation's report for the same staff.

Then it prints a table and checks the targets, PASS or FAIL for each (a
benchmark, not a test: the exit status is 0 either way).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from supervisiondesk.compliance.engine.report import LIST_KEYS  # noqa: E402 (pure: no Django)

OUT_DIR = ROOT / "var" / "benchmarks"
SIZES = {  # staff, open cases: the same proportions at each size
    "small": (3_000, 40_000),
    "medium": (10_000, 133_000),
    "national": (30_000, 400_000),
}
POLICY = "southwark-2021"  # the national seed's organisation follows this preset
TEAM_RUNS = 5
ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "supervisiondesk.settings",
    "DEBUG": "false",  # no query log
    "SECRET_KEY": "benchmark-only-not-secret-compliance-national-0123456789abcdefghijklmnop",
    "DEMO_PASSWORD": "benchmark-only-password",
    "ALLOWED_HOSTS": "localhost",
    "STATIC_PLAIN": "true",  # no collectstatic here: plain static names
}
# Targets
MAX_TOTAL_SECONDS = 60.0
MAX_PEAK_MB = 4 * 1024
MAX_TEAM_SECONDS = 1.0
MAX_PER_STAFF_RATIO = 1.25  # largest / smallest total time per staff member across sizes


# ------------------------------------------------------------------ children


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def database_path(size: str) -> Path:
    return OUT_DIR / f"{size}.sqlite3"


def folder_path(size: str) -> Path:
    return OUT_DIR / f"{size}-folder"


def manifest_path(size: str) -> Path:
    return OUT_DIR / f"{size}.json"


class CollectorClock:
    """Time spent in the garbage collector since the last `take()` (gc.callbacks)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.started = 0.0
        gc.callbacks.append(self.callback)

    def callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self.started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self.started

    def take(self) -> float:
        seconds, self.seconds = self.seconds, 0.0
        return seconds


def setup_django() -> None:
    import django

    django.setup()


def organisation():
    from supervisiondesk.people.demo.national import ORGANISATION
    from supervisiondesk.people.models import Organisation

    return Organisation.objects.get(name=ORGANISATION)


def counts(dataset) -> dict[str, int]:
    return {
        "staff": len(dataset.staff),
        "sessions": len(dataset.sessions),
        "case_discussions": len(dataset.case_discussions),
        "case_periods": len(dataset.case_periods),
        "rows": sum(
            len(getattr(dataset, name))
            for name in (
                "staff",
                "categories",
                "relationships",
                "teams",
                "sessions",
                "case_periods",
                "case_discussions",
                "agreements",
                "absences",
            )
        ),
    }


def report_digest(report: dict[str, Any]) -> str:
    """A hash of the report, list by list in slices (a national report as
    one JSON string would add hundreds of MB)."""
    digest = hashlib.sha256()
    for key in sorted(report):
        value = report[key]
        digest.update(key.encode())
        if isinstance(value, list):
            for start in range(0, len(value), 20_000):
                chunk = value[start : start + 20_000]
                digest.update(json.dumps(chunk, sort_keys=True, default=str).encode())
        else:
            digest.update(json.dumps(value, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def engine_figures(dataset, as_of: date, collector: CollectorClock) -> dict[str, Any]:
    """Index and full report, timed; then counts and a digest (not timed)."""
    from supervisiondesk.compliance.engine import Index, compliance_report
    from supervisiondesk.policies.policy import load_policy

    policy = load_policy(POLICY)
    collector.take()
    started = time.perf_counter()
    index = Index(dataset)
    indexed = time.perf_counter()
    report = compliance_report(index, policy, as_of)
    done = time.perf_counter()
    engine_gc = collector.take()
    peak = peak_mb()
    return {
        "index_s": indexed - started,
        "report_s": done - indexed,
        "engine_s": done - started,
        "engine_gc_s": engine_gc,
        "peak_mb": peak,
        "open_cases": len(report["cases"]) + report["summary"]["unruled"],
        "entries": {name: len(report[name]) for name in LIST_KEYS},
        "summary": report["summary"],
        "digest": report_digest(report),
        **counts(dataset),
    }


def child_prepare(size: str, today: date, keep: bool) -> dict[str, Any]:
    staff, cases = SIZES[size]
    wanted = {"staff": staff, "cases": cases, "today": today.isoformat()}
    database, folder, manifest = database_path(size), folder_path(size), manifest_path(size)
    if keep and manifest.exists() and database.exists() and folder.is_dir():
        kept = json.loads(manifest.read_text())
        if all(kept.get(key) == value for key, value in wanted.items()):
            kept["kept"] = True
            return kept
        print(f"  {manifest.name} is for other sizes or another date: seeding again", flush=True)
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm"), manifest):
        path.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)

    setup_django()
    from django.core.management import call_command

    # call_command skips the system checks (not what is measured here).
    call_command("migrate", verbosity=0)
    output = io.StringIO()
    started = time.perf_counter()
    call_command(
        "seed_demo",
        "--scale",
        "national",
        "--staff",
        str(staff),
        "--cases",
        str(cases),
        "--today",
        today.isoformat(),
        stdout=output,
    )
    seeded = time.perf_counter() - started
    (OUT_DIR / f"{size}-seed.log").write_text(output.getvalue())
    started = time.perf_counter()
    call_command("export_folder", str(folder), "--on", today.isoformat(), stdout=io.StringIO())
    exported = time.perf_counter() - started
    result = {
        **wanted,
        "seed_s": seeded,
        "export_s": exported,
        "database_mb": sum(
            path.stat().st_size / 2**20
            for path in (database, Path(f"{database}-wal"))
            if path.exists()
        ),
        "folder_mb": sum(path.stat().st_size for path in folder.iterdir()) / 2**20,
        "kept": False,
    }
    manifest.write_text(json.dumps(result, indent=2))
    return result


def load_then_engine(load: Callable[[], Any], today: date) -> dict[str, Any]:
    """Time `load()` (rows to a Dataset), then the engine on what it gave."""
    collector = CollectorClock()
    started = time.perf_counter()
    dataset = load()
    loaded = time.perf_counter() - started
    load_gc = collector.take()
    figures = engine_figures(dataset, today, collector)
    return {
        "load_s": loaded,
        "load_gc_s": load_gc,
        "total_s": loaded + figures["engine_s"],
        **figures,
    }


def child_database(size: str, today: date) -> dict[str, Any]:
    setup_django()
    from supervisiondesk.supervision.loaders import dataset_from_database

    org = organisation()
    return load_then_engine(lambda: dataset_from_database(org, today), today)


def child_folder(size: str, today: date) -> dict[str, Any]:
    from supervisiondesk.compliance.folder import read_folder

    return load_then_engine(lambda: read_folder(folder_path(size)), today)


def median_team(org, on: date) -> tuple[str, list[int], list[str]]:
    """The team with the median head count on `on`: code, staff keys, staff ids."""
    from django.db.models import Q

    from supervisiondesk.people.models import TeamMembership

    members: dict[str, dict[int, str]] = {}
    for code, pk, staff_id in (
        TeamMembership.objects.filter(staff__organisation=org, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .values_list("team__code", "staff_id", "staff__staff_id")
    ):
        members.setdefault(code, {})[pk] = staff_id
    teams = sorted(members, key=lambda code: (len(members[code]), code))
    code = teams[len(teams) // 2]
    return code, sorted(members[code]), sorted(members[code].values())


def team_page_seconds(org, code: str, today: date, pks: list[int]) -> list[float]:
    """The real page, "Team compliance" for that team, as a director sees it
    (whole organisation, so one team at a time): request to rendered HTML
    through Django's test client, with the policy from the database. The
    login is made in a transaction rolled back afterwards."""
    from django.db import transaction
    from django.test import Client

    from supervisiondesk.people.models import StaffMember
    from supervisiondesk.people.services import user_create

    runs = []
    with transaction.atomic():
        director = StaffMember.objects.get(pk=pks[0])
        user = user_create(
            username="benchmark-director",
            password="benchmark-only-password",
            roles=["director"],
            staff=director,
        )
        client = Client()
        client.force_login(user)
        url = f"/compliance/teams/?team={code}&as_of={today.isoformat()}"
        for _run in range(TEAM_RUNS):
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST="localhost", secure=True)
            runs.append(time.perf_counter() - started)
            if response.status_code != 200 or b"Supervision of staff" not in response.content:
                raise SystemExit(f"the team page answered {response.status_code}")
        transaction.set_rollback(True)
    return runs


def child_team(size: str, today: date) -> dict[str, Any]:
    setup_django()
    from supervisiondesk.compliance.engine import Index, compliance_report
    from supervisiondesk.policies.policy import load_policy
    from supervisiondesk.supervision.loaders import dataset_from_database

    org = organisation()
    policy = load_policy(POLICY)
    code, pks, ids = median_team(org, today)
    chosen = set(ids)
    runs, loads, engines = [], [], []
    for _run in range(TEAM_RUNS):
        started = time.perf_counter()
        dataset = dataset_from_database(org, today, staff=pks)
        loaded = time.perf_counter()
        report = compliance_report(dataset, policy, today, staff_ids=chosen)
        done = time.perf_counter()
        runs.append(done - started)
        loads.append(loaded - started)
        engines.append(done - loaded)
    team_peak = peak_mb()
    team_counts = counts(dataset)
    page_runs = team_page_seconds(org, code, today, pks)

    # The same staff in the whole organisation's report (not timed).
    gc.collect()
    whole = dataset_from_database(org, today)
    expected = compliance_report(Index(whole), policy, today, staff_ids=chosen)
    mismatches = []
    for key in sorted(set(report) | set(expected)):
        got, want = report.get(key), expected.get(key)
        if got == want:
            continue
        if isinstance(got, list) and isinstance(want, list):
            got_keys = Counter(json.dumps(entry, sort_keys=True, default=str) for entry in got)
            want_keys = Counter(json.dumps(entry, sort_keys=True, default=str) for entry in want)
            extra = [json.loads(entry) for entry in (got_keys - want_keys)]
            missing = [json.loads(entry) for entry in (want_keys - got_keys)]
            mismatches.append(
                {
                    "list": key,
                    "team": len(got),
                    "whole": len(want),
                    "only_in_team": extra[:3],
                    "only_in_whole": missing[:3],
                    "same_entries_other_order": not extra and not missing,
                }
            )
        else:
            mismatches.append({"list": key, "team": got, "whole": want})
    return {
        "team": code,
        "team_staff": len(ids),
        "median_s": statistics.median(runs),
        "max_s": max(runs),
        "load_median_s": statistics.median(loads),
        "engine_median_s": statistics.median(engines),
        "page_median_s": statistics.median(page_runs),
        "page_max_s": max(page_runs),
        "runs_s": runs,
        "peak_mb": team_peak,
        "entries": {name: len(report[name]) for name in LIST_KEYS},
        "whole_staff": len(whole.staff),
        "mismatches": mismatches,
        **{f"loaded_{key}": value for key, value in team_counts.items()},
    }


CHILDREN = {
    "prepare": child_prepare,
    "database": child_database,
    "folder": child_folder,
    "team": child_team,
}


def run_child(kind: str, size: str, today: date, keep: bool) -> dict[str, Any]:
    environment = {
        **os.environ,
        **ENVIRONMENT,
        "DATABASE_URL": f"sqlite:///{database_path(size)}",
    }
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    try:
        command = [
            sys.executable,
            __file__,
            "--child",
            kind,
            "--size",
            size,
            "--today",
            today.isoformat(),
            "--out",
            str(out),
        ]
        if keep:
            command.append("--keep")
        subprocess.run(command, env=environment, check=True)
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


# ------------------------------------------------------------------ the parent


def seconds(value: float) -> str:
    return f"{value:.2f} s"


def megabytes(value: float) -> str:
    return f"{value:,.0f} MB"


def print_size(size: str, prepared, database, folder, team) -> None:
    how = "kept from an earlier run" if prepared["kept"] else "seeded now"
    print(
        f"  prepared ({how}): seed_demo {seconds(prepared['seed_s'])}, "
        f"export_folder {seconds(prepared['export_s'])}, "
        f"database {megabytes(prepared['database_mb'])}, folder {megabytes(prepared['folder_mb'])}",
        flush=True,
    )
    for label, figures in (("database", database), ("folder  ", folder)):
        print(
            f"  {label}: load {seconds(figures['load_s'])} (GC {seconds(figures['load_gc_s'])}) | "
            f"engine {seconds(figures['engine_s'])} (index {seconds(figures['index_s'])}, "
            f"report {seconds(figures['report_s'])}, GC {seconds(figures['engine_gc_s'])}) | "
            f"total {seconds(figures['total_s'])} | peak {megabytes(figures['peak_mb'])}",
            flush=True,
        )
    print(
        f"  rows: {database['staff']:,} staff, {database['open_cases']:,} open cases, "
        f"{database['sessions']:,} sessions, {database['case_discussions']:,} case discussions, "
        f"{database['rows']:,} rows in all",
        flush=True,
    )
    entries = ", ".join(f"{name} {count:,}" for name, count in database["entries"].items())
    print(f"  report entries: {entries}", flush=True)
    same = database["digest"] == folder["digest"]
    print(f"  same report from the database and the folder: {'yes' if same else 'NO'}", flush=True)
    print(
        f"  team {team['team']} ({team['team_staff']} staff on as_of): "
        f"median {team['median_s'] * 1000:.0f} ms (load {team['load_median_s'] * 1000:.0f} ms, "
        f"engine {team['engine_median_s'] * 1000:.0f} ms), max {team['max_s'] * 1000:.0f} ms "
        f"over {TEAM_RUNS} runs | peak {megabytes(team['peak_mb'])} | read "
        f"{team['loaded_staff']:,} staff, {team['loaded_sessions']:,} sessions, "
        f"{team['loaded_case_discussions']:,} case discussions "
        f"({team['loaded_rows']:,} of {database['rows']:,} rows)",
        flush=True,
    )
    if team["mismatches"]:
        print(
            "  !!! MISMATCH: the team's report differs from the whole organisation's report "
            "filtered to the same staff (a loader bug):",
            flush=True,
        )
        for mismatch in team["mismatches"]:
            print(f"  !!!   {json.dumps(mismatch, default=str)}", flush=True)
    else:
        print("  team report equals the whole report filtered to its staff: yes", flush=True)


def print_table(results: dict[str, dict[str, Any]]) -> None:
    rows = [
        ("staff", lambda r: f"{r['database']['staff']:,}"),
        ("open cases", lambda r: f"{r['database']['open_cases']:,}"),
        ("sessions", lambda r: f"{r['database']['sessions']:,}"),
        ("case discussions", lambda r: f"{r['database']['case_discussions']:,}"),
        ("rows loaded", lambda r: f"{r['database']['rows']:,}"),
        ("seed_demo", lambda r: seconds(r["prepared"]["seed_s"])),
        ("database file", lambda r: megabytes(r["prepared"]["database_mb"])),
        ("data folder", lambda r: megabytes(r["prepared"]["folder_mb"])),
        ("DB: load rows", lambda r: seconds(r["database"]["load_s"])),
        ("  of which GC", lambda r: seconds(r["database"]["load_gc_s"])),
        ("DB: engine", lambda r: seconds(r["database"]["engine_s"])),
        ("  of which index", lambda r: seconds(r["database"]["index_s"])),
        ("  of which report", lambda r: seconds(r["database"]["report_s"])),
        ("  of which GC", lambda r: seconds(r["database"]["engine_gc_s"])),
        ("DB: total", lambda r: seconds(r["database"]["total_s"])),
        ("DB: peak memory", lambda r: megabytes(r["database"]["peak_mb"])),
        ("DB: total per 1,000 staff", lambda r: seconds(per_thousand_staff(r))),
        ("folder: read", lambda r: seconds(r["folder"]["load_s"])),
        ("  of which GC", lambda r: seconds(r["folder"]["load_gc_s"])),
        ("folder: engine", lambda r: seconds(r["folder"]["engine_s"])),
        ("folder: total", lambda r: seconds(r["folder"]["total_s"])),
        ("folder: peak memory", lambda r: megabytes(r["folder"]["peak_mb"])),
        ("team: staff", lambda r: str(r["team"]["team_staff"])),
        ("team: median of 5", lambda r: f"{r['team']['median_s'] * 1000:.0f} ms"),
        ("team: max of 5", lambda r: f"{r['team']['max_s'] * 1000:.0f} ms"),
        ("team page: median of 5", lambda r: f"{r['team']['page_median_s'] * 1000:.0f} ms"),
        ("team page: max of 5", lambda r: f"{r['team']['page_max_s'] * 1000:.0f} ms"),
        ("team: peak memory", lambda r: megabytes(r["team"]["peak_mb"])),
    ]
    sizes = list(results)
    width = max(len(label) for label, _value in rows)
    cells = {size: [value(results[size]) for _label, value in rows] for size in sizes}
    widths = {size: max(len(size), *(len(cell) for cell in cells[size])) for size in sizes}
    print()
    print(f"{'':<{width}}  " + "  ".join(f"{size:>{widths[size]}}" for size in sizes))
    for n, (label, _value) in enumerate(rows):
        line = "  ".join(f"{cells[size][n]:>{widths[size]}}" for size in sizes)
        print(f"{label:<{width}}  {line}")


def per_thousand_staff(result: dict[str, Any]) -> float:
    return result["database"]["total_s"] / result["database"]["staff"] * 1000


def check_targets(results: dict[str, dict[str, Any]]) -> None:
    print("\nTargets (2 cores):")

    def verdict(ok: bool, text: str) -> None:
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")

    for size, r in results.items():
        database, folder, team = r["database"], r["folder"], r["team"]
        verdict(
            database["engine_s"] <= database["load_s"],
            f"{size}: engine {seconds(database['engine_s'])} <= load from the database "
            f"{seconds(database['load_s'])}",
        )
        verdict(
            database["total_s"] < MAX_TOTAL_SECONDS,
            f"{size}: whole report from SQLite {seconds(database['total_s'])} "
            f"< {MAX_TOTAL_SECONDS:.0f} s",
        )
        peak = max(database["peak_mb"], folder["peak_mb"], team["peak_mb"])
        verdict(peak < MAX_PEAK_MB, f"{size}: peak memory {megabytes(peak)} < 4 GiB")
        verdict(
            team["page_max_s"] < MAX_TEAM_SECONDS,
            f"{size}: one team's page, request to HTML (max of {TEAM_RUNS}) "
            f"{team['page_max_s'] * 1000:.0f} ms < 1 s",
        )
        verdict(
            not team["mismatches"],
            f"{size}: the team's report equals the whole report for its staff",
        )
        verdict(
            database["digest"] == folder["digest"],
            f"{size}: the same report from the database and from the folder",
        )
    if len(results) > 1:
        costs = {size: per_thousand_staff(r) for size, r in results.items()}
        ratio = max(costs.values()) / min(costs.values())
        verdict(
            ratio <= MAX_PER_STAFF_RATIO,
            "linear: total per 1,000 staff "
            + ", ".join(f"{size} {seconds(cost)}" for size, cost in costs.items())
            + f" (largest / smallest {ratio:.2f} <= {MAX_PER_STAFF_RATIO})",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=",".join(SIZES),
        help=f"comma-separated, of {', '.join(SIZES)} (default all)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="reuse the databases and folders in var/benchmarks/ seeded for the same date",
    )
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=date(2026, 11, 23),
        help="the seed's today and the report's as_of (default 2026-11-23)",
    )
    parser.add_argument("--child", choices=CHILDREN, help=argparse.SUPPRESS)
    parser.add_argument("--size", choices=SIZES, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        measure = CHILDREN[args.child]
        if args.child == "prepare":
            result = measure(args.size, args.today, args.keep)
        else:
            result = measure(args.size, args.today)
        args.out.write_text(json.dumps(result, default=str))
        return

    sizes = [size.strip() for size in args.sizes.split(",") if size.strip()]
    unknown = [size for size in sizes if size not in SIZES]
    if unknown:
        parser.error(f"unknown size {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    print(
        f"Compliance report on the national seed, as of {args.today}, policy {POLICY}, "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}",
        flush=True,
    )
    results: dict[str, dict[str, Any]] = {}
    for size in sizes:
        staff, cases = SIZES[size]
        print(f"\n{size}: {staff:,} staff, {cases:,} open cases", flush=True)
        prepared = run_child("prepare", size, args.today, args.keep)
        database = run_child("database", size, args.today, args.keep)
        folder = run_child("folder", size, args.today, args.keep)
        team = run_child("team", size, args.today, args.keep)
        results[size] = {"prepared": prepared, "database": database, "folder": folder, "team": team}
        print_size(size, prepared, database, folder, team)
    print_table(results)
    check_targets(results)


if __name__ == "__main__":
    main()
