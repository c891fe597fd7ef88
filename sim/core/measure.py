"""The month's metrics (names of sim.metrics.SERIES), defined once for both modes.

The agents mode packs its agents into arrays of a batch of one and calls these same functions.
"""

from __future__ import annotations

import numpy as np

from .finance import monthly_finance
from .records import Books, CustomerArrays
from .state import State

#: running total -> monthly series it accumulates
CUMULATIVE = {
    "cumulative_discounted_profit": "discounted_profit",
    "cumulative_acquired": "acquired",
    "cumulative_churned": "churned",
}


def customer_metrics(st: CustomerArrays | State, act, quality, churn, n_active) -> dict[str, np.ndarray]:
    """Means over the month's customers (active at its start), taken before churned slots are refilled.

    Measured after the arrivals, a churned customer's slot taken by a new customer would report
    the newcomer's satisfaction, loyalty and segment in place of the churned customer's.
    """

    def total(x):
        return (x * act).sum(axis=1)

    sums = dict(
        satisfaction=total(st.satisfaction),
        loyalty=total(st.loyalty),
        expectation=total(st.expectation),
        quality=total(quality),
        community=total(st.member),
    )
    for seg in range(3):
        in_seg = act & (st.segment == seg)
        sums[f"segment_n{seg}"] = in_seg.sum(axis=1)
        sums[f"segment_loyalty{seg}"] = (st.loyalty * in_seg).sum(axis=1)
        sums[f"segment_churned{seg}"] = (churn & in_seg).sum(axis=1)
    return customer_means(sums, n_active)


def customer_means(sums, n_active) -> dict[str, np.ndarray]:
    """The customer metrics from their sums over the month's customers (the compiled core sums in its loop)."""
    n = np.maximum(n_active[:, 0], 1)
    out = dict(
        mean_satisfaction=sums["satisfaction"] / n,
        mean_loyalty=sums["loyalty"] / n,
        mean_expectation=sums["expectation"] / n,
        service_quality=sums["quality"] / n,
        community_share=sums["community"] / n,
    )
    for seg, label in enumerate(("low", "mid", "high")):
        k = np.maximum(sums[f"segment_n{seg}"], 1)
        out[f"loyalty_{label}"] = sums[f"segment_loyalty{seg}"] / k  # 0 when empty
        out[f"churn_{label}"] = sums[f"segment_churned{seg}"] / k
    return out


def close_books(books: Books) -> dict[str, np.ndarray]:
    """Finance and every metric of the month, each (S,).

    ``books.end`` holds the end-of-month arrays; ``books.counts`` the month's counts, each (S,);
    ``books.revenue``/``books.service_time`` (S, C) with zeros outside the month's customers.
    Employee means count the employed only.
    """
    st, counts, n_active = books.end, books.counts, books.n_active
    nf, employed = books.n_frontline, st.employed
    E = employed.sum(axis=1)  # headcount at the month's end
    frontline = employed & (np.cumsum(employed, axis=1) <= nf)  # the first nf employees

    def staff_mean(x):
        return (x * employed).sum(axis=1) / E

    culture = staff_mean(st.orientation)
    n = np.maximum(n_active[:, 0], 1)
    out = monthly_finance(books)
    out.update(books.measured)
    out.update(
        active_customers=st.active.sum(axis=1).astype(np.float64),
        acquired=counts.acquired.astype(np.float64),
        churned=counts.churned.astype(np.float64),
        churn_rate=counts.churned / n,
        nps=100.0 * (counts.promoters - counts.detractors) / n,
        problem_rate=counts.problems / n,
        recovery_rate=counts.recovered / np.maximum(counts.problems, 1),
        lost_employee=counts.lost / n,
        engagement=staff_mean(st.engagement),
        skill=staff_mean(st.skill),
        culture_strength=culture,
        culture_spread=np.sqrt(staff_mean((st.orientation - culture[:, None]) ** 2)),
        frontline_orientation=(st.orientation * frontline).sum(axis=1) / nf[:, 0],
        quits=counts.quits.astype(np.float64),
        misfits_removed=counts.removed.astype(np.float64),
        hires=counts.hired.astype(np.float64),
        laid_off=counts.laid_off.astype(np.float64),
        headcount=E.astype(np.float64),
        employee_turnover=(counts.quits + counts.removed + counts.laid_off) / E,
        supplier_reliability=st.reliability.mean(axis=1),
        offer_fit=st.fit[:, 0],
        workload=n_active[:, 0] / nf[:, 0],
    )
    return out


def accumulate(totals: dict | None, row: dict) -> dict:
    """The running totals after one more month (start with ``totals=None``): CUMULATIVE's series."""
    totals = totals or dict.fromkeys(CUMULATIVE, 0.0)
    return {k: totals[k] + row[m] for k, m in CUMULATIVE.items()}
