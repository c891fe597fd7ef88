"""Many variants of one scenario as one batch of the core: environments, schedules and seeds per row.

Calibration (a wave of parameter sets) and optimisation (a generation of policies) both put a
whole population, times its replications, on the scenario axis of the core: one call, never
one scenario per call. Only when the rows exceed the memory budget is the batch cut in chunks;
a row's numbers never depend on the chunking (counter-based random streams).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .. import limits
from ..core import make_batch, simulate_in_chunks
from ..core.batch import Targets
from ..params import Environment, Policy, clip_to_bounds, replace
from ..steps import Phase, Schedule
from .scenario import Scenario


def with_env(env: Environment, values: dict[str, float]) -> Environment:
    """The environment with some parameters set (bounds checked)."""
    return replace(env, **{k: float(v) for k, v in values.items()}) if values else env


def clip_levers(levers: dict[str, float]) -> dict[str, float]:
    """Lever values clipped to their bounds, integer levers rounded."""
    return {k: float(clip_to_bounds(k, float(v))) for k, v in levers.items()}


def policy_with(policy: Policy, levers: dict[str, float]) -> Policy:
    return replace(policy, **clip_levers(levers)) if levers else policy


def schedule_from(phases: list[tuple[int, Policy]]) -> Schedule:
    return Schedule(tuple(Phase(m, p) for m, p in phases))


def simulate_rows(
    base: Scenario,
    envs: list[Environment],
    schedules: list[Schedule],
    seeds,
    months: int,
    memory_budget: float | None = None,
    metrics: tuple[str, ...] | None = None,
    on_rows: Callable[[float], None] | None = None,
) -> dict[str, np.ndarray]:
    """Series (metric -> (rows, months)) of rows sharing the base's sizes and warm-up;
    ``on_rows(x)`` is told of each month's progress in rows (x sums to the number of rows)."""
    seeds = np.asarray(seeds, dtype=np.uint64)
    targets: list[Targets] = list(schedules)
    batch = make_batch(envs, targets, seeds, base.sizes, months, base.warmup)
    return simulate_in_chunks(
        batch,
        memory_budget or limits.chunk_memory(),
        on_month=(lambda n: on_rows(n / months)) if on_rows is not None else None,
        each=lambda _chunk, out: {k: v for k, v in out.items() if metrics is None or k in metrics},
    )
