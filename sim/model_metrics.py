"""The month's metrics (names of sim.metrics.SERIES) computed over the agents, in plain Python.

The agents mode's own measurement: it must give the core's numbers (sim/core/engine.py
``_customer_metrics`` and ``_metrics``), which the mode-equality test checks.
"""

from __future__ import annotations

import math


def _mean(values, n) -> float:
    total = 0.0
    for v in values:
        total += v
    return total / n


def customer_metrics(customers) -> dict[str, float]:
    """Means over the month's customers (those active at its start, churning ones included)."""
    n = max(len(customers), 1)
    out = dict(
        mean_satisfaction=_mean((c.satisfaction for c in customers), n),
        mean_loyalty=_mean((c.loyalty for c in customers), n),
        mean_expectation=_mean((c.expectation for c in customers), n),
        service_quality=_mean((c.quality for c in customers), n),
        community_share=_mean((float(c.member) for c in customers), n),
    )
    for segment, label in enumerate(("low", "mid", "high")):
        group = [c for c in customers if c.segment == segment]
        k = max(len(group), 1)
        out[f"loyalty_{label}"] = _mean((c.loyalty for c in group), k)     # 0 when empty
        out[f"churn_{label}"] = sum(c.churning for c in group) / k
    return out


def organization_metrics(customers, active_now: int, acquired: int, employees, frontline_count: int,
                         suppliers, fit: float, leavers) -> dict[str, float]:
    """Counts, rates and the workforce and supplier means of the month."""
    n = max(len(customers), 1)
    E = len(employees)
    problems = sum(bool(c.problem) for c in customers)
    recovered = sum(bool(c.recovered) for c in customers)
    promoters = sum(c.promoter for c in customers)
    detractors = sum(c.detractor for c in customers)
    churned = sum(c.churning for c in customers)
    quits = sum(e.leaving == "quit" for e in leavers)
    removed = sum(e.leaving == "removed" for e in leavers)
    orientation = [e.orientation for e in employees]
    culture = _mean(orientation, E)
    return dict(
        active_customers=float(active_now), acquired=float(acquired), churned=float(churned),
        churn_rate=churned / n, nps=100.0 * (promoters - detractors) / n,
        problem_rate=problems / n, recovery_rate=recovered / max(problems, 1),
        lost_employee=sum(c.lost_employee for c in customers) / n,
        engagement=_mean((e.engagement for e in employees), E), skill=_mean((e.skill for e in employees), E),
        culture_strength=culture,
        culture_spread=math.sqrt(_mean(((x - culture) ** 2 for x in orientation), E)),
        frontline_orientation=_mean((e.orientation for e in employees if e.slot < frontline_count), frontline_count),
        quits=float(quits), misfits_removed=float(removed), hires=float(quits + removed),
        employee_turnover=(quits + removed) / E,
        supplier_reliability=_mean((s.reliability for s in suppliers), len(suppliers)),
        offer_fit=float(fit), workload=len(customers) / frontline_count,
    )
