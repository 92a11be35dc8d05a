"""The national dataset's cases: open cases shared out over today's case
holders in proportion to their caseloads, and cases closed during the
history; each case's periods come from `cases.case_history`."""

from __future__ import annotations

import random

from supervisiondesk.people.demo import mix
from supervisiondesk.people.demo.cases import HolderIndex, case_history
from supervisiondesk.people.demo.seats import NationalPlan

CLOSED_SHARE = 0.5  # cases closed during the history, per open case today
CASE_SYSTEMS = ("mosaic", "liquidlogic", "mosaic", "capita", "liquidlogic", "other")


def plan_cases(*, seed: int, plan: NationalPlan, open_cases: int) -> None:
    """Fill `plan.cases` and `plan.case_periods`."""
    # A separate stream: the cases do not shift when the staff plan changes.
    rng = random.Random(f"{seed}:cases")
    t, h = plan.today, plan.history_start
    index = HolderIndex(plan.pools)
    service_types = [plan.services[service][1] for service, _code, _name in plan.teams]
    systems = [CASE_SYSTEMS[area % len(CASE_SYSTEMS)] for area in plan.area_of_team]
    cases, periods = plan.cases, plan.case_periods
    history = case_history
    risk_change, handover = mix.RISK_CHANGE, mix.HANDOVER

    def add(team: int, case_type: str, spells: list) -> None:
        case = len(cases)
        cases.append((f"N{case + 1:07d}", systems[team]))
        for worker, a, b, risk in spells:
            periods.append((case, worker, case_type, risk, a, b))

    open_by_team = [0] * len(plan.teams)
    counts = mix.share_out(open_cases, [weight for _team, _tenure, weight in plan.current])
    for (team, tenure, _weight), count in zip(plan.current, counts, strict=True):
        case_mix = mix.SERVICE_CASE_MIX[service_types[team]]
        open_by_team[team] += count
        for _n in range(count):
            case_type = mix.weighted(rng, case_mix)
            opened = max(h, t - mix.case_days(rng, case_type) + 1)
            spells = history(
                rng,
                index,
                team,
                tenure,
                opened=opened,
                last_day=t,
                is_open=True,
                risk=mix.first_risk(rng, case_type),
                risk_change=risk_change,
                handover=handover,
            )
            add(team, case_type, spells)

    closed = mix.share_out(round(open_cases * CLOSED_SHARE), open_by_team)
    for team, count in enumerate(closed):
        case_mix = mix.SERVICE_CASE_MIX[service_types[team]]
        for _n in range(count):
            for _attempt in range(10):
                last_day = rng.randint(h + 14, t - 1)
                holders = index.on(team, last_day)
                if holders:
                    break
            else:
                continue
            case_type = mix.weighted(rng, case_mix)
            spells = history(
                rng,
                index,
                team,
                holders[rng.randrange(len(holders))],
                opened=max(h, last_day - mix.case_days(rng, case_type) + 1),
                last_day=last_day,
                is_open=False,
                risk=mix.first_risk(rng, case_type),
                risk_change=risk_change,
                handover=handover,
            )
            add(team, case_type, spells)
