"""How fast is the compliance engine on a synthetic organisation? (not a test)

    .venv/bin/python benchmarks/engine_synthetic.py            # the three sizes
    .venv/bin/python benchmarks/engine_synthetic.py --size national

Each size runs in its own process so that peak memory is its own. Prints the
rows generated, the time to index them, the full report, a report for one
team of 30 staff on the prebuilt index, and the peak resident memory (data
included). The national size is 30,000 staff, ~400,000 open cases, ~700,000
sessions and ~2,000,000 case discussions.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from supervisiondesk.compliance.dataset import (
    Absence,
    Agreement,
    CaseDiscussion,
    CasePeriod,
    CategoryPeriod,
    Dataset,
    Relationship,
    Session,
    Staff,
    Team,
)
from supervisiondesk.compliance.engine import Index, compliance_report
from supervisiondesk.policies.policy import load_policy

SIZES = {"small": 300, "regional": 3_000, "national": 30_000}  # staff
AS_OF = date(2026, 6, 30)
HISTORY_START = date(2024, 7, 1)  # two years of sessions
TEAM_SIZE = 8  # a supervisor and seven workers
CASES_PER_WORKER = 15
SESSIONS_PER_WORKER = 26  # ~700,000 for 27,000 workers
DISCUSSIONS_PER_CASE = 5  # ~2,000,000
COUNTRIES = ["GB-ENG"] * 8 + ["UG", "CO"]
SERVICES = ["feh", "assessment", "cin", "cp", "cla", "yos", "fostering", "qa"]
CASE_TYPES = ["feh", "assessment", "cin", "cp", "cla", "care_leaver", "foster_carer", "yos"]
FUNCTIONS = ["managerial", "development", "support", "mediation"]


def day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def synthetic(staff_count: int, seed: int = 1) -> Dataset:
    """An organisation of `staff_count` staff in teams of eight."""
    rng = random.Random(seed)
    data = Dataset()
    session_number = 0
    for team_number in range(staff_count // TEAM_SIZE):
        team = f"t{team_number:05d}"
        data.teams.append(Team(team, rng.choice(SERVICES)))
        country = rng.choice(COUNTRIES)
        manager = f"m{team_number:05d}"
        data.staff.append(Staff(manager, manager, team, country, date(2018, 1, 8)))
        data.categories.append(CategoryPeriod(manager, "manager", date(2018, 1, 8)))
        for n in range(TEAM_SIZE - 1):
            worker = f"w{team_number:05d}{n}"
            session_number = _worker(data, rng, worker, manager, team, country, session_number)
    return data


def _worker(
    data: Dataset,
    rng: random.Random,
    worker: str,
    manager: str,
    team: str,
    country: str,
    session_number: int,
) -> int:
    start = day_between(rng, date(2019, 1, 1), date(2025, 6, 1))
    leaver = rng.random() < 0.03
    end = day_between(rng, date(2026, 1, 1), date(2026, 6, 1)) if leaver else None
    data.staff.append(Staff(worker, worker, team, country, start, end))
    if rng.random() < 0.2:
        change = start + timedelta(days=rng.randrange(30, 365))
        data.categories.append(CategoryPeriod(worker, "asye", start, change - timedelta(1)))
        data.categories.append(CategoryPeriod(worker, "qualified", change))
    else:
        data.categories.append(
            CategoryPeriod(worker, rng.choice(["qualified", "caseworker"]), start)
        )
    data.relationships.append(Relationship(worker, manager, "line", start))
    if rng.random() < 0.1:
        data.relationships.append(Relationship(worker, manager, "professional", start))
    data.agreements.append(Agreement(worker, manager, start + timedelta(days=rng.randrange(60))))
    if rng.random() < 0.05:
        away = day_between(rng, date(2025, 6, 1), AS_OF)
        data.absences.append(Absence(worker, away, away + timedelta(days=rng.randrange(14, 120))))
    sessions = []
    first_day = max(start, HISTORY_START)
    for _ in range(SESSIONS_PER_WORKER):
        session_number += 1
        when = day_between(rng, first_day, AS_OF + timedelta(days=30))
        kind = rng.choices(["individual_formal", "group", "individual_informal"], [8, 1, 1])[0]
        status = rng.choices(["held", "cancelled", "planned"], [9, 1, 0.3])[0]
        recorded = when + timedelta(days=rng.randrange(4)) if rng.random() < 0.9 else None
        sessions.append(
            Session(
                f"s{session_number:08d}",
                kind,
                status,
                when,
                rng.choice([60, 90, 120, None]),
                manager,
                (worker,),
                recorded,
                recorded,
                recorded,
                recorded,
                tuple(rng.sample(FUNCTIONS, rng.randrange(1, 5))),
            )
        )
    data.sessions += sessions
    for n in range(CASES_PER_WORKER):
        case_id = f"c{worker}-{n:02d}"
        opened = day_between(rng, date(2023, 1, 1), date(2026, 5, 1))
        if rng.random() < 0.3:
            escalated = opened + timedelta(days=rng.randrange(10, 200))
            data.case_periods.append(
                CasePeriod(
                    case_id,
                    worker,
                    rng.choice(CASE_TYPES),
                    "standard",
                    opened,
                    escalated - timedelta(1),
                )
            )
            data.case_periods.append(
                CasePeriod(case_id, worker, rng.choice(CASE_TYPES), "high", escalated)
            )
        else:
            data.case_periods.append(
                CasePeriod(
                    case_id,
                    worker,
                    rng.choice(CASE_TYPES),
                    rng.choice(["high", "standard"]),
                    opened,
                )
            )
        for session in rng.sample(sessions, DISCUSSIONS_PER_CASE):
            data.case_discussions.append(
                CaseDiscussion(session.session_id, case_id, session.recorded_on)
            )
    return session_number


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def measure(size: str) -> None:
    started = time.perf_counter()
    data = synthetic(SIZES[size])
    generated = time.perf_counter() - started
    memory_data = peak_memory_mb()
    policy = load_policy("southwark-2021")
    started = time.perf_counter()
    index = Index(data)
    indexed = time.perf_counter() - started
    started = time.perf_counter()
    report = compliance_report(index, policy, AS_OF)
    full = time.perf_counter() - started
    team = {s.staff_id for s in data.staff[:30]}
    started = time.perf_counter()
    scoped = compliance_report(index, policy, AS_OF, staff_ids=team)
    one_team = time.perf_counter() - started
    open_cases = len(report["cases"]) + report["summary"]["unruled"]
    print(
        f"{size:>9}: {len(data.staff):>6} staff, {open_cases:>7} open cases, "
        f"{len(data.sessions):>7} sessions, {len(data.case_discussions):>8} case discussions "
        f"(generated in {generated:.1f} s)\n"
        f"           index {indexed:6.2f} s | full report {full:6.2f} s | "
        f"30 staff {one_team * 1000:7.1f} ms ({len(scoped['individual'])} individual) | "
        f"peak memory {peak_memory_mb():,.0f} MB (data alone {memory_data:,.0f} MB)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, help="one size, in this process")
    args = parser.parse_args()
    if args.size:
        measure(args.size)
        return
    for size in SIZES:
        subprocess.run([sys.executable, __file__, "--size", size], check=True)


if __name__ == "__main__":
    main()
