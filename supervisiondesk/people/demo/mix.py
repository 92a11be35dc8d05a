"""Proportions that make generated data look like children's services.

Shared by the demo organisation and the national dataset. The figures are
plausible orders of magnitude for English local authorities (caseloads,
how long cases stay open, how many are high risk), not statistics.
"""

from __future__ import annotations

import random

from supervisiondesk.people.choices import CaseType, Risk, ServiceType

# Values are plain strings (`.value`): rows go to the database as they are.

HISTORY_DAYS = 730  # two years of history before today

# Share of cases assessed high risk, by case type.
HIGH_RISK_SHARE: dict[str, float] = {
    CaseType.FEH.value: 0.10,
    CaseType.ASSESSMENT.value: 0.30,
    CaseType.CIN.value: 0.20,
    CaseType.CP.value: 0.60,
    CaseType.CLA.value: 0.25,
    CaseType.CARE_LEAVER.value: 0.15,
    CaseType.FOSTER_CARER.value: 0.15,
    CaseType.YOS.value: 0.35,
    CaseType.CLINICAL.value: 0.30,
    CaseType.QA.value: 0.10,
    CaseType.GENERAL.value: 0.20,
}

# Mean age in days of an open case, and mean length of a closed one:
# assessments last weeks, children in care and care leavers stay for years.
CASE_DAYS: dict[str, int] = {
    CaseType.FEH.value: 160,
    CaseType.ASSESSMENT.value: 35,
    CaseType.CIN.value: 240,
    CaseType.CP.value: 200,
    CaseType.CLA.value: 700,
    CaseType.CARE_LEAVER.value: 800,
    CaseType.FOSTER_CARER.value: 900,
    CaseType.YOS.value: 180,
    CaseType.CLINICAL.value: 150,
    CaseType.QA.value: 90,
    CaseType.GENERAL.value: 200,
}

# The case types a national service's practitioners hold, with weights.
SERVICE_CASE_MIX: dict[str, tuple[tuple[str, int], ...]] = {
    ServiceType.FEH.value: ((CaseType.FEH.value, 1),),
    ServiceType.ASSESSMENT.value: ((CaseType.ASSESSMENT.value, 1),),
    ServiceType.CIN.value: ((CaseType.CIN.value, 3), (CaseType.CP.value, 1)),
    ServiceType.CP.value: ((CaseType.CP.value, 3), (CaseType.CIN.value, 1)),
    ServiceType.CLA.value: ((CaseType.CLA.value, 4), (CaseType.CARE_LEAVER.value, 1)),
    ServiceType.CARE_LEAVER.value: ((CaseType.CARE_LEAVER.value, 1),),
    ServiceType.FOSTERING.value: ((CaseType.FOSTER_CARER.value, 1),),
    ServiceType.FOSTER_CARER.value: ((CaseType.FOSTER_CARER.value, 1),),
    ServiceType.YOS.value: ((CaseType.YOS.value, 1),),
    ServiceType.CLINICAL.value: ((CaseType.CLINICAL.value, 1),),
    ServiceType.QA.value: ((CaseType.QA.value, 1),),
    ServiceType.GENERAL.value: ((CaseType.GENERAL.value, 1),),
}

# Chance that a case's risk is re-assessed during its life, and that a
# worker hands a case over before leaving (team restructures, caseload
# balancing); leavers and movers always hand their cases over.
RISK_CHANGE = 0.12
HANDOVER = 0.15


def first_risk(rng: random.Random, case_type: str) -> str:
    return Risk.HIGH.value if rng.random() < HIGH_RISK_SHARE[case_type] else Risk.STANDARD.value


def case_days(rng: random.Random, case_type: str) -> int:
    """An open case's age, or a closed case's length, in days (at least one)."""
    return 1 + int(rng.expovariate(1 / CASE_DAYS[case_type]))


def weighted(rng: random.Random, mix: tuple[tuple[str, int], ...]) -> str:
    if len(mix) == 1:
        return mix[0][0]
    total = sum(weight for _value, weight in mix)
    pick = rng.random() * total
    for value, weight in mix:
        pick -= weight
        if pick < 0:
            return value
    return mix[-1][0]


def share_out(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, exactly (largest remainder).

    Ties go to the earlier index, so the result depends only on the inputs.
    """
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    quotas = [total * w / whole for w in weights]
    counts = [int(q) for q in quotas]
    left = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - quotas[i], i))
    for i in order[:left]:
        counts[i] += 1
    return counts
