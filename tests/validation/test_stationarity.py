"""Stationary baselines (issue #10): a constant policy in the default environment gives flat series."""

from sim.validation import baseline, checks


def test_constant_policies_give_flat_loyalty_nps_and_churn_over_twenty_years():
    r = baseline.stationarity()
    assert not checks.stationarity(r), checks.stationarity(r)


def test_an_unbounded_market_bar_makes_constant_policies_decay():
    # the old environment: the market's bar rising 0.001 a month without end, here 0.24 over 240 months
    r = baseline.stationarity(reps=4, market_rise=0.5, market_rise_time=480.0)
    assert checks.stationarity(r)
