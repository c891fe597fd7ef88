"""Experiment specs: the shipped examples load; every mistake is one line naming file and key, exit 2, nothing written."""

import numpy as np
import pytest

from sim.cli import main
from sim.params import ENVIRONMENT, LEVERS
from sim.sweeps import load_spec, make_design

from .support import BASE, ROOT, write_spec


def test_shipped_experiments_load_and_have_the_promised_designs():
    specs = {p.stem: load_spec(p) for p in sorted((ROOT / "experiments").glob("*.toml"))}
    sobol, morris, grid = specs["sobol_levers"], specs["morris_environment"], specs["grid_team_size_reward"]
    assert sobol.names == list(LEVERS) and sobol.design.n == 256 and {"npv", "mean_loyalty"} <= set(sobol.summary)
    assert morris.names == list(ENVIRONMENT) and morris.design.method == "morris"
    assert grid.names == ["team_size", "team_reward_weight"]
    assert make_design(grid.design, grid.problem(), list(grid.parameters)).shape == (25, 2)
    X = make_design(sobol.design, sobol.problem())
    assert X.shape == (256 * (2 * len(LEVERS) + 2), len(LEVERS))
    lo, hi = np.array(sobol.problem()["bounds"]).T
    assert np.all((X >= lo) & (X <= hi))  # default ranges: the parameters' bounds


def test_designs_are_reproducible_and_use_the_requested_ranges(tmp_path):
    spec = load_spec(
        write_spec(
            tmp_path,
            design='method = "latin"\nn = 30\nseed = 4',
            parameters="cost_focus = { bounds = [0.2, 0.4] }\nchurn_floor = {}",
        )
    )
    a, b = (make_design(spec.design, spec.problem()) for _ in range(2))
    assert np.array_equal(a, b) and a.shape == (30, 2)
    assert a[:, 0].min() >= 0.2 and a[:, 0].max() <= 0.4 and a[:, 1].max() <= 0.05


BAD = [
    ({"design": 'method = "sobol"\nn = 100'}, "design.n", "power of two"),
    ({"design": 'method = "annealing"\nn = 8'}, "design.method", "grid, random, latin, sobol, morris, fast"),
    ({"parameters": "charisma = {}"}, "parameters.charisma", "unknown parameter"),
    ({"parameters": "cost_focus = { bounds = [0.5, 2.0] }"}, "parameters.cost_focus.bounds", "0 <= low < high <= 1"),
    ({"parameters": 'cost_focus = { dist = "cauchy" }'}, "parameters.cost_focus.dist", "unif, triang, norm"),
    ({"parameters": "team_size = { values = [4, 8] }"}, "parameters.team_size.values", "only a grid"),
    (
        {"design": 'method = "grid"', "parameters": "team_size = { values = [4, 8.5] }"},
        "parameters.team_size.values",
        "whole numbers",
    ),
    ({"replications": 0}, "experiment.replications", "must be in [1, 10000]"),
    ({"extra": "colour = 3"}, "experiment.colour", "unknown key"),
    ({"extra": 'vary_all = ["sizes"]'}, "experiment.vary_all", "levers, environment"),
]


@pytest.mark.parametrize("change, key, allowed", BAD)
def test_bad_specs_fail_on_one_line_with_exit_2_and_write_nothing(tmp_path, capsys, change, key, allowed):
    spec = write_spec(tmp_path, **change)
    out = tmp_path / "out"
    assert main(["sweep", str(spec), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(spec) in err and key in err and allowed in err, err
    assert not out.exists()


def test_unknown_outputs_and_bad_base_scenario_are_named(tmp_path, capsys):
    spec = write_spec(tmp_path)
    spec.write_text(spec.read_text().replace('"annual_churn"]', '"happiness"]'))
    assert main(["sweep", str(spec)]) == 2
    assert "outputs.summary: unknown metric 'happiness'" in capsys.readouterr().err
    spec.write_text(spec.read_text().replace(str(BASE), "missing.toml"))
    assert main(["sweep", str(spec)]) == 2
    assert "experiment.scenario" in capsys.readouterr().err


def test_scheduler_address_is_checked_before_anything_starts(tmp_path, capsys):
    spec = write_spec(tmp_path)
    assert main(["sweep", str(spec), "--scheduler", "localhost:8786", "--out", str(tmp_path / "o")]) == 2
    assert "--scheduler" in capsys.readouterr().err and not (tmp_path / "o").exists()


def test_the_morris_specs_comment_counts_its_parameters_and_runs():
    """The comment a reader sees first is checked against the spec itself (it once said 74 of 78)."""
    import re

    path = ROOT / "experiments" / "morris_environment.toml"
    spec = load_spec(path)
    head = path.read_text().split("[experiment]")[0]
    d, n = len(spec.names), spec.design.n
    assert f"every environment parameter ({d}:" in head, head
    assert re.search(rf"{n} trajectories x \({d} \+ 1\) = {n * (d + 1):,} runs", head), head
