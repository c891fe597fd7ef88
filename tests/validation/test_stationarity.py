"""Stationary baselines (issues #10 and 22): a constant policy in the default environment gives flat series."""

import pytest

from sim.validation import baseline, checks


def test_constant_policies_give_flat_loyalty_nps_and_churn_over_twenty_years():
    r = baseline.stationarity()
    assert not checks.stationarity(r), checks.stationarity(r)


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True,
    reason="since the market of its own (issue 19, Bass-true acquisition) the customer base at steps 2-4 "
    "grows 2.1-3.2% over 40 years even after a 240- or 480-month warm-up: not a warm-up transient "
    "(docs/model.md 3); passed before that merge. Strict: it fails when the drift is fixed, then remove this mark",
)
def test_every_step_is_stationary_over_forty_years_after_a_twenty_year_warm_up():
    """Issue 22: loyalty within 0.02, NPS 3 points, annual churn 1 point, customers 2% and profit 5%
    between the first and the last 60 of 480 recorded months, at every step. The customer base of
    a loyal organization turns over in decades (step 5 loses 3.6% of its customers a year), so it
    needs a long warm-up (240 months; docs/model.md 3): after the default 24 months it still grows
    by about 3% over 40 years at steps 4-5 (profit about 14%). 64 replications: profit's drift has
    a standard error of about 2% at step 2."""
    r = baseline.stationarity(reps=64, months=480, early=(0, 60), late=(420, 480), warmup=240)
    problems = checks.stationarity(r, customers=0.02, profit=0.05)
    assert not problems, problems


def test_an_unbounded_market_bar_makes_constant_policies_decay():
    # the old environment: the market's bar rising 0.001 a month without end, here 0.24 over 240 months
    r = baseline.stationarity(reps=4, market_rise=0.5, market_rise_time=480.0)
    assert checks.stationarity(r)
