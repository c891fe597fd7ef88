"""Fact 7, retention leverage (Gupta, Lehmann & Stuart 2004, JMR 41(1)): at step 3, 1% better annual
retention raises firm value by 3-7%; 1% lower acquisition cost by less than 0.5%."""

from sim.validation import chain, checks


def test_retention_moves_firm_value_three_to_seven_percent_acquisition_cost_little():
    r = chain.retention_leverage()
    assert not checks.retention_leverage(r), checks.retention_leverage(r)


def test_no_retention_leverage_when_customers_bring_no_margin():
    assert checks.retention_leverage(chain.retention_leverage(value_mean=0.0, reps=2))


def test_retained_customers_are_worth_little_when_churned_slots_refill_at_once():
    # the old acquisition: a near-instant refill of the market at no cost per customer
    r = chain.retention_leverage(bass_p=1.0, bass_q=1.0, conversion=1.0, acquisition_cost=0.0, reps=4)
    assert r["pct_retention"] < 3.0, r["pct_retention"]


def test_acquisition_cost_moves_firm_value_little_at_every_step_and_retention_gains_on_margin():
    # Gupta, Lehmann & Stuart 2004: 0.1% for 1% lower acquisition cost (under 0.5% at every step).
    # Retention against margin (their 5x, 3-7x) is in the calibration table at every step; it falls
    # short of 3x (docs/model.md section 7, "The value of retention", says why), but a 1% better
    # retention is worth more than a 1% better gross margin at every step
    levs = chain.leverages()
    assert not checks.leverage_ladder(levs, ratio_steps=()), checks.leverage_ladder(levs, ratio_steps=())
    assert all(r["retention_to_margin"] > 1.0 for r in levs.values()), {
        k: r["retention_to_margin"] for k, r in levs.items()
    }


def test_retention_worth_about_margin_when_the_market_is_saturated():
    # the reason for the calibration: Sultan et al.'s mean imitation (q 0.38 a year) with a market no
    # larger than the capacity wins the market at steps 3-5, and a retained customer then takes a
    # prospect's place
    r = chain.retention_leverage(step=5, reps=4, bass_p=0.3, bass_q=0.38, market_potential=1.0)
    assert r["retention_to_margin"] < 1.5, r["retention_to_margin"]
