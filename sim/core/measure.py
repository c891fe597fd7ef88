"""The month's metrics (names of sim.metrics.SERIES), defined once for both modes.

The agents mode packs its agents into arrays of a batch of one and calls these same functions.
"""

from __future__ import annotations

import numpy as np

from .finance import monthly_finance

#: running total -> monthly series it accumulates
CUMULATIVE = {"cumulative_discounted_profit": "discounted_profit", "cumulative_acquired": "acquired",
              "cumulative_churned": "churned"}


def customer_metrics(st, act, quality, churn, n_active) -> dict[str, np.ndarray]:
    """Means over the month's customers (active at its start), taken before churned slots are refilled.

    Measured after the arrivals, a churned customer's slot taken by a new customer would report
    the newcomer's satisfaction, loyalty and segment in place of the churned customer's.
    """
    n = np.maximum(n_active[:, 0], 1)

    def mean_active(x):
        return (x * act).sum(axis=1) / n

    out = dict(mean_satisfaction=mean_active(st.satisfaction), mean_loyalty=mean_active(st.loyalty),
               mean_expectation=mean_active(st.expectation), service_quality=mean_active(quality),
               community_share=mean_active(st.member))
    for seg, label in enumerate(("low", "mid", "high")):
        in_seg = act & (st.segment == seg)
        k = in_seg.sum(axis=1)
        out[f"loyalty_{label}"] = (st.loyalty * in_seg).sum(axis=1) / np.maximum(k, 1)   # 0 when empty
        out[f"churn_{label}"] = (churn & in_seg).sum(axis=1) / np.maximum(k, 1)
    return out


def close_books(st, revenue_c, time_c, counts, change, month, measured, frontline, n_frontline, n_active,
                env, n_employees: int, n_customers: int) -> dict[str, np.ndarray]:
    """Finance and every metric of the month, each (S,).

    ``st`` needs the end-of-month arrays (active, member, commitment, engagement, skill, orientation,
    reliability, fit, policy); ``counts`` the month's counts, each (S,); ``revenue_c``/``time_c``
    (S, C) with zeros outside the month's customers.
    """
    E, nf = n_employees, n_frontline
    n = np.maximum(n_active[:, 0], 1)
    out = monthly_finance(revenue_c, time_c, counts, st, st.policy, env, E, n_customers, change, month)
    out.update(measured)
    out.update(
        active_customers=st.active.sum(axis=1).astype(np.float64),
        acquired=counts.acquired.astype(np.float64), churned=counts.churned.astype(np.float64),
        churn_rate=counts.churned / n,
        nps=100.0 * (counts.promoters - counts.detractors) / n,
        problem_rate=counts.problems / n,
        recovery_rate=counts.recovered / np.maximum(counts.problems, 1),
        lost_employee=counts.lost / n,
        engagement=st.engagement.mean(axis=1), skill=st.skill.mean(axis=1),
        culture_strength=st.orientation.mean(axis=1), culture_spread=st.orientation.std(axis=1),
        frontline_orientation=(st.orientation * frontline).sum(axis=1) / nf[:, 0],
        quits=counts.quits.astype(np.float64), misfits_removed=counts.removed.astype(np.float64),
        hires=(counts.quits + counts.removed).astype(np.float64),
        employee_turnover=(counts.quits + counts.removed) / E,
        supplier_reliability=st.reliability.mean(axis=1), offer_fit=st.fit[:, 0],
        workload=n_active[:, 0] / nf[:, 0],
    )
    return out


def accumulate(totals: dict | None, row: dict) -> dict:
    """The running totals after one more month (start with ``totals=None``): CUMULATIVE's series."""
    totals = totals or dict.fromkeys(CUMULATIVE, 0.0)
    return {k: totals[k] + row[m] for k, m in CUMULATIVE.items()}
