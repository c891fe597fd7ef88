"""Fact 7, retention leverage (Gupta, Lehmann & Stuart 2004, JMR 41(1)): at step 3, 1% better annual
retention raises firm value by 3-7%; 1% lower acquisition cost by less than 0.5%; retention worth 3-7x
margin, their margin being each customer's contribution net of the costs that follow customers."""

import numpy as np
import pytest

from sim.steps import Schedule, step_policy
from sim.validation import chain, checks
from sim.validation.common import environment, paired_runs


@pytest.fixture(scope="module")
def levs():
    return chain.leverages()


def test_retention_moves_firm_value_three_to_seven_percent_acquisition_cost_little():
    r = chain.retention_leverage()
    assert not checks.retention_leverage(r), checks.retention_leverage(r)


def test_no_retention_leverage_when_customers_bring_no_margin():
    assert checks.retention_leverage(chain.retention_leverage(value_mean=0.0, reps=2))


def test_retained_customers_are_worth_little_when_churned_slots_refill_at_once():
    # the old acquisition: a near-instant refill of the market at no cost per customer
    r = chain.retention_leverage(bass_p=1.0, bass_q=1.0, conversion=1.0, acquisition_cost=0.0, reps=4)
    assert r["pct_retention"] < 3.0, r["pct_retention"]


def test_acquisition_cost_moves_firm_value_little_at_every_step_and_retention_gains_on_margin(levs):
    # Gupta, Lehmann & Stuart 2004: 0.1% for 1% lower acquisition cost (under 0.5% at every step), and
    # a 1% better retention worth more than a 1% better gross margin at every step
    assert not checks.leverage_ladder(levs, ratio_steps=()), checks.leverage_ladder(levs, ratio_steps=())
    assert all(r["retention_to_margin"] > 1.0 for r in levs.values()), {
        k: r["retention_to_margin"] for k, r in levs.items()
    }


def test_retention_worth_three_to_seven_times_the_contribution_at_steps_2_to_4(levs):
    # Gupta et al.'s ratio (5% vs 1%; retention 3-7% across firms, margin about 1%) with their margin:
    # each customer's contribution net of the costs that follow customers (docs/model.md 7)
    problems = checks.leverage_ladder(levs, ratio_steps=(2, 3, 4))
    assert not problems, problems


@pytest.mark.xfail(
    strict=True,
    reason="step 5 fills nearly all of its fixed capacity: a retained customer takes the slot a new one would "
    "fill (docs/model.md 7, 'The value of retention'); remove this marker when capacity can grow",
)
def test_retention_worth_three_to_seven_times_the_contribution_at_step_5(levs):
    problems = checks.leverage_ladder({5: levs[5]}, ratio_steps=(5,))
    assert not problems, problems


def test_step_5_retention_worth_three_to_seven_times_the_contribution_when_capacity_leaves_room():
    # the reason step 5 falls short: with a market of 1.1x capacity the step-5 base fills about 84% of its
    # slots instead of 96%, retained customers add to the base, and the ratio is Gupta et al.'s
    r = chain.retention_leverage(step=5, market_potential=1.1)
    problems = checks.leverage_ladder({5: r}, ratio_steps=(5,))
    assert not problems, problems


def test_retention_worth_about_margin_when_the_market_is_saturated():
    # the reason for the calibration: Sultan et al.'s mean imitation (q 0.38 a year) with a market no
    # larger than the capacity wins the market at steps 3-5, and a retained customer then takes a
    # prospect's place
    r = chain.retention_leverage(step=5, reps=4, bass_p=0.3, bass_q=0.38, market_potential=1.0)
    assert r["retention_to_margin"] < 1.5, r["retention_to_margin"]


@pytest.mark.parametrize("step", [1, 5])
def test_the_contribution_perturbation_scales_what_each_customer_brings_and_nothing_else(step):
    # step 1: a fixed headcount (wages do not follow customers); step 5: staffed to demand (they do)
    env, s = environment(), 1.05
    variable = chain.variable_headcount_share(step_policy(step).staffing_to_demand, chain.LEVERAGE_SIZES.n_employees)
    assert variable == float(step == 5)
    envs = [env, chain.contribution_perturbation(env, s, variable)]
    out = paired_runs([Schedule.constant(step_policy(step))] * 2, 2, envs, sizes=chain.LEVERAGE_SIZES, months=12)
    for k in ("active_customers", "mean_loyalty", "headcount", "revenue", "acquired"):
        assert np.array_equal(out[k][0], out[k][1]), k  # behaviour untouched
    b = {k: v[0] for k, v in out.items()}
    fixed = b["cost_marketing"] + b["cost_capacity"]
    if not variable:
        fixed = fixed + sum(b[k] for k in chain.EMPLOYEE_COST_CATEGORIES)
    contribution = b["profit"] + fixed
    np.testing.assert_allclose(out["profit"][1] - b["profit"], (s - 1) * contribution, rtol=1e-9, atol=1e-6)


@pytest.mark.parametrize("step", [1, 3, 5])
def test_reported_clv_is_what_the_customers_then_bring_when_the_world_stands_still(step):
    # m r / (1 + i - r) (Gupta & Lehmann 2003) from the last 12 months against the discounted margin the
    # customers active then go on to bring over 40 more years; it assumes today's margin and retention
    # last, which holds in a stationary baseline (within 10%: judgement, about twice the replication
    # noise at step 1); with a rising market bar the snapshot runs ahead (docs/model.md 5.19)
    r = chain.clv_against_realised(step=step)
    assert abs(r["gap"].mean()) < 0.10, r["gap"]
