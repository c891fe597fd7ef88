"""Fact 5, not all customers are equal (Reinartz & Kumar 2002)."""

from sim.validation import checks, customers


def test_loyalty_and_profit_weakly_related_and_targeting_pays():
    r = customers.unequal_customers()
    assert not checks.unequal_customers(r), checks.unequal_customers(r)


def test_equal_customers_make_loyalty_and_profit_one_thing():
    # value_sigma = 0: every customer has the same revenue potential
    assert checks.unequal_customers(customers.unequal_customers(value_sigma=0.0))
