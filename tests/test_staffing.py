"""The staffing policy (docs/model.md 4.6): headcount follows demand within the hiring lead time, a fixed
headcount is today's model whatever room the arrays have, and hiring, layoffs and severance are paid for."""

import numpy as np
import pytest

from sim import rules
from sim.core import init_state, make_batch, simulate
from sim.core.batch import bytes_per_scenario, most_employees
from sim.params import Environment, Sizes, replace
from sim.steps import Phase, Schedule, step_policy

SIZES = Sizes(n_employees=40, n_customers=1000, n_suppliers=4, max_employees=100)
LEAD = 3
ENV = Environment(initial_share=0.15, staffing_band=0.0, hiring_lead_time=LEAD)
STAFFED = dict(staffing_to_demand=1.0, layoffs=1.0, hiring_selectivity=0.2, onboarding=0.6)
GROW = replace(step_policy(5), marketing=1.0, **STAFFED)  # a small base that grows fast
SHRINK = replace(step_policy(1), marketing=0.0, **STAFFED)  # then a hassle-minimising firm that stops marketing
UP_AND_DOWN = Schedule((Phase(0, GROW), Phase(30, SHRINK)))
MONTHS = 72


def record(batch):
    """The month's series and, per month, the start-of-month customers and the effective policy."""
    seen = []
    out = simulate(batch, on_state=lambda st, m: seen.append((st.active.sum(axis=1), st.policy)))
    return out, seen


def targets(batch, seen):
    """The staffing target of every month: customers at its start, the policy in force (rules.staffing_target)."""
    n0 = np.rint(ENV.initial_share * batch.sizes.n_customers)
    start = [np.full(batch.n, n0)] + [active for active, _ in seen[:-1]]
    return np.stack(
        [
            rules.staffing_target(n[:, None], SIZES.n_employees, most_employees(SIZES), pol, batch.env_view())[:, 0]
            for n, (_, pol) in zip(start, seen)
        ],
        axis=1,
    )


@pytest.fixture(scope="module")
def up_and_down():
    batch = make_batch([ENV] * 2, [UP_AND_DOWN] * 2, [1, 2], SIZES, months=MONTHS, warmup=0)
    out, seen = record(batch)
    return batch, out, targets(batch, seen)


def test_headcount_follows_the_staffing_target_within_its_lead_time_as_the_base_grows_and_shrinks(up_and_down):
    batch, out, target = up_and_down
    customers, headcount = out["active_customers"], out["headcount"]
    peak = customers.argmax(axis=1)
    assert np.all(customers.max(axis=1) > 3 * customers[:, 0])  # the base grows ...
    assert np.all(customers[:, -1] < 0.8 * customers.max(axis=1))  # ... and shrinks
    assert np.all(headcount.max(axis=1) > 4 * headcount[:, 0])  # headcount rises with it ...
    assert np.all(headcount[:, -1] < 0.85 * headcount.max(axis=1))  # ... and falls with it
    assert np.all(peak > 30) and out["laid_off"][:, 31:].sum() > 0
    for t in range(LEAD, MONTHS):
        window = target[:, t - LEAD : t + 1]
        assert np.all(headcount[:, t] >= window.min(axis=1)), t  # hires arrive within the lead time
        assert np.all(headcount[:, t] <= window.max(axis=1)), t  # layoffs (all of the excess) at once
    assert np.sum(headcount < target) >= 10  # new positions are not filled at once: growth outruns hiring
    # and the workload stays at the comfortable load the policy staffs for, within a few customers
    late = out["workload"][:, 12:]
    assert np.all(np.abs(late.mean(axis=1) - ENV.comfortable_load) < 3.0)


def test_a_fixed_headcount_is_todays_model_whatever_room_the_arrays_have():
    fixed = Schedule.constant(replace(step_policy(3), staffing_to_demand=0.0))
    demand = Schedule.constant(replace(step_policy(3), staffing_to_demand=1.0))
    alone = make_batch([Environment()], [fixed], [5], SIZES, months=36, warmup=12)
    beside = make_batch([Environment()] * 2, [fixed, demand], [5, 5], SIZES, months=36, warmup=12)
    assert init_state(alone).orientation.shape[1] == SIZES.n_employees
    assert init_state(beside).orientation.shape[1] == most_employees(SIZES) == 100
    a, b = simulate(alone), simulate(beside)
    for name, series in a.items():
        np.testing.assert_array_equal(series[0], b[name][0], err_msg=name)
    assert np.all(a["headcount"] == SIZES.n_employees) and np.all(a["laid_off"] == 0)
    np.testing.assert_array_equal(a["hires"], a["quits"] + a["misfits_removed"])  # every leaver replaced at once
    assert not np.array_equal(b["headcount"][1], b["headcount"][0])  # the other one did staff to demand


def test_hiring_layoffs_and_severance_are_charged(up_and_down):
    batch, out, _ = up_and_down
    env, pol = ENV, GROW
    per_hire = env.hire_cost * (1.0 + pol.hiring_selectivity) + env.onboarding_cost * pol.onboarding
    np.testing.assert_allclose(out["cost_hiring"], out["hires"] * per_hire, rtol=1e-12)
    leavers = out["quits"] + out["misfits_removed"] + out["laid_off"]
    expected = leavers * env.separation_cost + out["laid_off"] * env.severance_months * env.wage
    np.testing.assert_allclose(out["cost_turnover"], expected, rtol=1e-12)
    np.testing.assert_allclose(out["cost_wages"], out["headcount"] * env.wage, rtol=1e-12)
    growth = slice(1, 30)  # growth hires beyond the leavers are paid for
    assert out["hires"][:, growth].sum() > 2 * (out["quits"] + out["misfits_removed"])[:, growth].sum()
    assert (out["laid_off"] * env.severance_months * env.wage).sum() > 0


def test_layoffs_cost_the_engagement_of_those_who_stay():
    schedules = [UP_AND_DOWN] * 2
    envs = [ENV, replace(ENV, layoff_engagement_drop=0.0)]
    out = simulate(make_batch(envs, schedules, [1, 1], SIZES, months=MONTHS, warmup=0))
    first = int(np.argmax(out["laid_off"][0] > 0))
    assert out["laid_off"][0, first] > 0
    before = slice(0, first)
    np.testing.assert_array_equal(out["engagement"][0, before], out["engagement"][1, before])
    assert out["engagement"][0, first] < out["engagement"][1, first] - 0.005


def test_the_arrays_and_the_memory_estimate_are_sized_to_the_largest_headcount():
    assert most_employees(Sizes(n_employees=100)) == 200  # 0 means twice the base
    assert most_employees(Sizes(n_employees=100, max_employees=150)) == 150
    assert most_employees(Sizes(n_employees=100, max_employees=50)) == 100  # never below the base
    assert bytes_per_scenario(Sizes(max_employees=1000), 60) > bytes_per_scenario(Sizes(max_employees=200), 60)
