"""Helpers shared by several test modules: small sizes, small scenario files and experiment specs,
equality of sweep tables. (Fixtures are in conftest.py.)"""

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd

from sim.params import Sizes
from sim.runs.scenario import Scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
BASE = SCENARIOS / "transition_1_to_5.toml"  # has a schedule: overrides apply to every phase
SMALL = Sizes(n_employees=24, n_customers=300, n_suppliers=4)


def load_script(path: Path) -> ModuleType:
    """A script of experiments/ or docs/ (not a package) as a module, so a test can compare what it
    generates with what is pasted in the docs."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def small_file(tmp_path, name, extends, extra="", head=""):
    """A scenario file extending ``scenarios/<extends>`` at small sizes, 12 months after a warm-up of 4."""
    path = tmp_path / f"{name}.toml"
    path.write_text(
        f'[scenario]\nextends = "{SCENARIOS / extends}"\nmonths = 12\nwarmup = 4\n{head}'
        f"[sizes]\nn_employees = 24\nn_customers = 300\nn_suppliers = 4\n{extra}"
    )
    return path


def step2_vs_step3():
    return [Scenario.from_step(k, sizes=SMALL, warmup=6, months=24) for k in (2, 3)]


def write_spec(
    folder: Path,
    design: str = 'method = "sobol"\nn = 8\ncalc_second_order = false',
    parameters: str = "cost_focus = {}\nteam_size = {}\nchurn_floor = {}",
    batch_size: int = 6,
    replications: int = 2,
    extra: str = "",
    name: str = "small.toml",
) -> Path:
    """A sweep spec at 24 employees, 150 customer slots, 12 months, warm-up 3."""
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


def sweep_spec(folder: Path) -> Path:
    """A longer sweep spec (36 months, 4 replications): long enough to interrupt."""
    path = folder / "spec.toml"
    path.write_text(f"""[experiment]
scenario = "{ROOT / "scenarios" / "transition_1_to_5.toml"}"
months = 36
warmup = 2
replications = 4
[sizes]
n_employees = 24
n_customers = 150
n_suppliers = 4
[design]
method = "sobol"
n = 16
calc_second_order = false
[parameters]
cost_focus = {{}}
team_size = {{}}
churn_floor = {{}}
[outputs]
summary = ["npv", "mean_loyalty"]
series = ["profit"]
""")
    return path
