"""Levers mean what they say (issue #10): the table of docs/model.md section 4.3, checked cell by cell."""

from sim.validation import checks, levers


def test_every_lever_moves_its_proximate_outcome_the_documented_way():
    rows = levers.read_table()
    assert {r["lever"] for r in rows} == set(levers.LEVERS)  # every lever has a row
    effects = levers.lever_effects(rows)
    problems = checks.lever_signs(effects, rows)
    assert not problems, problems


def test_back_office_prevents_nothing_when_switched_off():
    rows = [r for r in levers.read_table() if r["outcome"] == "problem_rate"]
    effects = levers.lever_effects(rows, back_office_effect=0.0)
    assert checks.lever_signs(effects, rows)
