"""What the model must show at defaults: the ladder, an interior optimum, a J-curve.

The experiments (sim.validation.chain) and the checks (sim.validation.checks) are shared with
docs/validation.md's figure script and with tests/validation/test_culture_ladder.py, which
checks that each shape disappears when the mechanism behind it is switched off.
"""

import numpy as np

from sim.core import make_batch, simulate
from sim.core.rng import derive_seeds
from sim.params import Environment, Sizes, replace
from sim.steps import Schedule, step_policy
from sim.validation import chain, checks

REPS = 8
SEEDS = derive_seeds(2024, REPS)


def test_culture_ladder_loyalty_rises_and_churn_falls_step_by_step():
    out = chain.ladder()
    assert not checks.ladder(out), checks.ladder(out)
    # NPS step 1 in [-35, 0], step 5 in [+40, +80]; annual churn step 1 in 20-35%, step 5 below 10%
    assert not checks.ladder_magnitudes(out), checks.ladder_magnitudes(out)


def test_profit_is_hump_shaped_in_service_spend():
    problems = checks.hump(chain.spend_curve())
    assert not problems, problems


def test_moving_up_a_step_shows_a_j_curve_in_profit():
    problems = checks.j_curve(chain.j_curve())
    assert not problems, problems


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
