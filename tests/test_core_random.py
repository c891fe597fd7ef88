"""Random numbers: batch invariance and common random numbers."""

import numpy as np

from sim.core import make_batch, simulate
from sim.core.rng import derive_seeds, uniforms, uniforms_at
from sim.params import Environment, Policy, problem
from sim.steps import Schedule

from .support import SMALL


def random_scenarios(n, rng):
    """n scenarios with every lever and a few environment values drawn within bounds."""
    prob = problem()
    envs, schedules = [], []
    for _ in range(n):
        levers = {name: float(rng.uniform(lo, hi)) for name, (lo, hi) in zip(prob["names"], prob["bounds"])}
        levers["team_size"] = float(round(levers["team_size"]))
        schedules.append(Schedule.constant(Policy(**levers)))
        envs.append(Environment(competitor_pull=float(rng.uniform(0, 1)), quit_base=float(rng.uniform(0, 0.1))))
    return envs, schedules


def test_scenario_alone_equals_itself_inside_a_batch_of_50(backend):
    rng = np.random.default_rng(5)
    envs, schedules = random_scenarios(50, rng)
    seeds = rng.integers(0, 2**62, size=50)
    together = simulate(make_batch(envs, schedules, seeds, SMALL, months=18, warmup=4))
    for i in (0, 17, 49):
        alone = simulate(make_batch([envs[i]], [schedules[i]], seeds[i : i + 1], SMALL, months=18, warmup=4))
        for k, v in alone.items():
            assert np.array_equal(v[0], together[k][i], equal_nan=True), f"{k} differs for scenario {i}"


def test_same_seed_same_result_different_seed_different_result(backend):
    envs, schedules = random_scenarios(1, np.random.default_rng(1))
    run = lambda seed: simulate(make_batch(envs, schedules, [seed], SMALL, months=12, warmup=2))  # noqa: E731
    a, b, c = run(7), run(7), run(8)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a["churned"], c["churned"]) or not np.array_equal(a["profit"], c["profit"])


def test_draws_depend_only_on_seed_decision_month_slot():
    a = uniforms(np.array([3, 4, 3], dtype=np.uint64), "churn", 5, 1000)
    np.testing.assert_array_equal(a[0], a[2])  # common random numbers
    assert not np.array_equal(a[0], a[1])
    b = uniforms(np.array([3], dtype=np.uint64), "churn", 5, 10)
    np.testing.assert_array_equal(b[0], a[0, :10])  # slot i is slot i at any size
    assert not np.array_equal(uniforms(np.array([3], np.uint64), "quit", 5, 10)[0], b[0])
    assert not np.array_equal(uniforms(np.array([3], np.uint64), "churn", 6, 10)[0], b[0])
    assert np.all((a > 0) & (a < 1))
    rows, slots = np.array([0, 1, 2, 1]), np.array([999, 0, 5, 5])
    np.testing.assert_array_equal(uniforms_at(np.array([3, 4, 3], np.uint64), "churn", 5, rows, slots), a[rows, slots])
    assert abs(a.mean() - 0.5) < 0.02 and abs(a.var() - 1 / 12) < 0.005


def test_derived_seeds_are_stable_prefixes():
    np.testing.assert_array_equal(derive_seeds(9, 5), derive_seeds(9, 20)[:5])
    assert len(set(derive_seeds(9, 1000).tolist())) == 1000


def test_run_gives_the_same_numbers_whatever_the_memory_budget():
    """Batches sized from a tiny budget (one scenario per engine call) change nothing."""
    from sim.core.batch import bytes_per_scenario
    from sim.runs.runner import run
    from sim.runs.scenario import Scenario

    scenarios = [Scenario.from_step(k, sizes=SMALL, months=10, warmup=2) for k in (1, 4)]
    whole = run(scenarios, replications=3)
    piecewise = run(scenarios, replications=3, memory_budget=bytes_per_scenario(SMALL, 10))
    for k, v in whole.series.items():
        assert np.array_equal(v, piecewise.series[k]), k
