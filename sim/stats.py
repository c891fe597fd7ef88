"""The t interval of a mean, shared by run summaries, comparisons (of paired differences), sweeps
and validation."""

from __future__ import annotations

import numpy as np
from scipy.special import stdtrit  # the t quantile that scipy.stats.t.ppf calls, without importing scipy.stats


def mean_ci(values, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and its t interval over replications (NaN interval with one value; zero width if constant).
    For paired differences this is the interval of ``scipy.stats.ttest_rel``."""
    x = np.asarray(values, dtype=float)
    m = float(x.mean())
    if len(x) < 2:
        return m, float("nan"), float("nan")
    half = float(stdtrit(len(x) - 1, 0.5 + level / 2) * x.std(ddof=1) / np.sqrt(len(x)))
    return m, m - half, m + half


def paired_ci(what_if, base, level: float = 0.95) -> tuple[float, float, float]:
    """Mean difference what_if - base, pair by pair (replication r of each on the same seed), and its
    t interval."""
    return mean_ci(np.asarray(what_if, dtype=float) - np.asarray(base, dtype=float), level)
