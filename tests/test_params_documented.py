"""Every parameter says what it is and what it rests on; `culturesim params` lists them by mechanism;
sweeps and calibration accept the coefficients that came out of sim/rules.py (issue 22)."""

import math
import types

import pytest

from sim.calibration.fit import parse_fit
from sim.cli import main
from sim.params import ENVIRONMENT, MECHANISMS, Environment, source_kind, table
from sim.runs.scenario import load
from sim.sweeps import load_spec

from .support import BASE, write_spec

pytestmark = pytest.mark.without_core  # text and tables only: no wait for the compiled core (conftest)

ROWS = table()
COEFFICIENTS = (
    "recommend_spread",
    "capability_skill",
    "culture_target_vision",
    "unreliable_problems",
    "dedicated_after",
)


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
def test_every_parameter_has_bounds_unit_meaning_and_source(row):
    lo, hi = row["low"], row["high"]
    assert math.isfinite(lo) and math.isfinite(hi) and lo < hi and lo <= row["default"] <= hi
    assert row["unit"].strip() and row["meaning"].strip() and row["source"].strip()
    if row["group"] == "environment":
        assert row["mechanism"] in MECHANISMS
        if source_kind(row["source"]) == "judgement":  # no source: it says so
            assert row["source"].startswith("Judgement"), row["source"]


def test_source_kind_reads_citations_calibration_and_judgement():
    assert source_kind("Harter et al. 2002: r ~ -.30") == "published"
    assert source_kind("Calibrated to the step-1 base; Sultan et al. 1990") == "calibrated"
    assert source_kind("Judgement; Holmstrom 1982 discussion") == "judgement"
    assert source_kind("Judgement") == "judgement"


def test_every_mechanism_has_parameters_and_the_coefficients_are_environment_fields():
    assert {r["mechanism"] for r in ROWS if r["group"] == "environment"} == set(MECHANISMS)
    assert set(COEFFICIENTS) <= set(ENVIRONMENT)
    env = Environment()
    assert (env.recommend_at_zero, env.recommend_at_one, env.recommend_spread) == (3.2, 9.8, 0.5)


def test_params_command_lists_every_parameter_under_its_mechanism(capsys):
    assert main(["params"]) == 0
    out = capsys.readouterr().out
    headings = [line for line in out.splitlines() if line.startswith("[")]
    assert [h.split("] ")[0][1:] for h in headings] == ["sizes", "levers"] + [f"environment: {m}" for m in MECHANISMS]
    under, current = {}, None
    for line in out.splitlines():
        if line.startswith("["):
            current = line.split("] ")[0][1:]
        elif "=" in line and current:
            under[line.split(" = ")[0].split(".", 1)[1]] = current
    assert len(under) == len(ROWS)
    for r in ROWS:
        expected = r["group"] if r["group"] != "environment" else f"environment: {r['mechanism']}"
        assert under[r["name"]] == expected
    assert out.splitlines()[0] == f"{len(ROWS)} parameters: 4 sizes, 28 levers, {len(ENVIRONMENT)} environment"


def test_a_sweep_can_vary_the_new_coefficients(tmp_path):
    spec = load_spec(
        write_spec(
            tmp_path,
            design='method = "morris"\nn = 2\nnum_levels = 4\nseed = 1',
            parameters="\n".join(f"{n} = {{}}" for n in COEFFICIENTS),
        )
    )
    assert spec.names == list(COEFFICIENTS)
    assert spec.problem()["bounds"][0] == [0.1, 2.0]


def test_calibration_can_fit_a_new_coefficient():
    observed = types.SimpleNamespace(source="data.csv")
    names, box = parse_fit(["recommend_spread=0.3:0.9", "capability_skill"], load(BASE), observed)
    assert names == ["recommend_spread", "capability_skill"] and box[0].tolist() == [0.3, 0.9]
