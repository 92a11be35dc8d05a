"""The REST API under load: 50 users at once against gunicorn and PostgreSQL
with the national dataset (not a test)

    .venv/bin/python benchmarks/api_load.py                  # seeds if needed, 60 s of load
    .venv/bin/python benchmarks/api_load.py --keep           # reuse the seeded database
    .venv/bin/python benchmarks/api_load.py --staff 3000 --cases 40000   # a smaller organisation

1. PostgreSQL: the private server of `bin/pg-start` (127.0.0.1), database
   `supervisiondesk_load`: migrated and seeded with `seed_demo --scale
   national` (30,000 staff, 400,000 open cases; `--keep` reuses it when it
   was seeded with the same sizes and day).
2. Users: the supervisors with the most supervisees (each a login made here
   with the supervisor role and a read + compliance token), each with their
   team and the ids of sessions they may read.
3. gunicorn on 127.0.0.1 (`--workers`, `--threads`), DEBUG off.
4. Load: `--users` threads for `--duration` seconds, each a user who waits
   `--think` seconds (0.5-1.5 x) between requests, as a person at a screen
   does, and picks, weighted: a team-scoped list (staff, sessions, cases,
   case periods, actions of their team), one session's record, or the
   compliance report of their team.
5. Report: for each kind of request, count, p50, p95, max (ms) and errors
   (anything but 200); the targets (issue 8): p95 under 200 ms for
   team-scoped lists, no error. PASS or FAIL; the exit status is 0 either way.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import threading
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "var" / "benchmarks"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DATABASE = "supervisiondesk_load"
TODAY = "2026-11-23"
LIST_TARGET_MS = 200.0
LISTS = ("staff", "sessions", "cases", "case-periods", "actions")
# Of every ten requests: six lists, three records, one compliance report.
WEIGHTS = {"list": 6, "detail": 3, "compliance": 1}
WEIGHTS_USED = list(WEIGHTS.values())  # --mix
ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "supervisiondesk.settings",
    "DEBUG": "false",
    "SECRET_KEY": "benchmark-only-not-secret-api-load-0123456789abcdefghijklmnopqrstuvwxyz",
    "DEMO_PASSWORD": "benchmark-only-password",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "STATIC_PLAIN": "true",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "LOG_LEVEL": "WARNING",
}


def run(command: list[str], env: dict[str, str], log: Path | None = None) -> None:
    out = open(log, "a") if log else subprocess.DEVNULL  # noqa: SIM115
    try:
        subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=out, stderr=subprocess.STDOUT)
    finally:
        if log:
            out.close()


# ------------------------------------------------------------------ database


def database_url() -> tuple[str, str]:
    """The load database's URL and the server's (bin/pg-start's)."""
    server = subprocess.run(
        [str(ROOT / "bin" / "pg-start")], check=True, capture_output=True, text=True
    ).stdout.strip()
    return server.rsplit("/", 1)[0] + "/" + DATABASE, server


def prepare_database(args: argparse.Namespace, env: dict[str, str], server: str) -> None:
    import psycopg

    marker = OUT_DIR / "api-load.json"
    wanted = {"staff": args.staff, "cases": args.cases, "today": args.today}
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
        if exists and args.keep and marker.exists() and json.loads(marker.read_text()) == wanted:
            print(f"reusing database {DATABASE} ({args.staff:,} staff, {args.cases:,} cases)")
            return
        if exists:
            connection.execute(f'DROP DATABASE "{DATABASE}"')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
        # SSD storage (docs/deployment.md): without it the planner reads
        # every case period where the index finds a supervisee's few.
        connection.execute(f'ALTER DATABASE "{DATABASE}" SET random_page_cost = 1.1')
    log = OUT_DIR / "api-load-seed.log"
    log.unlink(missing_ok=True)
    started = time.perf_counter()
    print(f"seeding {args.staff:,} staff and {args.cases:,} cases on PostgreSQL (log: {log}) ...")
    run([PYTHON, "manage.py", "migrate", "--no-input"], env, log)
    run(
        [
            PYTHON,
            "manage.py",
            "seed_demo",
            "--scale",
            "national",
            "--staff",
            str(args.staff),
            "--cases",
            str(args.cases),
            "--today",
            args.today,
        ],
        env,
        log,
    )
    print(f"  seeded in {time.perf_counter() - started:.0f} s")
    marker.write_text(json.dumps(wanted))


def prewarm(url: str) -> None:
    """Read the load database into PostgreSQL's cache (bin/pg-start gives
    it 2 GB), as a server that has been up a while has it: this kind of
    machine pages cooled file cache out, and a run read from disk measures
    the disk."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        pages = connection.execute(
            "SELECT coalesce(sum(pg_prewarm(oid)), 0) FROM pg_class"
            " WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'i')"
        ).fetchone()[0]
    seconds = time.perf_counter() - started
    print(f"read {pages * 8 // 1024:,} MB into PostgreSQL's cache in {seconds:.0f} s")


PREPARE = """
import json, sys
from datetime import timedelta
import django
django.setup()
from django.db.models import Count, Q
from django.utils import timezone
from supervisiondesk.api.services import token_create
from supervisiondesk.people.models import StaffMember, TeamMembership
from supervisiondesk.people.services import user_create
from supervisiondesk.privacy.rules import visible_sessions

wanted, today = int(sys.argv[1]), timezone.localdate()
current = Q(supervisee_relationships__end_date__isnull=True)
supervisors = (
    # Supervisors with no login yet, or whose login has the supervisor role
    # (the seed's demo logins include an auditor who supervises a team).
    StaffMember.objects.filter(end_date__isnull=True)
    .filter(Q(user__isnull=True) | Q(user__groups__name="supervisor"))
    .annotate(n=Count("supervisee_relationships", filter=current))
    .filter(n__gt=0)
    .order_by("-n", "pk")[:wanted]
)
users = []
for staff in supervisors:
    user = staff.user or user_create(
        username=f"load-{staff.staff_id}", password="benchmark-only-password",
        roles=["supervisor"], staff=staff,
    )
    _token, secret = token_create(
        user=user, name="load", scopes=["read", "compliance"],
        expires_on=today + timedelta(days=2), by=user,
    )
    team = (
        TeamMembership.objects.filter(staff=staff, end_date__isnull=True)
        .values_list("team__code", flat=True).first()
    )
    sessions = list(visible_sessions(user).order_by("-date").values_list("pk", flat=True)[:20])
    users.append({"user": user.username, "token": secret, "team": team, "sessions": sessions})
print(json.dumps(users))
"""


def prepare_users(env: dict[str, str], count: int) -> list[dict[str, Any]]:
    answer = subprocess.run(
        [PYTHON, "-c", PREPARE, str(count)], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if answer.returncode != 0:
        raise SystemExit(f"preparing the users failed:\n{answer.stderr[-3000:]}")
    return json.loads(answer.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict[str, str], args: argparse.Namespace) -> tuple[subprocess.Popen, str]:
    port = free_port()
    # A folder of its own, emptied: the compliance reports the API keeps
    # (files under VAR_DIR/cache) must not carry over from an earlier run.
    var = OUT_DIR / "api-load-var"
    shutil.rmtree(var, ignore_errors=True)
    var.mkdir()
    env = {**env, "VAR_DIR": str(var)}
    log = open(OUT_DIR / "api-load-gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            GUNICORN,
            "supervisiondesk.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--worker-class",
            "gthread",
            "--timeout",
            "120",
            "--graceful-timeout",
            "5",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/api/v1/me/", timeout=10).status_code == 401:
                return server, url
        except requests.RequestException:  # not listening yet, or still booting workers
            time.sleep(0.5)
    os.killpg(server.pid, signal.SIGKILL)  # the master and its workers
    raise SystemExit("gunicorn did not answer in 60 s: see var/benchmarks/api-load-gunicorn.log")


# ------------------------------------------------------------------ load


def requests_of(user: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    """(kind, path) of the user's next request."""
    kind = rng.choices(list(WEIGHTS), weights=WEIGHTS_USED)[0]
    if kind == "detail" and not user["sessions"]:
        kind = "list"
    if kind == "list":
        name = rng.choice(LISTS)
        return f"list {name}", f"/api/v1/{name}/?team={user['team']}"
    if kind == "detail":
        return "session record", f"/api/v1/sessions/{rng.choice(user['sessions'])}/"
    return "compliance", f"/api/v1/compliance/?team={user['team']}"


def load(url: str, users: list[dict[str, Any]], args: argparse.Namespace) -> dict[str, list]:
    results: dict[str, list[tuple[float, int]]] = defaultdict(list)
    lock = threading.Lock()
    stop = time.monotonic() + args.duration

    def person(index: int, user: dict[str, Any]) -> None:
        rng = random.Random(index)
        session = requests.Session()
        session.trust_env = False  # 127.0.0.1: no proxy
        session.headers["Authorization"] = f"Bearer {user['token']}"
        time.sleep(rng.uniform(0, args.think))  # not all at the same instant
        while time.monotonic() < stop:
            kind, path = requests_of(user, rng)
            started = time.perf_counter()
            try:
                status = session.get(url + path, timeout=30).status_code
            except requests.RequestException:
                status = 0
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                results[kind].append((elapsed, status))
            time.sleep(args.think * rng.uniform(0.5, 1.5))

    threads = [
        threading.Thread(target=person, args=(n, users[n % len(users)]), daemon=True)
        for n in range(args.users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def report(results: dict[str, list], args: argparse.Namespace) -> None:
    print()
    print(
        f"{args.users} users, {args.duration} s, think {args.think} s, "
        f"gunicorn {args.workers} workers x {args.threads} threads"
    )
    header = f"{'request':<20}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}"
    print(header)
    print("-" * len(header))
    lists: list[float] = []
    errors = 0
    everything: list[float] = []
    for kind in sorted(results):
        rows = results[kind]
        times = [t for t, _s in rows]
        bad = sum(1 for _t, s in rows if s != 200)
        errors += bad
        everything += times
        if kind.startswith("list "):
            lists += times
        print(
            f"{kind:<20}{len(rows):>7}{statistics.median(times):>9.0f}"
            f"{percentile(times, 0.95):>9.0f}{max(times):>9.0f}{bad:>8}"
        )
    print("-" * len(header))
    print(
        f"{'all':<20}{len(everything):>7}{statistics.median(everything):>9.0f}"
        f"{percentile(everything, 0.95):>9.0f}{max(everything):>9.0f}{errors:>8}"
    )
    statuses = Counter(s for rows in results.values() for _t, s in rows if s != 200)
    if statuses:
        print("errors by status (0: no answer):", dict(sorted(statuses.items())))
    seconds = args.duration
    print(f"throughput: {len(everything) / seconds:.1f} requests a second")
    p95 = percentile(lists, 0.95)
    verdict = "PASS" if p95 < LIST_TARGET_MS else "FAIL"
    print(f"{verdict}: team-scoped lists p95 {p95:.0f} ms (target under {LIST_TARGET_MS:.0f} ms)")
    print(f"{'PASS' if errors == 0 else 'FAIL'}: {errors} errors (target 0)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between requests")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--staff", type=int, default=30_000)
    parser.add_argument("--cases", type=int, default=400_000)
    parser.add_argument("--today", default=TODAY)
    parser.add_argument("--keep", action="store_true", help="reuse the seeded database")
    parser.add_argument(
        "--mix",
        default=",".join(map(str, WEIGHTS.values())),
        help="weights of lists, records and compliance reports (default 6,3,1)",
    )
    args = parser.parse_args()
    try:
        WEIGHTS_USED[:] = [int(part) for part in args.mix.split(",")]
    except ValueError:
        raise SystemExit("--mix is three whole numbers, e.g. 6,3,1") from None
    if len(WEIGHTS_USED) != 3 or sum(WEIGHTS_USED) <= 0:
        raise SystemExit("--mix is three whole numbers, e.g. 6,3,1")
    if args.today != date.fromisoformat(args.today).isoformat():
        raise SystemExit("--today is YYYY-MM-DD")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    url, server = database_url()
    env = {**os.environ, **ENVIRONMENT, "DATABASE_URL": url}
    prepare_database(args, env, server)
    prewarm(url)
    users = prepare_users(env, args.users)
    first = users[0]
    print(f"{len(users)} supervisors with tokens; e.g. {first['user']} of team {first['team']}")
    gunicorn, base = start_gunicorn(env, args)
    try:
        load(base, users, argparse.Namespace(**{**vars(args), "duration": 5}))  # warm up
        results = load(base, users, args)
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        try:
            gunicorn.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(gunicorn.pid, signal.SIGKILL)
            gunicorn.wait()
    report(results, args)


if __name__ == "__main__":
    main()
