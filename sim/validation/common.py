"""Shared helpers: paired runs over replications, per-customer records, small statistics."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..core import Batch, derive_seeds, make_batch, simulate
from ..core.batch import Targets
from ..params import Environment, Sizes, replace
from ..steps import Schedule

VALIDATION_SEED = 2024
UNIT_SIZES = Sizes(n_employees=40, n_customers=800, n_suppliers=4)  # one business unit


def environment(**overrides) -> Environment:
    """The default environment with some parameters changed (validated against bounds)."""
    return replace(Environment(), **overrides)


def paired_runs(
    schedules: list[Schedule],
    reps: int,
    env: Environment | list[Environment] | None = None,
    sizes: Sizes = Sizes(),
    months: int = 60,
    warmup: int = 24,
    seed: int = VALIDATION_SEED,
    on_state: Callable | None = None,
) -> dict[str, np.ndarray]:
    """Every schedule with the same ``reps`` seeds (common random numbers): metric -> (schedules, reps, months).

    ``env`` is one environment for all, or one per schedule.
    """
    batch = paired_batch(schedules, reps, env, sizes, months, warmup, seed)
    return by_schedule(simulate(batch, on_state=on_state), len(schedules))


def paired_batch(
    schedules: list[Schedule],
    reps: int,
    env: Environment | list[Environment] | None = None,
    sizes: Sizes = Sizes(),
    months: int = 60,
    warmup: int = 24,
    seed: int = VALIDATION_SEED,
) -> Batch:
    """The batch behind ``paired_runs``: rows are schedule-major, replication-minor."""
    envs = env if isinstance(env, list) else [env or Environment()] * len(schedules)
    seeds = np.tile(derive_seeds(seed, reps), len(schedules))
    rows: list[Targets] = [s for s in schedules for _ in range(reps)]
    return make_batch([e for e in envs for _ in range(reps)], rows, seeds, sizes, months, warmup)


def by_schedule(arrays: dict[str, np.ndarray], n_schedules: int) -> dict[str, np.ndarray]:
    """Split the scenario axis of each array into (schedule, replication)."""
    return {k: v.reshape(n_schedules, -1, *v.shape[1:]) for k, v in arrays.items()}


class Recorder:
    """An ``on_state`` callback that keeps copies of some State arrays every month: name -> (months, S, agents)."""

    def __init__(self, *names: str):
        self.names = names
        self.frames: dict[str, list[np.ndarray]] = {n: [] for n in names}

    def __call__(self, state, month: int) -> None:
        for n in self.names:
            self.frames[n].append(np.array(getattr(state, n), copy=True))

    def __getitem__(self, name: str) -> np.ndarray:
        return np.stack(self.frames[name])


def same_customer(joined: np.ndarray, active: np.ndarray, t: int, k: int) -> np.ndarray:
    """Is the customer in each slot at month t still there (not churned, slot not refilled) at month t + k?"""
    return active[t + k] & (joined[t + k] == joined[t])


def correlation(x, y) -> float:
    return float(np.corrcoef(np.asarray(x, float), np.asarray(y, float))[0, 1])


def standardized_slopes(y, *xs) -> np.ndarray:
    """OLS coefficients of standardized y on standardized xs (intercept dropped)."""

    def z(a):
        a = np.asarray(a, float)
        return (a - a.mean()) / a.std()

    design = np.column_stack([np.ones(len(y))] + [z(x) for x in xs])
    return np.linalg.lstsq(design, z(y), rcond=None)[0][1:]
