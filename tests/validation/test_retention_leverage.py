"""Fact 7, retention leverage (Reichheld & Sasser 1990; Gupta, Lehmann & Stuart 2004)."""

from sim.validation import checks, chain


def test_retention_moves_value_far_more_than_acquisition_cost():
    r = chain.retention_leverage()
    assert not checks.retention_leverage(r), checks.retention_leverage(r)


def test_no_retention_leverage_when_customers_bring_no_margin():
    assert checks.retention_leverage(chain.retention_leverage(value_mean=0.0))
