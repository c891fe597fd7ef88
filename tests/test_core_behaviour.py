"""What the model must show at defaults: the ladder, an interior optimum, a J-curve."""

import numpy as np

from sim.core import make_batch, simulate
from sim.core.rng import derive_seeds
from sim.params import Environment, Sizes, replace
from sim.stats import mean_ci
from sim.steps import Phase, Schedule, step_policy

REPS = 8
SEEDS = derive_seeds(2024, REPS)


def run(schedules, months=60, sizes=Sizes()):
    """Every schedule with the same REPS seeds (paired), default environment."""
    seeds = np.tile(SEEDS, len(schedules))
    rows = [s for s in schedules for _ in range(REPS)]
    out = simulate(make_batch([Environment()] * len(rows), rows, seeds, sizes, months))
    return {k: v.reshape(len(schedules), REPS, -1) for k, v in out.items()}


def test_culture_ladder_loyalty_rises_and_churn_falls_step_by_step():
    out = run([Schedule.constant(step_policy(k)) for k in range(1, 6)])
    loyalty = out["mean_loyalty"][:, :, -12:].mean(axis=(1, 2))
    churn = out["churn_rate"][:, :, -12:].mean(axis=(1, 2))
    assert np.all(np.diff(loyalty) > 0), loyalty
    assert np.all(np.diff(churn) < 0), churn
    annual = 1 - (1 - churn) ** 12
    assert 0.20 <= annual[0] <= 0.35, f"step-1 annual churn {annual[0]:.3f} outside 20-35%"
    assert annual[4] <= 0.10, f"step-5 annual churn {annual[4]:.3f} above 10%"


def test_profit_is_hump_shaped_in_service_spend():
    spends = np.linspace(0, 1, 9)
    out = run([Schedule.constant(replace(step_policy(1), service_spend=float(x))) for x in spends])
    npv = out["cumulative_discounted_profit"][:, :, -1]          # (spend, replication)
    best = int(np.argmax(npv.mean(axis=1)))
    assert 0 < best < len(spends) - 1, f"optimum at the edge: spend {spends[best]}"
    # the optimum beats both ends, paired by seed, with the 95% interval of the difference above 0
    for end in (0, -1):
        _, lo, _ = mean_ci(npv[best] - npv[end])
        assert lo > 0, f"optimum not clearly above spend {spends[end]}"


def test_moving_up_a_step_shows_a_j_curve_in_profit():
    stay = Schedule.constant(step_policy(2))
    move = Schedule((Phase(0, step_policy(2)), Phase(12, step_policy(4))))
    out = run([stay, move])
    diff = out["profit"][1] - out["profit"][0]                  # paired by seed: (replication, month)
    np.testing.assert_array_equal(diff[:, :12], 0.0)            # identical until the move
    assert diff[:, 12:15].mean() < 0, "no dip after the move"
    assert diff[:, -12:].mean() > 0, "no recovery by the last year"
    assert np.all(diff[:, 12:15].mean(axis=1) < 0) and np.all(diff[:, -12:].mean(axis=1) > 0)


def test_customers_notice_when_their_dedicated_employee_leaves():
    sizes = Sizes(n_employees=40, n_customers=600, n_suppliers=4)
    continuity = replace(step_policy(3), relationship_continuity=1.0)
    seeds = np.tile(SEEDS, 2)
    envs = [Environment()] * REPS + [Environment(lost_employee_drop=0.0)] * REPS
    out = simulate(make_batch(envs, [Schedule.constant(continuity)] * (2 * REPS), seeds, sizes, 24))
    lost = out["lost_employee"][:REPS]
    assert lost.mean() > 0.005, "customers never lose their dedicated employee"
    drop = out["mean_satisfaction"][REPS:] - out["mean_satisfaction"][:REPS]
    assert np.all(drop.mean(axis=1) > 0), "losing one's employee does not lower satisfaction"
