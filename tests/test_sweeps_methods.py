"""Design methods live in one module each (sim/sweeps/methods/); the registry is the only dispatch.

Every registered method implements the same interface, and a method registered only here (a dummy
"halton") is validated, counted, sampled, swept, analysed and ranked without touching anything else.
"""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from sim.sweeps import plots
from sim.sweeps.cli import analyze_folder
from sim.sweeps.designs import make_design
from sim.sweeps.methods import METHODS
from sim.sweeps.spec import DesignSpec, ParameterSpec, SpecError, design_rows, load_spec
from sim.sweeps.sweep import design_values, sweep_function

from .support import write_spec

PROBLEM = {"num_vars": 3, "names": ["a", "b", "c"], "bounds": [[0, 1], [0, 1], [0, 1]]}
PARAMETERS = [ParameterSpec(n, "levers", (0.0, 1.0), values=(0.0, 0.5, 1.0)) for n in PROBLEM["names"]]
VALID = {
    "grid": {},
    "random": {"n": 300},
    "latin": {"n": 300},
    "sobol": {"n": 64},
    "morris": {"n": 4},
    "fast": {"n": 70},
}


def test_the_shipped_methods_are_all_registered_and_tested():
    assert list(METHODS) == ["grid", "random", "latin", "sobol", "morris", "fast"]
    assert set(VALID) == set(METHODS)


@pytest.mark.parametrize("name", list(METHODS))
def test_every_method_implements_the_interface(name):
    method = METHODS[name]
    assert callable(method.check) and callable(method.points) and callable(method.sample)
    assert (method.analyze is None) == (method.headline is None)  # no indices, nothing to rank by
    assert isinstance(method.takes_values, bool)
    assert all(f.endswith(".png") and callable(getattr(plots, draw)) for f, draw in method.figures.items())
    design = DesignSpec(name, seed=3, **VALID[name])
    assert method.check(design) is None
    X = make_design(design, PROBLEM, PARAMETERS)
    assert X.shape == (method.points(design, PARAMETERS), 3) == (design_rows(design, PARAMETERS), 3)
    assert np.array_equal(X, make_design(design, PROBLEM, PARAMETERS))  # seeded
    if not method.takes_values:
        key, why = method.check(DesignSpec(name, n=0))
        assert key == "design.n" and "n >= 1" in why


@pytest.mark.parametrize("name", [n for n, m in METHODS.items() if m.analyze is not None])
def test_every_index_method_ranks_the_dominant_input_first(name):
    method = METHODS[name]
    design = DesignSpec(name, seed=3, **VALID[name])
    X = make_design(design, PROBLEM, PARAMETERS)
    y = X @ np.array([3.0, 1.0, 0.0])
    rows = pd.DataFrame(method.analyze(dict(PROBLEM), design, X, y, 1, 20))
    assert set(rows.columns) == {"index", "parameter", "parameter2", "value", "conf"}
    head = rows[rows["index"] == method.headline].set_index("parameter")["value"]
    assert list(head.index) == ["a", "b", "c"] and head["a"] > head["b"] > head["c"] - 1e-9


def _halton():
    """A dummy method: n even, two points per sample, index 'corr' = correlation of y with each input."""

    def check(design):
        return ("design.n", f"halton needs an even n, got {design.n}") if design.n % 2 else None

    def sample(design, problem, parameters):
        lo, hi = np.array(problem["bounds"], dtype=float).T
        return lo + (hi - lo) * np.random.default_rng(design.seed).random((2 * design.n, problem["num_vars"]))

    def analyze(problem, design, X, y, seed, num_resamples):
        return [
            dict(index="corr", parameter=p, parameter2=None, value=float(np.corrcoef(X[:, j], y)[0, 1]), conf=np.nan)
            for j, p in enumerate(problem["names"])
        ]

    return SimpleNamespace(
        check=check,
        points=lambda design, parameters: 2 * design.n,
        sample=sample,
        analyze=analyze,
        headline="corr",
        figures={"halton_bars.png": "index_bars"},
        takes_values=False,
    )


def test_a_method_registered_in_one_place_is_validated_and_sampled(tmp_path, monkeypatch):
    monkeypatch.setitem(METHODS, "halton", _halton())
    with pytest.raises(SpecError, match=r"small.toml: design.n: halton needs an even n, got 7$"):
        load_spec(write_spec(tmp_path, design='method = "halton"\nn = 7'))
    with pytest.raises(
        SpecError,
        match=r"design.method: must be one of grid, .*, fast, halton, got 'haltn' "
        r"\(did you mean 'halton'\?\)",
    ):
        load_spec(write_spec(tmp_path, design='method = "haltn"\nn = 8'))
    with pytest.raises(SpecError, match=r"team_size.values: only a grid design takes values or levels, not halton"):
        load_spec(write_spec(tmp_path, design='method = "halton"\nn = 8', parameters="team_size = {values = [4]}"))
    spec = load_spec(write_spec(tmp_path, design='method = "halton"\nn = 8\nseed = 2'))
    assert design_rows(spec.design, spec.parameters) == 16
    X = design_values(spec)
    assert X.shape == (16, 3) and np.array_equal(X, design_values(spec))


def test_a_method_registered_in_one_place_is_swept_analysed_and_ranked(tmp_path, monkeypatch):
    monkeypatch.setitem(METHODS, "halton", _halton())
    sweep_function(
        lambda X: {"y": X @ np.array([3.0, 1.0, 0.0]), "path": X[:, :1] * np.arange(3)},
        PROBLEM,
        DesignSpec("halton", n=20, seed=1),
        tmp_path / "h",
        progress=False,
    )
    lines = []
    files = analyze_folder(tmp_path / "h", top=2, echo=lines.append)  # as `culturesim analyze`: the summary only
    assert sorted(f.name for f in files) == ["halton_bars.png", "indices.csv", "indices.png", "ranking.csv"]
    assert set(pd.read_csv(tmp_path / "h" / "indices.csv")["output"]) == {"y"}
    assert "1 series outputs not analysed month by month (ask with --per-month)" in lines
    files = analyze_folder(tmp_path / "h", top=2, echo=lines.append, per_month=True)  # month by month when asked
    assert sorted(f.name for f in files) == [
        "corr_over_time_path.png",
        "halton_bars.png",
        "indices.csv",
        "indices.png",
        "ranking.csv",
    ]
    assert set(pd.read_csv(tmp_path / "h" / "indices.csv")["output"]) == {"y", "path"}
    ranked = pd.read_csv(tmp_path / "h" / "ranking.csv")
    assert list(ranked["parameter"][ranked["output"] == "y"]) == ["a", "b"]
    assert set(ranked["index"]) == {"corr"} and "y [corr]: a 0.9" in lines[0]
