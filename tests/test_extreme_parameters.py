"""Extreme but valid parameters (every bound, and random corners) through `culturesim run`: the
files written hold no NaN, no infinity and no negative count."""

import random

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.metrics import SERIES
from sim.params import ENVIRONMENT, LEVERS, spec

SIZES = "[sizes]\nn_employees = 16\nn_customers = 60\nn_suppliers = 2\n"
COUNTS = [k for k, m in SERIES.items() if m.unit in ("customers", "employees")]


def corners():
    low = {("environment", n): spec("environment", n)["bounds"][0] for n in ENVIRONMENT}
    high = {("environment", n): spec("environment", n)["bounds"][1] for n in ENVIRONMENT}
    lev_low = {("levers", n): spec("levers", n)["bounds"][0] for n in LEVERS}
    lev_high = {("levers", n): spec("levers", n)["bounds"][1] for n in LEVERS}
    sets = {
        "env_low": low,
        "env_high": high,
        "levers_low": lev_low,
        "levers_high": lev_high,
        "all_low": {**low, **lev_low},
        "all_high": {**high, **lev_high},
        "no_discount_no_churn": {
            ("environment", "discount_rate"): 0.0,
            **{("environment", n): 0.0 for n in ENVIRONMENT if "churn" in n},
        },
    }
    rng = random.Random(14)
    keys = list(low) + list(lev_low)
    for k in range(5):
        sets[f"random_corner_{k}"] = {key: spec(key[0], key[1])["bounds"][rng.random() < 0.5] for key in keys}
    return sets


def scenario_text(values: dict) -> str:
    text = "[scenario]\nmonths = 18\nwarmup = 2\nreplications = 2\n" + SIZES
    for group in ("environment", "levers"):
        text += f"[{group}]\n" + "".join(
            f"{n} = {float(v)!r}\n" if n != "team_size" else f"{n} = {int(v)}\n"
            for (g, n), v in values.items()
            if g == group
        )
    return text


@pytest.mark.parametrize("name", list(corners()))
def test_extreme_parameters_give_finite_non_negative_outputs(tmp_path, name):
    path = tmp_path / f"{name}.toml"
    path.write_text(scenario_text(corners()[name]))
    assert main(["run", str(path), "--quiet", "--out", str(tmp_path / "out")]) == 0
    series = pd.read_csv(tmp_path / "out" / f"{name}_series.csv")
    summary = pd.read_csv(tmp_path / "out" / f"{name}_summary.csv")
    for frame in (series, summary):
        numbers = frame.select_dtypes("number").to_numpy(dtype=float)
        assert np.isfinite(numbers).all(), frame.columns[~np.isfinite(numbers).all(axis=0)].tolist()
    assert (series[[c for c in COUNTS if c in series]] >= 0).all().all()
    assert (summary["customers"] >= 0).all()


def test_clv_is_defined_at_its_limits():
    """discount_rate = 0 and no churn: the lifetime is capped at CLV_MONTHS, not a division by zero."""
    from sim.metrics import CLV_MONTHS, summarize

    names = [
        "profit",
        "active_customers",
        "revenue",
        "cost_goods",
        "cost_service",
        "cost_community",
        "churn_rate",
        "mean_loyalty",
        "mean_satisfaction",
        "nps",
        "engagement",
        "culture_strength",
        "culture_spread",
        "employee_turnover",
        "cumulative_discounted_profit",
    ]
    series = {n: np.ones((2, 12)) for n in names}
    series["revenue"] = np.full((2, 12), 11.0)  # contribution (11 - 1 - 1 - 1) / 1 = 8 a month
    series["churn_rate"] = np.array([[0.0] * 12, [0.01] * 12])
    clv = summarize(series, np.array([0.0, 0.0]))["clv"]
    assert np.isfinite(clv).all()
    assert clv[0] == pytest.approx(8.0 * CLV_MONTHS)
    assert clv[1] == pytest.approx(8.0 * 0.99 / 0.01)  # the Gupta & Lehmann formula where it is defined
