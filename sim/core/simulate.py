"""Run a batch through warm-up and the recorded months; collect (S, months) series."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .backend import step
from .batch import Batch, scenarios_per_batch
from .measure import accumulate
from .state import State, init_state


def simulate(
    batch: Batch, on_month: Callable[[int], None] | None = None, on_state: Callable[[State, int], None] | None = None
) -> dict[str, np.ndarray]:
    """Simulate every scenario of the batch; return metric name -> (S, months) float64 array.

    Warm-up months (negative month numbers) run under the month-0 policy and are not recorded,
    so each organization starts in the steady state of its initial policy.
    ``on_state(state, month)`` lets callers (tests, the Mesa layer) look at the state.
    """
    state = warm_up(batch)
    series: dict[str, np.ndarray] = {}
    totals = None
    for month in range(batch.months):
        row = step(state, batch, month)
        totals = accumulate(totals, row)
        row.update(totals)
        for k, v in row.items():
            if k not in series:
                series[k] = np.empty((batch.n, batch.months))
            series[k][:, month] = v
        if on_state is not None:
            on_state(state, month)
        if on_month is not None:
            on_month(month)
    return series


def warm_up(batch: Batch) -> State:
    """Every scenario's state after its warm-up, each distinct warm-up lived once.

    The warm-up runs under the month-0 levers, and a scenario's numbers depend only on its own row
    (environment, levers, seed), so scenarios that share their environment, seed and month-0 levers
    live the same warm-up: it is run once and copied to each of them (a policy search whose
    candidates all start from today's policy, on the same draws; a what-if that starts as its base).
    The copies are the numbers each would have reached alone; only the time is saved.
    """
    first, which = _same_warm_up(batch)
    alone = batch if len(first) == batch.n else batch.take(first)
    state = init_state(alone, batch.employee_room)  # the slots of the whole batch, as its months need
    for month in range(-batch.warmup, 0):
        step(state, alone, month)
    return state if alone is batch else state.take(which)


def _same_warm_up(batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    """The first row of each distinct (environment, month-0 levers, seed), and each row's group."""
    columns = [batch.env[k] for k in sorted(batch.env)] + [batch.targets[k][:, 0] for k in sorted(batch.targets)]
    columns.append(
        np.ascontiguousarray(batch.seeds, dtype=np.uint64).view(np.float64)
    )  # the seed's bits, compared as bytes
    rows = np.ascontiguousarray(np.column_stack(columns))
    keys = rows.view(np.dtype((np.void, rows.itemsize * rows.shape[1])))[:, 0]
    _, first, which = np.unique(keys, return_index=True, return_inverse=True)
    return first, which.reshape(-1)


def simulate_in_chunks(
    batch: Batch,
    memory_budget: float = 1e9,
    on_month: Callable[[int], None] | None = None,
    each: Callable[[Batch, dict], dict] | None = None,
) -> dict[str, np.ndarray]:
    """``simulate`` in chunks of rows that fit the memory budget (bytes), joined along the rows.

    ``on_month(n)`` is told of each month of a chunk of n rows; ``each(chunk, series)`` may reduce a
    chunk's series to what the caller keeps (summaries, a few metrics). A row's numbers never
    depend on the chunking (counter-based random streams).
    """
    per = scenarios_per_batch(batch.sizes, batch.months, memory_budget)
    parts = []
    for lo in range(0, batch.n, per):
        chunk = batch.take(np.arange(lo, min(lo + per, batch.n)))
        tick = (lambda _m, n=chunk.n: on_month(n)) if on_month is not None else None
        series = simulate(chunk, on_month=tick)
        parts.append(each(chunk, series) if each is not None else series)
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
