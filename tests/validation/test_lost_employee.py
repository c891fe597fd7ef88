"""Fact 3, losing one's employee hurts (Heskett et al. 1994: 75% -> 55% satisfied)."""

from sim.validation import checks, customers


def test_customers_whose_employee_leaves_lose_satisfaction_and_churn_more():
    r = customers.lost_employee()
    assert not checks.lost_employee(r), checks.lost_employee(r)


def test_no_loss_of_satisfaction_without_the_lost_employee_drop():
    assert checks.lost_employee(customers.lost_employee(lost_employee_drop=0.0))
