"""Fact 2, satisfaction -> loyalty is convex (Jones & Sasser 1995)."""

from sim.validation import checks, customers


def test_top_box_customers_churn_several_times_less_than_satisfied_ones():
    r = customers.churn_by_satisfaction()
    assert not checks.convex_loyalty(r), checks.convex_loyalty(r)


def test_no_top_box_effect_when_loyalty_is_linear_in_satisfaction():
    assert checks.convex_loyalty(customers.churn_by_satisfaction(loyalty_convexity=1.0))
