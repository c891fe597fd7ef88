"""Small experiment specs for the sweep tests (24 employees, 150 customer slots, 12 months, warm-up 3)."""

from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "scenarios" / "transition_1_to_5.toml"     # has a schedule: overrides apply to every phase


def write_spec(folder: Path, design: str = 'method = "sobol"\nn = 8\ncalc_second_order = false',
               parameters: str = "cost_focus = {}\nteam_size = {}\nchurn_floor = {}",
               batch_size: int = 6, replications: int = 2, extra: str = "", name: str = "small.toml") -> Path:
    path = folder / name
    path.write_text(f"""
[experiment]
scenario = "{BASE}"
months = 12
warmup = 3
replications = {replications}
seed = 5
batch_size = {batch_size}
{extra}
[sizes]
n_employees = 24
n_customers = 150
n_suppliers = 4
[design]
{design}
[parameters]
{parameters}
[outputs]
summary = ["npv", "mean_loyalty", "annual_churn"]
series = ["mean_loyalty", "profit"]
""")
    return path


def assert_same_table(a, b):
    """Bit-for-bit equality of two sweep tables (runs frame and every series)."""
    pd.testing.assert_frame_equal(a.runs, b.runs, check_exact=True)
    assert a.series.keys() == b.series.keys()
    for k in a.series:
        assert np.array_equal(a.series[k], b.series[k]), k
