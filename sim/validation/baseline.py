"""Baselines a strategist can compare against: a constant policy gives flat series (stationarity),
and money per customer slot does not depend on the organization's size (issue #10)."""

from __future__ import annotations

import numpy as np

from ..params import Sizes
from ..steps import Schedule, step_policy
from .common import environment, paired_runs

STATIONARY_SIZES = Sizes(n_employees=50, n_customers=1000, n_suppliers=5)
DEFAULT = Sizes()
SCALES = (0.5, 1.0, 2.0)  # half, default and double sizes, 1:20 employees to slots kept


def annual(monthly: np.ndarray) -> np.ndarray:
    return 1.0 - (1.0 - monthly) ** 12


def stationarity(
    reps: int = 16, months: int = 240, early=(0, 60), late=(180, 240), warmup: int = 24, **env_overrides
) -> dict:
    """Mean loyalty, NPS, annual churn, customers and profit of each step preset (constant policy)
    early and late in a run."""
    out = paired_runs(
        [Schedule.constant(step_policy(k)) for k in range(1, 6)],
        reps,
        environment(**env_overrides),
        sizes=STATIONARY_SIZES,
        months=months,
        warmup=warmup,
    )
    r = dict(months=months, early_months=early, late_months=late, warmup=warmup)
    for name, (a, b) in (("early", early), ("late", late)):
        r[name] = dict(
            loyalty=out["mean_loyalty"][:, :, a:b].mean(axis=(1, 2)),
            nps=out["nps"][:, :, a:b].mean(axis=(1, 2)),
            annual_churn=annual(out["churn_rate"][:, :, a:b].mean(axis=(1, 2))),
            customers=out["active_customers"][:, :, a:b].mean(axis=(1, 2)),
            profit=out["profit"][:, :, a:b].mean(axis=(1, 2)),
        )
    return r


def scaled(factor: float) -> Sizes:
    return Sizes(
        n_employees=int(round(DEFAULT.n_employees * factor)),
        n_customers=int(round(DEFAULT.n_customers * factor)),
        n_suppliers=max(1, int(round(DEFAULT.n_suppliers * factor))),
    )


def npv_per_slot(reps: int = 8, months: int = 60, scales=SCALES, steps=(1, 2, 3, 4, 5), **env_overrides) -> dict:
    """NPV per customer slot of each step preset at each size (step, size).

    Replications scale inversely with size (``reps`` at the default size), so each size has about
    the same number of customer-months and the same noise.
    """
    env = environment(**env_overrides)
    schedules = [Schedule.constant(step_policy(k)) for k in steps]
    slot_means, slot_se = [], []
    for f in scales:
        sizes = scaled(f)
        n = max(2, int(round(reps / f)))
        npv = paired_runs(schedules, n, env, sizes=sizes, months=months)["cumulative_discounted_profit"][:, :, -1]
        slot_means.append(npv.mean(axis=1) / sizes.n_customers)
        slot_se.append(npv.std(axis=1) / np.sqrt(n) / sizes.n_customers)
    per_slot, se = np.array(slot_means).T, np.array(slot_se).T  # (step, size)
    default = list(scales).index(1.0)
    return dict(
        scales=np.array(scales),
        steps=tuple(steps),
        per_slot=per_slot,
        se=se,
        relative=per_slot / per_slot[:, [default]] - 1.0,
    )
