"""Fact 1, the service-profit chain across business units (Heskett et al. 1994; Harter, Schmidt & Hayes 2002)."""

from sim.validation import chain, checks


def test_engagement_relates_to_satisfaction_then_profit_through_quality():
    r = chain.service_profit_chain()
    assert not checks.service_profit_chain(r), checks.service_profit_chain(r)


def test_chain_is_absent_when_engagement_has_no_drivers():
    # engagement_effect = 0: engagement no longer responds to management or workload
    assert checks.service_profit_chain(chain.service_profit_chain(engagement_effect=0.0))
