"""The books of one month: revenue, every cost category, profit, discounting."""

from __future__ import annotations

import numpy as np

from ..rules import market_size
from .records import Books

COST_CATEGORIES = (
    "cost_goods",
    "cost_wages",
    "cost_training",
    "cost_rewards",
    "cost_recognition",
    "cost_programmes",
    "cost_service",
    "cost_community",
    "cost_suppliers",
    "cost_hiring",
    "cost_turnover",
    "cost_marketing",
    "cost_change",
    "cost_capacity",
)

# The environment's prices paid per employee, hire or leaver besides the wage itself: they follow headcount
# (the organization's profile scales them with its wage; the value-of-retention check with the staffing policy).
PER_EMPLOYEE_PRICES = (
    "training_cost",
    "recognition_cost",
    "programme_cost",
    "hire_cost",
    "onboarding_cost",
    "separation_cost",
    "change_cost",
)

PROGRAMMES = (
    "communication",
    "vision_clarity",
    "values_clarity",
    "service_scorecard",
    "voice_of_customer",
    "competitor_benchmarking",
    "satisfaction_goals",
)


def monthly_finance(books: Books) -> dict[str, np.ndarray]:
    """Revenue, the cost categories, profit and its discounted value, each (S,).

    Each cost is charged on what drives it: per employee, per customer served (``books.n_active``),
    per new customer, per event, per prospect of the market reached by marketing, and only the
    capacity itself per customer slot (``books.n_customers``), filled or not. Every driver scales
    with the organization, so money per customer slot does not depend on its size.
    """

    def col(x):
        return np.asarray(x, dtype=np.float64).reshape(-1)

    revenue_c, time_c, counts, st, env = books.revenue, books.service_time, books.counts, books.end, books.env
    pol, change, month = st.policy, books.change, books.month
    E = st.employed.sum(axis=1, keepdims=True).astype(np.float64)  # this month's headcount (S, 1)
    C, served = books.n_customers, books.n_active[:, 0]
    n_suppliers = st.commitment.shape[1]
    hires, leavers = counts.hired, counts.quits + counts.removed + counts.laid_off
    revenue = revenue_c.sum(axis=1)
    costs = dict(
        cost_goods=col(1.0 - env.gross_margin) * revenue,
        cost_wages=col(E * env.wage),
        cost_training=col(E * env.training_cost * pol.training),
        cost_rewards=col(E * env.wage * env.reward_pool * pol.reward_intensity),
        cost_recognition=col(E * env.recognition_cost * pol.recognition),
        cost_programmes=col(E * env.programme_cost * sum(getattr(pol, k) for k in PROGRAMMES)),
        cost_service=col(env.service_cost) * time_c.sum(axis=1) + col(env.recovery_cost) * counts.recovered,
        cost_community=col(env.community_cost) * st.member.sum(axis=1)
        + col(E * env.programme_cost * pol.community_programs),
        cost_suppliers=col(served)
        * (env.supplier_fee / n_suppliers * (1.0 + env.supplier_premium * st.commitment)).sum(axis=1),
        cost_hiring=hires * col(env.hire_cost * (1.0 + pol.hiring_selectivity) + env.onboarding_cost * pol.onboarding),
        cost_turnover=leavers * col(env.separation_cost) + counts.laid_off * col(env.severance_months * env.wage),
        cost_marketing=col(market_size(C, env) * env.marketing_budget * pol.marketing)
        + counts.acquired * col(env.acquisition_cost),
        cost_change=col(env.change_cost * E) * change,
        cost_capacity=col(env.capacity_cost * C),
    )
    total = np.zeros_like(revenue)
    for k in COST_CATEGORIES:  # elementwise, in a fixed order: the same bits at any batch size
        total = total + costs[k]
    profit = revenue - total
    discount = discount_factor(col(env.discount_rate), month)
    return dict(revenue=revenue, **costs, total_costs=total, profit=profit, discounted_profit=profit * discount)


def monthly_rate(annual_rate):
    """The monthly discount rate equivalent to an annual one."""
    return (1.0 + annual_rate) ** (1.0 / 12.0) - 1.0


def discount_factor(annual_rate, month: int):
    """Value at month 0 of one unit at the end of ``month`` (warm-up months count as month 0)."""
    return (1.0 + monthly_rate(annual_rate)) ** -(max(month, 0) + 1.0)
