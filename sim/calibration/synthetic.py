"""Synthetic data for calibration: what an organization with known parameters would observe.

Used by the example data set (experiments/example_organization.py) and the recovery tests:
one replication of the model on a seed no calibration uses, observed with realistic error.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.rng import derive_seeds
from ..runs.batched import simulate_rows, with_env
from ..runs.scenario import Scenario

# Measurement error an organization would have: exact records for customers, churn and staff;
# NPS from a survey of about 400 customers (4 points); revenue with 1% accounting noise.
NOISE = {"active_customers": 0.0, "churn_rate": 0.0, "employee_turnover": 0.0, "nps": 4.0, "revenue": 0.01}
RELATIVE = {"revenue"}


def observe(
    scenario: Scenario,
    truth: dict[str, float],
    months: int = 36,
    seed: int = 987_654,
    noise: dict[str, float] = NOISE,
    missing: float = 0.1,
    noise_seed: int = 5,
) -> pd.DataFrame:
    """The tidy table (month, series, value, sd) of one simulated organization with ``truth``."""
    env = with_env(scenario.env, truth)
    series = simulate_rows(scenario, [env], [scenario.schedule], derive_seeds(seed, 1), months, metrics=tuple(noise))
    rng = np.random.default_rng(noise_seed)
    rows = []
    for name, error in noise.items():
        for m in range(months):
            if rng.random() < missing:
                continue
            v = float(series[name][0, m])
            sd = error * abs(v) if name in RELATIVE else error
            rows.append(dict(month=m, series=name, value=v + rng.normal(0, sd) if sd else v, sd=sd if sd else np.nan))
    return pd.DataFrame(rows)
