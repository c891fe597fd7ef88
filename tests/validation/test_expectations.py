"""Fact 4, expectations rise: a one-off improvement fades; keeping satisfaction up takes more."""

from sim.validation import checks, customers


def test_one_off_improvement_fades_and_continued_improvement_keeps_satisfaction_up():
    r = customers.expectation_treadmill()
    assert not checks.rising_expectations(r), checks.rising_expectations(r)


def test_no_fading_when_expectations_do_not_adapt():
    assert checks.rising_expectations(customers.expectation_treadmill(expectation_speed=0.0))
