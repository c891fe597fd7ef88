"""The y ranges of an exercise's plots: one set for every seed, so students' screens can be compared.

Why: a range grown from one run's own numbers differs from seed to seed, and a class comparing
screens would compare axes, not organizations. The range is taken from the same organizations
(plan, sizes, levers) on a fixed set of reference seeds, simulated at once by the vectorised core
(a fraction of a second), and cached, so every student of one exercise gets the same axes. A
seed that leaves the range still grows it (sim/viz/figures.py): nothing is ever cut off.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from ..core import make_batch, simulate

REFERENCE_SEEDS = tuple(range(1, 9))


def _nice(x: float) -> float:
    """The next round number at or above x > 0 (1, 2, 2.5, 5 times a power of ten)."""
    if x <= 0:
        return 0.0
    mag = 10 ** math.floor(math.log10(x))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= x * (1 - 1e-12))


def span(values: np.ndarray) -> tuple[float, float]:
    """A range from zero (or below it, for losses) to a round number above the values, with room."""
    lo, hi = float(np.nanmin(values)), float(np.nanmax(values))
    return (-_nice(-lo * 1.1) if lo < 0 else 0.0), (_nice(hi * 1.1) if hi > 0 else 1.0)


@lru_cache(maxsize=64)
def _reference(envs: tuple, schedules: tuple, sizes, months: int, warmup: int) -> dict[str, np.ndarray]:
    k = len(REFERENCE_SEEDS)
    batch = make_batch(
        [e for e in envs for _ in range(k)],
        [s for s in schedules for _ in range(k)],
        list(REFERENCE_SEEDS) * len(envs),
        sizes,
        months,
        warmup,
    )
    return simulate(batch)


def exercise_ranges(models, panels) -> dict[str, tuple[float, float]]:
    """series -> (low, high) for the panels without a fixed range, from the reference seeds."""
    series = _reference(
        tuple(m.env for m in models),
        tuple(m.setup.schedule for m in models),
        models[0].sizes,
        int(models[0].months),
        int(models[0].warmup),
    )
    return {p.series: span(series[p.series] * p.scale) for p in panels if p.ylim is None}
