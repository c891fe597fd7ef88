"""Counter-based random streams: batch-invariant and common across scenarios sharing a seed.

A draw is a pure function of (seed, decision, month, slot): the SplitMix64 finalizer
(Steele, Lea & Flood 2014) applied to a key built from the seed, the decision and the month,
plus the slot index times the golden-ratio increment. So a scenario's numbers never depend
on which batch, batch size or worker ran it, and two scenarios with the same seed get the
same draw for the same agent slot and decision (common random numbers). It is plain uint64
array arithmetic: no Python loop over scenarios, and it runs unchanged on CuPy.
"""

from __future__ import annotations

import numpy as np

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_S11, _S27, _S30, _S31 = (np.uint64(s) for s in (11, 27, 30, 31))

# One id per random decision. Append new decisions at the end: ids must never be reused.
DECISIONS = {
    name: i
    for i, name in enumerate(
        (
            "init_employee_orientation",
            "init_employee_skill",
            "init_employee_engagement",
            "init_employee_tenure",
            "init_customer_value",
            "init_customer_expectation",
            "init_supplier_commitment",
            "init_supplier_reliability",
            "customer_switch",
            "customer_assign",
            "quality_noise",
            "problem",
            "recovery",
            "churn",
            "community",
            "acquire",
            "new_value",
            "measure",
            "misfit",
            "quit",
            "hire_orientation",
            "hire_skill",
            "supplier_replace",
            "supplier_commitment",
            "init_customer_satisfaction",
            "measure_orientation",
            "init_customer_assign",
            "new_expectation",
            "new_assign",
        )
    )
}


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finalizer, in place on a uint64 array (wrap-around arithmetic)."""
    x ^= x >> _S30
    x *= _M1
    x ^= x >> _S27
    x *= _M2
    x ^= x >> _S31
    return x


def stream_keys(seeds: np.ndarray, decision: str, month: int) -> np.ndarray:
    """One 64-bit key per scenario for this decision and month (month -1 = initialisation)."""
    seeds = np.asarray(seeds, dtype=np.uint64)
    k = _mix(seeds * _GOLDEN + np.uint64(DECISIONS[decision] + 1))
    k ^= np.full(k.shape, (month + 2) & 0xFFFFFFFF, dtype=np.uint64) * _M2  # arrays: silent wrap-around
    return _mix(k)


def uniforms(seeds: np.ndarray, decision: str, month: int, n: int, out: np.ndarray | None = None) -> np.ndarray:
    """Uniform draws in (0, 1), shape (scenarios, n): row i depends only on seeds[i]."""
    keys = stream_keys(seeds, decision, month)
    x = keys[:, None] + np.arange(1, n + 1, dtype=np.uint64)[None, :] * _GOLDEN
    _mix(x)
    x >>= _S11
    if out is None:
        out = np.empty(x.shape, dtype=np.float64)
    np.multiply(x, 2.0**-53, out=out)
    out += 2.0**-54  # never exactly 0 or 1 (safe for inverse CDFs)
    return out


def uniforms_at(seeds: np.ndarray, decision: str, month: int, rows: np.ndarray, slots: np.ndarray) -> np.ndarray:
    """The same numbers as ``uniforms(seeds, decision, month, n)[rows, slots]``, computing only those."""
    keys = stream_keys(seeds, decision, month)
    x = keys[rows] + (np.asarray(slots, dtype=np.uint64) + np.uint64(1)) * _GOLDEN
    _mix(x)
    x >>= _S11
    return x * 2.0**-53 + 2.0**-54


def derive_seeds(base_seed: int, n: int) -> np.ndarray:
    """Replication seeds 0..n-1 derived from a base seed (stable, independent of n)."""
    x = np.full(n, base_seed, dtype=np.uint64) * _GOLDEN + np.arange(1, n + 1, dtype=np.uint64) * _M1
    return _mix(x) >> np.uint64(1)  # keep them below 2**63 so they survive int64 tables
