"""Run scenarios through the vectorised core: replications, batching, progress."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from .. import limits
from ..core import concat, derive_seeds, make_batch, simulate_in_chunks
from .results import Results
from .scenario import Scenario, load


def as_scenario(s: Scenario | str | Path) -> Scenario:
    return s if isinstance(s, Scenario) else load(s)


def build_batch(
    scenarios: list[Scenario], replications: int | None = None, seed: int | None = None, months: int | None = None
):
    """One batch holding every replication of every scenario, and its row labels.

    Replication r of every scenario uses the same derived seed (common random numbers), so
    scenarios compare pair-wise by seed.
    """
    first = scenarios[0]
    months = months or first.months
    sizes, warmup = first.sizes, first.warmup
    batches, labels = [], []
    for s in scenarios:
        if s.sizes != sizes or s.warmup != warmup:
            raise ValueError(f"{s.name}: sizes and warmup must match {first.name}'s to run in one batch")
        reps = replications or s.replications
        seeds = derive_seeds(seed if seed is not None else s.seed, reps)
        batches.append(make_batch([s.env] * reps, [s.schedule] * reps, seeds, sizes, months, warmup))
        labels.append(
            pd.DataFrame({"scenario": s.name, "replication": np.arange(reps), "seed": seeds.astype(np.int64)})
        )
    return concat(batches), pd.concat(labels, ignore_index=True)


def run(
    scenarios,
    replications: int | None = None,
    seed: int | None = None,
    months: int | None = None,
    memory_budget: float | None = None,
    progress: Callable[[int], None] | None = None,
) -> Results:
    """Simulate scenarios (objects or TOML paths); ``progress(n)`` is told of each finished organization-month."""
    if isinstance(scenarios, (Scenario, str, Path)):
        scenarios = [scenarios]
    scenarios = [as_scenario(s) for s in scenarios]
    batch, rows = build_batch(scenarios, replications, seed, months)
    series = simulate_in_chunks(batch, memory_budget or limits.chunk_memory(), on_month=progress)
    return Results(series, rows, batch.env["discount_rate"])
