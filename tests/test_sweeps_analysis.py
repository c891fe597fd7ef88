"""Sensitivity analysis: known indices recovered; the model as f(X) for SALib; analyze writes tables and plots."""

import numpy as np
import pandas as pd
import pytest
from SALib import ProblemSpec

from sim.cli import main
from sim.sweeps import ModelFunction, load_spec, run_spec, sweep_function
from sim.sweeps.analysis import indices
from sim.sweeps.spec import DesignSpec

from .support import write_spec

ISHIGAMI = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
# Analytic indices for a = 7, b = 0.1 (Ishigami & Homma 1990; Saltelli et al. 2008)
S1 = [0.3139, 0.4424, 0.0]
ST = [0.5576, 0.4424, 0.2437]
S13 = 0.2437


def ishigami(X, a=7.0, b=0.1):
    return np.sin(X[:, 0]) + a * np.sin(X[:, 1]) ** 2 + b * X[:, 2] ** 4 * np.sin(X[:, 0])


def test_sobol_recovers_the_ishigami_indices_within_their_intervals(tmp_path):
    table = sweep_function(
        ishigami,
        ISHIGAMI,
        DesignSpec("sobol", n=2048, seed=3, calc_second_order=True),
        tmp_path / "ishigami",
        runs_per_batch=4096,
        progress=False,
    )
    assert len(table.runs) == 2048 * (2 * 3 + 2)
    frame = indices(table, seed=3)
    for index, truth in (("S1", S1), ("ST", ST)):
        got = frame[frame["index"] == index].set_index("parameter").loc[ISHIGAMI["names"]]
        assert np.all(np.abs(got["value"].to_numpy() - truth) <= got["conf"].to_numpy()), (index, got)
        assert np.all(got["conf"] < 0.08)  # the intervals are informative, not huge
    s2 = frame[(frame["index"] == "S2") & (frame["parameter"] == "x1") & (frame["parameter2"] == "x3")].iloc[0]
    assert abs(s2["value"] - S13) <= s2["conf"]


def test_generic_functions_with_several_outputs_and_series(tmp_path):
    def f(X):
        return {"sum": X.sum(axis=1), "path": X[:, :1] * np.arange(4)}  # (n,) and (n, months)

    problem = {"num_vars": 2, "names": ["a", "b"], "bounds": [[0, 1], [0, 2]]}
    table = sweep_function(
        f, problem, DesignSpec("morris", n=6, seed=1), tmp_path / "f", runs_per_batch=5, progress=False
    )
    assert table.series["path"].shape == (18, 4) and table.outputs == ["sum"]
    frame = indices(table)
    mu = frame[(frame["index"] == "mu") & frame["month"].isna()].set_index("parameter")["value"]
    assert mu["a"] == pytest.approx(1.0) and mu["b"] == pytest.approx(2.0)  # effects per unit of the range
    late = frame[(frame["index"] == "mu_star") & (frame["month"] == 3)].set_index("parameter")["value"]
    assert late["a"] == pytest.approx(3.0) and late["b"] == pytest.approx(0.0)


def test_model_function_serves_salib_problemspec_and_matches_the_sweep(tmp_path):
    spec = load_spec(write_spec(tmp_path, replications=1))
    table = run_spec(spec, tmp_path / "sweep", progress=False)
    f = ModelFunction.from_spec(spec)
    sp = ProblemSpec(dict(spec.problem(), outputs=list(spec.summary)))
    sp.sample_sobol(8, calc_second_order=False, seed=spec.design.seed)
    sp.evaluate(f)
    assert sp.results.shape == (len(table.runs), 3)
    # the table records the values simulated: SALib's samples clipped to hard bounds, team_size rounded
    assert np.array_equal(f._values(sp.samples), table.runs[spec.names].to_numpy())
    assert not np.array_equal(sp.samples, table.runs[spec.names].to_numpy())
    assert np.array_equal(sp.results, table.runs[list(spec.summary)].to_numpy())
    sp.analyze_sobol(calc_second_order=False, seed=1)  # ProblemSpec's own analysis runs on it
    assert set(sp.analysis) == set(spec.summary)


def test_model_function_rounds_integers_and_overrides_every_phase(tmp_path):
    spec = load_spec(write_spec(tmp_path))
    f = ModelFunction.from_spec(spec)
    batch = f.batch(np.array([[0.25, 7.6, 0.01]]), np.array([1], dtype=np.uint64))
    assert spec.scenario.schedule.phases[-1].month > 0  # the base has several phases
    assert np.all(batch.targets["cost_focus"] == 0.25) and np.all(batch.targets["team_size"] == 8.0)
    assert batch.env["churn_floor"][0] == 0.01
    untouched = batch.targets["training"][0]
    assert untouched[0] < untouched[-1]  # other levers still follow the schedule


@pytest.mark.parametrize(
    "design, parameters, files",
    [
        (
            'method = "sobol"\nn = 8',
            "cost_focus = {}\nchurn_floor = {}",
            ["indices.csv", "indices.png", "ST_over_time_mean_loyalty_monthly.png"],
        ),
        (
            'method = "morris"\nn = 4',
            "cost_focus = {}\nchurn_floor = {}\ntraining = {}",
            ["indices.csv", "indices.png", "morris_mu_star_sigma.png", "mu_star_over_time_profit_monthly.png"],
        ),
        (
            'method = "fast"\nn = 70',
            "cost_focus = {}\nchurn_floor = {}",
            ["indices.csv", "ST_over_time_profit_monthly.png"],
        ),
        (
            'method = "latin"\nn = 20',
            "cost_focus = {}\nchurn_floor = {}",
            ["indices.csv", "S1_over_time_profit_monthly.png"],
        ),
        (
            'method = "grid"',
            "team_size = { values = [4, 12] }\nteam_reward_weight = { levels = 3 }",
            ["grid_means.csv", "grid_means.png"],
        ),
    ],
)
def test_sweep_then_analyze_writes_tables_and_plots(tmp_path, design, parameters, files):
    spec = write_spec(tmp_path, design=design, parameters=parameters, batch_size=50)
    out = tmp_path / "out"
    assert main(["sweep", str(spec), "--out", str(out), "--quiet"]) == 0
    assert main(["analyze", str(out), "--every", "4", "--resamples", "20"]) == 0
    for name in files:
        assert (out / name).stat().st_size > 0, name
    table = pd.read_csv(out / files[0])
    if files[0] == "indices.csv":
        assert len(table) > 0 and table["value"].notna().all()
        assert sorted(table["month"].dropna().unique()) == [3, 7, 11]
        assert set(table["output"]) == {"npv", "mean_loyalty", "annual_churn", "mean_loyalty_monthly", "profit_monthly"}
    else:
        assert len(table) == 6 and {"team_size", "team_reward_weight", "npv", "npv_low", "npv_high"} <= set(
            table.columns
        )


def test_analyze_says_which_second_order_pairs_it_resolves_and_whether_the_ranking_is_stable(tmp_path):
    """Ishigami's only interaction is x1-x3 (S13 = 0.24): resolved; x1-x2 and x2-x3 are zero: not resolved."""
    from sim.sweeps.cli import analyze_folder

    out = tmp_path / "ishigami"
    sweep_function(
        ishigami,
        ISHIGAMI,
        DesignSpec("sobol", n=1024, seed=3, calc_second_order=True),
        out,
        output_names=("y",),
        runs_per_batch=8192,
        progress=False,
    )
    printed = []
    files = analyze_folder(out, num_resamples=50, echo=printed.append)
    text = "\n".join(printed)
    assert "y: 1 of 3 second-order pairs resolved at N=1024 (largest x1 x x3: S2 0.2" in text, text
    assert "would need N >= " in text  # what the unresolved ones would cost
    assert "y: ST ranking at N/2=512 against N=1024: Spearman 1.00, top 3 the same: stable" in text, text
    assert text.index("most influential") < text.index("second-order")  # the summary first
    assert out / "S2_heatmap.png" in files and (out / "S2_heatmap.png").stat().st_size > 0
