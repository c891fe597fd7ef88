"""Golden trajectories: every monthly series of a few small scenarios, stored, so behaviour changes are seen.

Cases: each step preset held constant, the step 1 -> 5 transition plan (a step every 6 months,
cost of change and adoption included) and a team-reward switch, two seeds each, at small sizes
(24 employees, 300 customer slots, 4 suppliers, 12 warm-up + 36 recorded months). Every series
the core records is compared: counts exactly, real values within ``RTOL`` (room for a compiled
backend's reordered sums, far below any modelling change).

Regenerate deliberately, in its own commit saying why each series changed::

    python -m tests.golden            # rewrites tests/golden/trajectories.npz
    python -m tests.golden --diff     # prints which series differ and by how much, writes nothing
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.core import make_batch, simulate
from sim.params import Environment, Sizes, replace
from sim.steps import Phase, Schedule, step_policy

FILE = Path(__file__).with_name("trajectories.npz")
SIZES = Sizes(n_employees=24, n_customers=300, n_suppliers=4)
MONTHS, WARMUP = 36, 12
SEEDS = (11, 12)
RTOL, ATOL = 1e-9, 1e-9


def cases() -> dict[str, Schedule]:
    """The scenarios whose trajectories are kept, by name."""
    found = {f"step{k}": Schedule.constant(step_policy(k)) for k in range(1, 6)}
    found["transition_1_to_5"] = Schedule(
        (Phase(0, step_policy(1)),) + tuple(Phase(6 * (k - 1), step_policy(k)) for k in range(2, 6))
    )
    teams = step_policy(3)
    found["switch_to_team_rewards"] = Schedule((Phase(0, teams), Phase(12, replace(teams, team_reward_weight=1.0))))
    return found


def compute() -> dict[str, np.ndarray]:
    """Every recorded series of every case, keyed ``case/metric``, shape (seeds, months)."""
    named = cases()
    schedules = [s for s in named.values() for _ in SEEDS]
    seeds = np.array([s for _ in named for s in SEEDS], dtype=np.uint64)
    batch = make_batch([Environment()] * len(schedules), schedules, seeds, SIZES, MONTHS, WARMUP)
    series = simulate(batch)
    out = {}
    for i, name in enumerate(named):
        rows = slice(i * len(SEEDS), (i + 1) * len(SEEDS))
        for metric, values in series.items():
            out[f"{name}/{metric}"] = np.asarray(values[rows], dtype=np.float64)
    return out


def load() -> dict[str, np.ndarray]:
    with np.load(FILE) as stored:
        return {k: stored[k] for k in stored.files}


def differences(stored: dict[str, np.ndarray], now: dict[str, np.ndarray]) -> list[str]:
    """One line per series that is missing, new or outside the tolerance."""
    lines = [f"{k}: missing now" for k in sorted(set(stored) - set(now))]
    lines += [f"{k}: new series" for k in sorted(set(now) - set(stored))]
    for k in sorted(set(stored) & set(now)):
        a, b = stored[k], now[k]
        if a.shape != b.shape:
            lines.append(f"{k}: shape {a.shape} -> {b.shape}")
        elif not np.allclose(a, b, rtol=RTOL, atol=ATOL, equal_nan=True):
            worst = np.nanmax(np.abs(a - b) / np.maximum(np.abs(a), ATOL))
            lines.append(
                f"{k}: differs (worst relative {worst:.3g}, stored mean {np.nanmean(a):.6g}, now {np.nanmean(b):.6g})"
            )
    return lines
