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
