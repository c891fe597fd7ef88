"""Functions a sweep evaluates: ``evaluate(X, seeds) -> {output: (n,) or (n, months) array}``.

``ModelFunction`` is the culturesim model as such a function (and, called as ``f(X)``, a model
for ``SALib.ProblemSpec.evaluate``); ``VectorFunction`` wraps any vectorised ``f(X) -> Y`` so the
same designs, executors, store and analyses serve it. Both are plain picklable objects, so they
run unchanged in another process or on a Dask worker.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..core import derive_seeds, make_batch, simulate_in_chunks
from ..metrics import summarize
from ..params import Sizes, clip_to_bounds, group_of
from ..runs.scenario import Scenario

MONTHLY = "_monthly"  # suffix of series outputs: summary "mean_loyalty" and series "mean_loyalty_monthly" coexist
# (no dot: SQL engines need dotted column names quoted)


def as_outputs(y, n: int, names: tuple[str, ...] | None = None) -> dict[str, np.ndarray]:
    """Normalise a function's result to {name: (n,) or (n, k) float64}: dicts pass, arrays get names y0, y1..."""
    if isinstance(y, dict):
        out = {str(k): np.asarray(v, dtype=np.float64) for k, v in y.items()}
    else:
        y = np.asarray(y, dtype=np.float64)
        if y.ndim == 1:
            y = y[:, None]
        if y.ndim != 2:
            raise ValueError(f"a function must return (n,), (n, k) or a dict of arrays, got shape {y.shape}")
        keys = names or (("y",) if y.shape[1] == 1 else tuple(f"y{j}" for j in range(y.shape[1])))
        if len(keys) != y.shape[1]:
            raise ValueError(f"{len(keys)} output names for {y.shape[1]} outputs")
        out = {k: y[:, j].copy() for j, k in enumerate(keys)}
    for k, v in out.items():
        if v.ndim not in (1, 2) or v.shape[0] != n:
            raise ValueError(f"output {k!r}: expected ({n},) or ({n}, months), got shape {v.shape}")
    return out


@dataclass(frozen=True)
class VectorFunction:
    """Any vectorised ``f(X) -> Y`` (X (n, d)) for the sweep machinery; deterministic, so seeds are unused."""

    f: Callable
    output_names: tuple[str, ...] | None = None

    def evaluate(self, X: np.ndarray, seeds: np.ndarray) -> dict[str, np.ndarray]:
        return as_outputs(self.f(np.asarray(X, dtype=np.float64)), len(X), self.output_names)


@dataclass(frozen=True)
class ModelFunction:
    """The model as f(X): row i sets the named levers/environment parameters to X[i] on a base scenario.

    Levers override every phase of the base scenario's schedule (a constant override); integer
    parameters (team_size) are rounded; values a distribution puts outside a parameter's hard
    bounds are clipped to them. Scenarios run through ``sim.core.simulate`` in batches sized
    from ``memory_budget``. Each row's numbers depend only on its values and seed.
    """

    scenario: Scenario
    names: tuple[str, ...]
    summary: tuple[str, ...] = ("npv",)
    series: tuple[str, ...] = ()
    months: int | None = None
    warmup: int | None = None
    sizes: Sizes | None = None
    memory_budget: float = 1e9
    seed: int = 1  # for f(X): replication seeds derive_seeds(seed, replications)
    replications: int = 1

    @classmethod
    def from_spec(cls, spec) -> ModelFunction:
        return cls(
            spec.scenario,
            tuple(spec.names),
            spec.summary,
            spec.series,
            spec.months,
            spec.warmup,
            spec.sizes,
            spec.memory_budget,
            spec.seed,
            spec.replications,
        )

    @property
    def output_names(self) -> list[str]:
        return list(self.summary) + [name + MONTHLY for name in self.series]

    def _values(self, X: np.ndarray) -> np.ndarray:
        """Clip to hard bounds and round integer parameters, column by column."""
        X = np.array(X, dtype=np.float64, ndmin=2)
        if X.shape[1] != len(self.names):
            raise ValueError(f"X has {X.shape[1]} columns for {len(self.names)} parameters {list(self.names)}")
        for j, name in enumerate(self.names):
            X[:, j] = clip_to_bounds(name, X[:, j])
        return X

    def batch(self, X: np.ndarray, seeds: np.ndarray):
        """The core's Batch for the rows of X with their seeds: the base scenario's batch row, repeated,
        with the varied environment columns and lever paths (every month, so every phase) replaced."""
        X = self._values(X)
        base = self.scenario
        one = make_batch(
            [base.env],
            [base.schedule],
            [0],
            self.sizes or base.sizes,
            self.months or base.months,
            base.warmup if self.warmup is None else self.warmup,
        )
        batch = dataclasses.replace(
            one.take(np.zeros(len(X), dtype=np.int64)), seeds=np.asarray(seeds, dtype=np.uint64)
        )
        for j, name in enumerate(self.names):
            if group_of(name) == "environment":
                batch.env[name][:] = X[:, j]
            else:
                batch.targets[name][:] = X[:, j, None]
        return batch

    def evaluate(self, X: np.ndarray, seeds: np.ndarray) -> dict[str, np.ndarray]:
        """Simulate every row; summary outputs (n,), series outputs (n, months) under ``name_monthly``."""

        def keep(part, series):
            summary = summarize(series, part.env["discount_rate"])
            return {**{k: summary[k] for k in self.summary}, **{k + MONTHLY: series[k] for k in self.series}}

        return simulate_in_chunks(self.batch(X, seeds), self.memory_budget, each=keep)

    def __call__(self, X: np.ndarray) -> np.ndarray:
        """For SALib's ProblemSpec.evaluate: the summary outputs, mean over replications, (n,) or (n, k)."""
        X = np.asarray(X, dtype=np.float64)
        reps = self.replications
        seeds = np.tile(derive_seeds(self.seed, reps), len(X))
        out = self.evaluate(np.repeat(X, reps, axis=0), seeds)
        y = np.column_stack([out[k].reshape(len(X), reps).mean(axis=1) for k in self.summary])
        return y[:, 0] if y.shape[1] == 1 else y
