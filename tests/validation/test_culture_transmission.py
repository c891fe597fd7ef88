"""Fact 6, culture transmission (Harrison & Carroll 1991)."""

from sim.validation import checks, workforce


def test_socialization_holds_culture_at_equilibrium_under_high_turnover():
    r = workforce.culture_under_turnover()
    assert not checks.culture_turnover(r), checks.culture_turnover(r)


def test_turnover_dilutes_culture_when_nobody_socializes():
    problems = checks.culture_turnover(workforce.culture_under_turnover(socialization=0.0))
    assert any("does not hold the culture" in p for p in problems), problems


def test_selective_hiring_narrows_the_spread_of_orientation():
    r = workforce.selective_hiring_spread()
    assert not checks.selective_hiring(r), checks.selective_hiring(r)


def test_selection_cannot_narrow_a_pool_without_spread():
    assert checks.selective_hiring(workforce.selective_hiring_spread(hire_orientation_sd=0.0))
