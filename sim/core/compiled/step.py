"""The compiled month as the core's ``step``: the State's arrays in, the month's metrics out.

The kernel (month.py) updates the State's own arrays in place; levers and the environment go
in as structured rows, so the rules read ``pol.training`` and ``env.wage`` there as they do
on numpy arrays. The month's sums become its metrics through the numpy ``customer_means`` and
``close_books``, so every metric is still defined once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path

import numpy as np

from ... import rules
from ...params import ENVIRONMENT, LEVER_RANGE, LEVERS, Environment, Policy, Sizes
from ..batch import Batch, make_batch, most_employees
from ..measure import close_books, customer_means
from ..records import Books, Counts, EndOfMonth
from ..state import State, init_state
from . import columns as K
from .jit import SOURCE_HASH
from .month import month as month_kernel

EMPLOYEES = (
    ("orientation", np.float64),
    ("skill", np.float64),
    ("engagement", np.float64),
    ("start", np.int64),
    ("performance", np.float64),
    ("employed", np.bool_),
)
CUSTOMERS = (
    ("active", np.bool_),
    ("value", np.float64),
    ("segment", np.int8),
    ("expectation", np.float64),
    ("satisfaction", np.float64),
    ("loyalty", np.float64),
    ("employee", np.int64),
    ("employee_start", np.int64),
    ("relationship", np.float64),
    ("member", np.bool_),
)
SUPPLIERS = (("reliability", np.float64), ("commitment", np.float64))
OTHERS = (("fit", np.float64), ("joined", np.int64), ("pipeline", np.int64))

_POLICY = np.dtype([(k, np.float64) for k in LEVERS])
_ENVIRONMENT = np.dtype([(k, np.float64) for k in ENVIRONMENT])
_RANGE = np.array([LEVER_RANGE[k] for k in LEVERS])
_LOCK = threading.Lock()  # numba's default thread pool must not be entered by two threads at once
WORK_ROWS = 8  # per-employee scratch rows of a scenario (people.py, customers.py)


def _arrays(state: State, fields) -> tuple:
    """The State's arrays as the kernel needs them (C-contiguous, its dtype), fixed in place if not."""
    out = []
    for name, dtype in fields:
        x = getattr(state, name)
        if x.dtype != dtype or not x.flags.c_contiguous:
            x = np.ascontiguousarray(x, dtype=dtype)
            setattr(state, name, x)
        out.append(x)
    return tuple(out)


def _rows(columns: list[np.ndarray], dtype: np.dtype) -> np.ndarray:
    """(S,) structured rows of the given (S,) columns."""
    return np.ascontiguousarray(np.column_stack(columns), dtype=np.float64).view(dtype)[:, 0]


def step(state: State, batch: Batch, month: int) -> dict[str, np.ndarray]:
    """Advance every scenario of the batch one month in the compiled kernel; return the month's metrics."""
    S, E = state.orientation.shape
    levers = np.ascontiguousarray(np.column_stack([getattr(state.policy, k)[:, 0] for k in LEVERS]), dtype=np.float64)
    target_view = batch.target_view(month)
    target = np.ascontiguousarray(np.column_stack([getattr(target_view, k)[:, 0] for k in LEVERS]), dtype=np.float64)
    env = _rows([batch.env[k] for k in ENVIRONMENT], _ENVIRONMENT)
    employees, customers, suppliers = _arrays(state, EMPLOYEES), _arrays(state, CUSTOMERS), _arrays(state, SUPPLIERS)
    fit, joined, pipeline = _arrays(state, OTHERS)
    sizes = (np.int64(batch.sizes.n_employees), np.int64(most_employees(batch.sizes)))
    work = np.empty((S, WORK_ROWS, E))
    out = np.zeros((S, K.WIDTH))
    with _LOCK:
        month_kernel(
            month,
            rules.pacing_month(month, batch.warmup),  # the month the paced rules are given
            np.ascontiguousarray(batch.seeds, dtype=np.uint64),
            env,
            levers,
            levers.view(_POLICY)[:, 0],
            target,
            _RANGE,
            employees,
            customers,
            suppliers,
            fit,
            joined,
            pipeline,
            sizes,
            work,
            out,
        )
    moved: dict = {k: levers[:, i : i + 1] for i, k in enumerate(LEVERS)}  # (S, 1) columns, as the engine's
    state.policy = Policy(**moved)
    return _close_books(state, batch, month, out)


def _close_books(state: State, batch: Batch, month: int, out: np.ndarray) -> dict[str, np.ndarray]:
    """The month's metrics from the kernel's sums and counts (``close_books`` sums its totals over one column)."""
    C = batch.sizes.n_customers
    col = {name: out[:, i] for i, name in enumerate(K.NAMES)}
    n_active = out[:, K.N_ACTIVE, None].astype(np.int64)
    n_frontline = out[:, K.N_FRONTLINE, None].astype(np.int64)
    counts = Counts(**{f.name: col[f.name] for f in fields(Counts)})
    # the kernel hands over the customers and members at the month's end as counts
    end = replace(EndOfMonth.of(state), active=out[:, K.ACTIVE_END, None], member=out[:, K.MEMBERS_END, None])
    return close_books(
        Books(
            end=end,
            revenue=out[:, K.REVENUE, None],
            service_time=out[:, K.TIME, None],
            counts=counts,
            change=col["change"],
            month=month,
            measured=customer_means(col, n_active),
            n_frontline=n_frontline,
            n_active=n_active,
            env=batch.env_view(),
            n_customers=C,
        )
    )


def warm_up(announce: Callable[[], None]) -> None:
    """Compile (or load from numba's cache) the month on a tiny batch; ``announce`` a compile first.

    A marker next to numba's cache says these sources were compiled on this machine.
    """
    cache = getattr(getattr(month_kernel, "_cache", None), "_cache_path", None)
    marker = Path(cache) / f"culturesim-{SOURCE_HASH}.compiled" if cache else None
    fresh = marker is None or not marker.exists()
    if fresh:
        announce()
    batch = make_batch(
        [Environment()],
        [{k: np.full(1, float(getattr(Policy(), k))) for k in LEVERS}],
        [1],
        Sizes(n_employees=2, n_customers=4, n_suppliers=1),
        months=1,
        warmup=0,
    )
    step(init_state(batch), batch, 0)
    if fresh and marker is not None:
        try:
            marker.touch()
        except (OSError, AttributeError):
            pass
