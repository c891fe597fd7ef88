"""EMA Workbench interop: the batched adapter gives ModelFunction's outcomes; PRIM finds a failure box
that is known by construction."""

import warnings

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("ema_workbench")
with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)
    from ema_workbench import perform_experiments
    from ema_workbench.em_framework.evaluators import SequentialEvaluator

from sim.cli import main
from sim.params import Sizes
from sim.runs.scenario import Scenario
from sim.sweeps import ModelFunction, load_table, sweep_function
from sim.sweeps.discover import discover
from sim.sweeps.ema import BatchEvaluator, ema_model
from sim.sweeps.spec import DesignSpec

SMALL = Sizes(n_employees=24, n_customers=300, n_suppliers=4)
LEVERS = ("empowerment", "training", "team_size")


def _function(names=LEVERS, replications=2):
    base = Scenario.from_step(3, sizes=SMALL, warmup=6, months=12)
    return ModelFunction(base, names, summary=("npv", "annual_churn"), replications=replications, seed=3)


def test_an_ema_experiment_over_3_levers_through_the_adapter_equals_model_function():
    f = _function()
    model = ema_model(f)
    assert [p.name for p in model.levers] == list(LEVERS) and not list(model.uncertainties)
    with BatchEvaluator(model, batch_size=4) as evaluator:  # 3 calls of the core for 10 experiments
        experiments, outcomes = perform_experiments(model, scenarios=1, policies=10, evaluator=evaluator)
    X = experiments[list(LEVERS)].to_numpy(dtype=float)
    assert len(X) == 10 and len(np.unique(X[:, 0])) == 10
    expected = f(X)  # same rows, same replication seeds
    assert np.array_equal(outcomes["npv"], expected[:, 0])
    assert np.array_equal(outcomes["annual_churn"], expected[:, 1])
    assert np.ptp(outcomes["npv"]) > 0  # the levers did move the outcome


def test_batched_and_one_call_per_row_give_the_same_outcomes():
    f = _function(("empowerment", "training", "churn_floor"), replications=1)
    model = ema_model(f, all_uncertain=True)
    results = []
    for evaluator in (BatchEvaluator(model), SequentialEvaluator(model)):
        with evaluator:
            results.append(
                perform_experiments(model, scenarios=6, evaluator=evaluator, uncertainty_sampling_kwargs={"rng": 1})
            )
    (x1, y1), (x2, y2) = results
    cols = ["empowerment", "training", "churn_floor"]
    pd.testing.assert_frame_equal(x1[cols], x2[cols])
    assert np.array_equal(y1["npv"], y2["npv"]) and np.array_equal(y1["npv"], f(x1[cols].to_numpy(float))[:, 0])


def _failing_policy(X):
    """'profit' fails (is negative) exactly where x0 > 0.6 and x1 < 0.4; x2 plays no part."""
    fail = (X[:, 0] > 0.6) & (X[:, 1] < 0.4)
    return np.where(fail, -1.0, 1.0) + 0.1 * X[:, 2]


def test_prim_finds_the_failure_region_known_by_construction(tmp_path, capsys):
    problem = {"num_vars": 3, "names": ["x0", "x1", "x2"], "bounds": [[0, 1]] * 3}
    out = tmp_path / "sweep"
    sweep_function(
        _failing_policy, problem, DesignSpec("latin", n=400, seed=2), out, output_names=("profit",), progress=False
    )
    found = discover(load_table(out), "profit", 0.0)
    limits = found.limits.set_index("parameter")
    assert set(limits.index) == {"x0", "x1"}  # x2 is not restricted
    assert limits.loc["x0", "low"] == pytest.approx(0.6, abs=0.05) and limits.loc["x0", "high"] > 0.95
    assert limits.loc["x1", "high"] == pytest.approx(0.4, abs=0.05) and limits.loc["x1", "low"] < 0.05
    assert found.density >= 0.8 and found.coverage >= 0.8
    assert main(["discover", str(out), "--output", "profit", "--below", "0"]) == 0
    printed = capsys.readouterr().out
    assert "profit < 0 at" in printed and "x0 in [" in printed and "x2" not in printed.split("wrote")[0]
    assert (out / "discover_profit.png").stat().st_size > 10000
    assert set(pd.read_csv(out / "discover_profit.csv")["parameter"]) == {"x0", "x1"}


def test_discover_bad_input_is_one_line(tmp_path, capsys):
    problem = {"num_vars": 2, "names": ["x0", "x1"], "bounds": [[0, 1]] * 2}
    out = tmp_path / "sweep"
    sweep_function(
        lambda X: X[:, 0], problem, DesignSpec("latin", n=20, seed=2), out, output_names=("y",), progress=False
    )
    assert main(["discover", str(out), "--output", "nope", "--below", "0"]) == 2
    assert "--output nope: not a summary output of this sweep; allowed: y" in capsys.readouterr().err
    assert main(["discover", str(out), "--output", "y"]) == 2
    assert "exactly one of --below X or --above X" in capsys.readouterr().err
