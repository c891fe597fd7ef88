"""Scenarios that share their warm-up (environment, seed, month-0 levers) live it once
(sim.core.simulate.warm_up), and each still gets the numbers it has alone."""

import importlib

import numpy as np

from sim.core import make_batch, simulate
from sim.params import Environment, Sizes
from sim.steps import Phase, Schedule, step_policy

simulate_module = importlib.import_module("sim.core.simulate")  # the module (sim.core.simulate is the function)

SIZES = Sizes(n_employees=8, n_customers=300, n_suppliers=4)  # few staff: staffing to demand must hire
STEP1, STEP2 = Schedule.constant(step_policy(1)), Schedule.constant(step_policy(2))
MOVE_UP = Schedule((Phase(0, step_policy(1)), Phase(1, step_policy(2))))  # starts as step 1
STAFF_LATER = Schedule((Phase(0, step_policy(1)), Phase(3, step_policy(4))))  # step 4 staffs to demand: more slots
OTHER = Environment(competitor_pull=0.7, hiring_lead_time=1)


def rows():
    """(environment, schedule, seed) of 9 scenarios: 4 distinct warm-ups, repeated in shuffled order."""
    env = Environment(hiring_lead_time=1)
    return [
        (env, MOVE_UP, 11),
        (env, STEP1, 11),
        (OTHER, STEP1, 11),
        (env, STAFF_LATER, 11),
        (env, STEP2, 11),  # step 2 from month 0: a warm-up of its own
        (env, STEP1, 12),
        (env, MOVE_UP, 12),
        (OTHER, MOVE_UP, 11),
        (env, STAFF_LATER, 11),  # the very same scenario twice
    ]


def batch_of(selected):
    envs, schedules, seeds = zip(*selected)
    return make_batch(list(envs), list(schedules), list(seeds), SIZES, months=10, warmup=5)


def test_each_scenario_gets_the_numbers_it_has_alone(backend):
    batch = batch_of(rows())
    assert batch.employee_room > SIZES.n_employees  # one staffs to demand later: the warm-up needs its slots
    together = simulate(batch)
    for i, row in enumerate(rows()):
        alone = simulate(batch_of([row]))
        for k, v in alone.items():
            assert np.array_equal(v[0], together[k][i], equal_nan=True), f"{k} differs for scenario {i}"
    assert together["headcount"][3].max() > SIZES.n_employees  # it used those slots


def test_each_distinct_warm_up_is_lived_once(monkeypatch):
    lived = []
    step = simulate_module.step

    def counting(state, batch, month):
        if month < 0:
            lived.append(batch.n)
        return step(state, batch, month)

    monkeypatch.setattr(simulate_module, "step", counting)
    simulate(batch_of(rows()))
    assert lived == [4] * 5  # 9 scenarios, 4 distinct (environment, seed, month-0 levers), 5 warm-up months
    lived.clear()
    simulate(batch_of([rows()[i] for i in (1, 2, 4)]))  # no two alike: the batch as it is
    assert lived == [3] * 5
