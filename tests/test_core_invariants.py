"""Bounds, conservation and bookkeeping of the vectorised core."""

import numpy as np

from sim.core import simulate
from sim.core.finance import COST_CATEGORIES

UNIT = ("orientation", "skill", "engagement", "satisfaction", "loyalty", "reliability", "commitment", "fit")


def test_states_stay_in_bounds_and_customers_are_conserved(small_batch):
    batch = small_batch()
    seen = []

    def check(state, month):
        for name in UNIT:
            x = getattr(state, name)
            assert np.all((x >= 0) & (x <= 1)), f"{name} left [0, 1] in month {month}"
        assert np.all(np.isfinite(state.expectation))
        assert np.all((state.employee >= 0) & (state.employee < batch.sizes.n_employees))
        assert np.all(state.relationship >= 0)
        assert not np.any(state.member & ~state.active), "only active customers are members"
        seen.append(state.active.sum(axis=1))

    series = simulate(batch, on_state=check)
    active = np.array(seen).T  # (S, months) from the state itself
    np.testing.assert_array_equal(active, series["active_customers"])
    initial = active[:, 0] - series["acquired"][:, 0] + series["churned"][:, 0]
    np.testing.assert_array_equal(
        active, initial[:, None] + series["cumulative_acquired"] - series["cumulative_churned"]
    )
    assert series["churned"].sum() > 0 and series["acquired"].sum() > 0


def test_profit_is_revenue_minus_costs_every_month(small_batch):
    s = simulate(small_batch())
    costs = sum(s[k] for k in COST_CATEGORIES)
    np.testing.assert_allclose(s["total_costs"], costs, rtol=1e-12)
    np.testing.assert_allclose(s["profit"], s["revenue"] - costs, rtol=1e-9, atol=1e-6)
    assert np.all(s["revenue"] > 0)
    for k in COST_CATEGORIES:
        assert np.all(s[k] >= 0), k


def test_rates_and_shares_are_in_range(small_batch):
    s = simulate(small_batch())
    for k in (
        "churn_rate",
        "mean_satisfaction",
        "mean_loyalty",
        "problem_rate",
        "recovery_rate",
        "community_share",
        "employee_turnover",
        "culture_strength",
        "engagement",
    ):
        assert np.all((s[k] >= 0) & (s[k] <= 1)), k
    assert np.all(np.abs(s["nps"]) <= 100)
