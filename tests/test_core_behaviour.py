"""What the model must show at defaults: the ladder, an interior optimum, a J-curve.

The experiments (sim.validation.chain) and the checks (sim.validation.checks) are shared with
docs/validation.md's figure script and with tests/validation/test_culture_ladder.py, which
checks that each shape disappears when the mechanism behind it is switched off.
"""

from sim.validation import chain, checks


def test_culture_ladder_loyalty_rises_and_churn_falls_step_by_step():
    out = chain.ladder()
    assert not checks.ladder(out), checks.ladder(out)
    annual = out["annual_churn"]
    assert 0.20 <= annual[0] <= 0.35, f"step-1 annual churn {annual[0]:.3f} outside 20-35%"
    assert annual[4] <= 0.10, f"step-5 annual churn {annual[4]:.3f} above 10%"


def test_profit_is_hump_shaped_in_service_spend():
    problems = checks.hump(chain.spend_curve())
    assert not problems, problems


def test_moving_up_a_step_shows_a_j_curve_in_profit():
    problems = checks.j_curve(chain.j_curve())
    assert not problems, problems
