"""Fact 8, the culture ladder and its cost. The facts themselves are asserted in
tests/test_core_behaviour.py; here each shape must vanish when its mechanism is switched off."""

from sim.params import Environment
from sim.validation import chain, checks


def test_flat_ladder_when_satisfaction_and_bonds_do_not_respond():
    assert checks.ladder(chain.ladder(env=Environment(**chain.LADDER_OFF)))


def test_no_interior_optimum_when_service_time_is_free():
    assert checks.hump(chain.spend_curve(env=Environment(service_cost=0.0)))


def test_no_j_curve_without_up_front_costs():
    problems = checks.j_curve(chain.j_curve(env=Environment(**chain.UP_FRONT_COSTS_OFF)))
    assert any("no dip" in p for p in problems), problems


def test_employee_channel_carries_at_least_a_third_of_the_loyalty_gain():
    r = chain.channel_shares()
    assert not checks.employee_channel(r), checks.employee_channel(r)


def test_magnitudes_leave_the_published_ranges_without_the_employee_channel():
    off = chain.CHANNELS["employees/culture"]
    assert checks.ladder_magnitudes(chain.ladder(reps=4, env=Environment(**off)))
