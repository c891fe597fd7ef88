"""The inputs of one batch: sizes, per-scenario environment, lever target paths, seeds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, cast

import numpy as np

from ..params import ENVIRONMENT, LEVERS, Environment, Policy, Sizes
from .reductions import target_month


class LeverPlan(Protocol):
    """Anything that gives each lever's monthly target path (sim.steps.Schedule does)."""

    def lever_path(self, months: int) -> Mapping[str, np.ndarray]: ...


def as_columns[Record: (Environment, Policy)](record: type[Record], columns: Mapping[str, np.ndarray]) -> Record:
    """The parameter record with an (S, 1) array in each field where a scenario's holds a float.

    The rules are elementwise, so they take either. The fields are declared float in sim/params.py
    (the one place each is described); this is the one place the core fills them with arrays, and the
    record's own class still checks every name (a misspelt or missing one fails here).
    """
    return record(**cast(Mapping[str, Any], columns))


#: a scenario's lever targets: a plan, or lever -> (months,) array of targets
Targets = LeverPlan | Mapping[str, np.ndarray]


@dataclass(frozen=True)
class Batch:
    """Everything the engine needs for S scenarios (arrays have the scenario axis first)."""

    sizes: Sizes
    env: dict[str, np.ndarray]  # name -> (S,)
    targets: dict[str, np.ndarray]  # lever -> (S, months): the schedule's target path
    seeds: np.ndarray  # (S,) uint64
    months: int
    warmup: int = 24  # months lived under the month-0 policy before recording

    @property
    def n(self) -> int:
        return len(self.seeds)

    @property
    def employee_room(self) -> int:
        """Employee slots of the state arrays: the base headcount, or the largest a staffing policy may
        reach when some scenario of the batch staffs to demand (vacant slots are masked out)."""
        if np.any(self.targets["staffing_to_demand"] > 0):
            return most_employees(self.sizes)
        return self.sizes.n_employees

    def env_view(self) -> Environment:
        """Environment as (S, 1) columns, broadcastable against (S, agents) arrays.

        The same typed record as a scenario's Environment, holding arrays: a misspelt or
        missing name fails here, not as a silent attribute later.
        """
        return as_columns(Environment, {k: v[:, None] for k, v in self.env.items()})

    def target_view(self, month: int) -> Policy:
        """Target levers at a month (warm-up months use month 0) as (S, 1) columns, typed as a Policy."""
        m = target_month(month, self.months)
        return as_columns(Policy, {k: v[:, m, None] for k, v in self.targets.items()})

    def take(self, index) -> Batch:
        """The sub-batch of the given scenario rows."""
        index = np.asarray(index)
        return Batch(
            self.sizes,
            {k: v[index] for k, v in self.env.items()},
            {k: v[index] for k, v in self.targets.items()},
            self.seeds[index],
            self.months,
            self.warmup,
        )


def make_batch(
    envs: list[Environment], schedules: list[Targets], seeds, sizes: Sizes = Sizes(), months: int = 60, warmup: int = 24
) -> Batch:
    """Stack scenarios (environment, lever targets, seed) into one batch.

    Each scenario's targets are a plan with ``lever_path(months)`` (a sim.steps.Schedule), or
    lever -> (months,) arrays the caller built: the core knows levers only as arrays.
    """
    if not (len(envs) == len(schedules) == len(seeds)):
        raise ValueError("envs, schedules and seeds must have the same length")
    env = {k: np.array([getattr(e, k) for e in envs], dtype=np.float64) for k in ENVIRONMENT}
    paths = [s if isinstance(s, Mapping) else s.lever_path(months) for s in schedules]
    targets = {k: np.array([p[k] for p in paths], dtype=np.float64) for k in LEVERS}
    return Batch(sizes, env, targets, np.asarray(seeds, dtype=np.uint64), months, warmup)


def concat(batches: list[Batch]) -> Batch:
    """Join batches with the same sizes, months and warm-up."""
    first = batches[0]
    return Batch(
        first.sizes,
        {k: np.concatenate([b.env[k] for b in batches]) for k in first.env},
        {k: np.concatenate([b.targets[k] for b in batches]) for k in first.targets},
        np.concatenate([b.seeds for b in batches]),
        first.months,
        first.warmup,
    )


def most_employees(sizes: Sizes) -> int:
    """The largest headcount a staffing policy may reach: ``max_employees``, or twice the base when 0."""
    return max(sizes.max_employees or 2 * sizes.n_employees, sizes.n_employees)


def bytes_per_scenario(sizes: Sizes, months: int, n_metrics: int = 64) -> int:
    """Rough peak memory of one scenario in the engine (state, temporaries, records)."""
    return 8 * (40 * sizes.n_customers + 30 * most_employees(sizes) + 4 * sizes.n_suppliers + n_metrics * months)


def scenarios_per_batch(sizes: Sizes, months: int, memory_budget: float = 1e9) -> int:
    """How many scenarios fit in a memory budget (bytes)."""
    return max(1, int(memory_budget // bytes_per_scenario(sizes, months)))
