"""Scenario files, the CLI, and what bad input gets: one line, exit 2, nothing written."""

import re
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.params import LEVERS, problem
from sim.runs.scenario import ScenarioError, load
from sim.steps import BASCH_ELEMENTS, PRACTICES, STEP_NAMES, step_policy

ROOT = Path(__file__).resolve().parents[1]


def test_every_shipped_scenario_loads():
    files = sorted((ROOT / "scenarios").glob("*.toml"))
    assert len(files) >= 6
    for f in files:
        assert load(f).name


def test_transition_file_schedules_every_step():
    s = load(ROOT / "scenarios" / "transition_1_to_5.toml")
    assert [p.month for p in s.schedule.phases] == [0, 6, 12, 18, 24]
    assert s.schedule.target_at(30) == step_policy(5) and s.schedule.target_at(0) == step_policy(1)


def test_presets_are_cumulative_and_catalogue_is_complete():
    for step in STEP_NAMES:
        assert any(p.step == step for p in PRACTICES), f"step {step} has no practice"
    moved = {lever for p in PRACTICES for lever in p.levers}
    grouped = {lever for levers in BASCH_ELEMENTS.values() for lever in levers}
    # no seed text names these: team size, selective hiring, layoffs (a staffing choice, issue 19)
    assert set(LEVERS) - {"team_size", "hiring_selectivity", "layoffs"} <= moved
    assert grouped <= set(LEVERS) and len(BASCH_ELEMENTS) == 6
    s1, s5 = step_policy(1), step_policy(5)
    assert s5.empowerment > s1.empowerment and s5.cost_focus < s1.cost_focus


def test_salib_problem_export():
    prob = problem(["training", "quit_base"])
    assert prob == {"num_vars": 2, "names": ["training", "quit_base"], "bounds": [[0.0, 1.0], [0.0, 0.15]]}


BAD = {
    "unknown_key": ("[levers]\ntraining_budget = 0.5\n", "levers.training_budget"),
    "out_of_bounds": ("[levers]\ntraining = 1.5\n", "levers.training: must be in [0.0, 1.0]"),
    "wrong_type": ('[environment]\nwage = "high"\n', "environment.wage: must be a number"),
    "bad_step": ("[scenario]\nstep = 7\n", "scenario.step: must be in [1, 5]"),
    "unknown_table": ("[policy]\ntraining = 0.5\n", "policy: unknown table"),
    "bad_toml": ("[levers\n", "not valid TOML"),
    "bad_phase": ("[[schedule]]\nstep = 3\n", "schedule[0].month: missing"),
    "missing_base": ('[scenario]\nextends = "nowhere.toml"\n', "scenario.extends: file not found"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_one_line_exit_2_nothing_written(case, tmp_path, capsys):
    text, expected = BAD[case]
    f = tmp_path / f"{case}.toml"
    f.write_text(text)
    out = tmp_path / "out"
    assert main(["run", str(f), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(f.name) in err and expected in err, err
    assert "Traceback" not in err and not out.exists()


def test_missing_file_and_inheritance_cycle(tmp_path, capsys):
    assert main(["run", str(tmp_path / "absent.toml"), "--quiet"]) == 2
    assert "absent.toml" in capsys.readouterr().err
    (tmp_path / "a.toml").write_text('[scenario]\nextends = "b.toml"\n')
    (tmp_path / "b.toml").write_text('[scenario]\nextends = "a.toml"\n')
    with pytest.raises(ScenarioError, match="inheritance cycle"):
        load(tmp_path / "a.toml")


def test_inheritance_overrides_a_few_values(tmp_path):
    (tmp_path / "base.toml").write_text('[scenario]\nname = "base"\nstep = 3\n[levers]\ntraining = 0.9\n')
    (tmp_path / "child.toml").write_text('[scenario]\nextends = "base.toml"\n[levers]\nempowerment = 0.2\n')
    child = load(tmp_path / "child.toml")
    policy = child.schedule.target_at(0)
    assert policy.training == 0.9 and policy.empowerment == 0.2
    assert policy.reward_cs_share == step_policy(3).reward_cs_share and child.name == "child"


def test_run_writes_series_summary_and_figure(tmp_path, capsys):
    out = tmp_path / "out"
    f = ROOT / "scenarios" / "step3_link_employees_with_users.toml"
    assert main(["run", str(f), "--replications", "3", "--months", "14", "--out", str(out), "--quiet"]) == 0
    printed = capsys.readouterr().out
    # readable names with units, and money the way compare prints it ($12.61M, not 12,613,128.965)
    from sim.format import format_values

    summary = pd.read_csv(out / "step3_link_employees_with_users_summary.csv")
    assert "NPV over the horizon ($, discounted)" in printed and "annual churn (share of customers lost)" in printed
    assert format_values("$", summary["npv"].mean())[0] in printed and "$" in format_values("$", 1e6)[0]
    assert not re.search(r"\d,\d{3},\d{3}\.\d", printed)
    series = pd.read_csv(out / "step3_link_employees_with_users_series.csv")
    assert len(series) == 3 * 14 and {"profit", "mean_loyalty", "month", "seed"} <= set(series.columns)
    assert series["active_customers"].gt(0).all()
    png = (out / "step3_link_employees_with_users.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20000
