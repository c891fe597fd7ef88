"""The business summary of a what-if: what the change costs, how deep it dips, when it pays back.

A strategist asks "what does it cost and when does it pay back?" before any interval on loyalty.
Everything here is read from the paired monthly series (replication r of every scenario runs on the
same seed):

- *cost of change*: the what-if's spending on moving levers (``cost_change``: ``change_cost`` $ per
  employee per unit of lever movement, each lever's movement divided by its range, charged as the
  effective levers approach their targets, see sim/core/finance.py) minus the base's, summed over
  the horizon (not discounted), mean over replications;
- *cumulative difference*: the what-if's cumulative discounted profit minus the base's, month by
  month; its last value is the NPV difference, so a what-if pays back within the horizon exactly when
  its NPV difference is positive;
- *low point*: the lowest value of the mean cumulative difference and its month (the deepest the
  organization is behind where it would have been);
- *break-even month*: the first month from which the cumulative difference stays at or above zero
  to the end of the horizon; ``None`` ("not within the horizon") when it ends below zero. The
  estimate is the break-even of the mean curve; its interval is the middle 95% of the replications'
  own break-even months (a replication that never pays back counts as later than the horizon);
- *return on the change*: NPV difference divided by the discounted cost of change (the net dollars
  returned per dollar spent on changing; undefined without a cost of change).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from ..core.finance import monthly_rate
from ..params import LEVER_RANGE, LEVERS
from ..runs.results import Results
from ..stats import paired_ci
from .changes import kind
from .stats import LEVEL

NOT_WITHIN = "not within the horizon"


@dataclass(frozen=True)
class LeverCost:
    """What moving one lever costs a what-if once adopted: it moves from ``before`` (month 0) to
    ``after`` (its last target), first at ``month``; ``units`` is the total movement over every phase
    divided by the lever's range; cost = change_cost x employees x units. ``whose`` is 'what-if', or
    'base' for the base's own scheduled moves (counted negatively: the extra cost is the difference)."""

    lever: str
    month: int
    before: float
    after: float
    units: float
    cost: float
    whose: str = "what-if"


@dataclass(frozen=True)
class Business:
    """One what-if's business summary against the base (see the module docstring); money in $."""

    scenario: str
    comparison: str
    cost_of_change: float
    planned_cost_of_change: float
    change_cost_per_employee: float
    employees: int
    low_point: float
    low_month: int
    break_even: int | None
    break_even_low: int | None
    break_even_high: int | None
    paid_back_share: float
    npv_difference: float
    npv_low: float
    npv_high: float
    return_on_change: float
    months: int
    replications: int


def cumulative_difference(results: Results, base: str, name: str) -> np.ndarray:
    """(replications, months): the what-if's cumulative discounted profit minus the base's, paired by seed."""
    a, b = results.scenario(name), results.scenario(base)
    if list(a.rows["seed"]) != list(b.rows["seed"]):
        raise ValueError(f"{name}: its replications do not share seeds with {base}'s; cannot pair them")
    return a.series["cumulative_discounted_profit"] - b.series["cumulative_discounted_profit"]


def break_even_month(curve: np.ndarray) -> int | None:
    """The first month from which ``curve`` stays >= 0 to its end; None when it ends below zero."""
    below = np.flatnonzero(np.asarray(curve) < 0)
    if len(below) == 0:
        return 0
    last = int(below[-1])
    return None if last == len(curve) - 1 else last + 1


def _moves(scenario, sign: float, whose: str) -> list[LeverCost]:
    per = scenario.env.change_cost * scenario.sizes.n_employees
    phases = scenario.schedule.phases
    out = []
    for k in LEVERS:
        path = [getattr(p.policy, k) for p in phases]
        moves = [(p.month, abs(y - x)) for p, x, y in zip(phases[1:], path, path[1:]) if x != y]
        if moves:
            units = sign * sum(m for _, m in moves) / LEVER_RANGE[k]
            out.append(LeverCost(k, moves[0][0], path[0], path[-1], units, units * per, whose))
    return sorted(out, key=lambda c: -abs(c.cost))


def lever_costs(base, scenario) -> list[LeverCost]:
    """Per lever, what ``scenario``'s scheduled moves after month 0 cost once adopted (from its file's
    ``change_cost`` and employees), largest first; the base's own moves follow, counted negatively."""
    return _moves(scenario, 1.0, "what-if") + _moves(base, -1.0, "base")


def _quantile_month(months: np.ndarray, q: float) -> int | None:
    """An observed replication's break-even month at quantile q (inf: not within the horizon)."""
    v = float(np.quantile(months, q, method="inverted_cdf"))
    return None if math.isinf(v) else int(v)


def business_summary(results: Results, scenarios) -> list[Business]:
    """One ``Business`` per what-if (every scenario after the first), in order."""
    base = scenarios[0]
    out = []
    for s in scenarios[1:]:
        curves = cumulative_difference(results, base.name, s.name)
        mean_curve = curves.mean(axis=0)
        low = int(np.argmin(mean_curve))
        per_rep = np.array([math.inf if (m := break_even_month(c)) is None else m for c in curves], dtype=float)
        a, b = results.scenario(s.name), results.scenario(base.name)
        extra_change = a.series["cost_change"] - b.series["cost_change"]
        npv_d, npv_lo, npv_hi = paired_ci(
            a.series["cumulative_discounted_profit"][:, -1], b.series["cumulative_discounted_profit"][:, -1]
        )
        pv_change = float((extra_change * _discount(a.discount_rate, curves.shape[1])).sum(axis=1).mean())
        tail = (1 - LEVEL) / 2
        out.append(
            Business(
                scenario=s.name,
                comparison=kind(base, s),
                cost_of_change=float(extra_change.sum(axis=1).mean()),
                planned_cost_of_change=float(sum(c.cost for c in lever_costs(base, s))),
                change_cost_per_employee=float(s.env.change_cost),
                employees=int(s.sizes.n_employees),
                low_point=min(float(mean_curve[low]), 0.0),
                low_month=low if mean_curve[low] < 0 else 0,
                break_even=break_even_month(mean_curve),
                break_even_low=_quantile_month(per_rep, tail),
                break_even_high=_quantile_month(per_rep, 1 - tail),
                paid_back_share=float(np.isfinite(per_rep).mean()),
                npv_difference=npv_d,
                npv_low=npv_lo,
                npv_high=npv_hi,
                return_on_change=npv_d / pv_change if pv_change > 0 else math.nan,
                months=curves.shape[1],
                replications=curves.shape[0],
            )
        )
    return out


def _discount(annual_rates: np.ndarray, months: int) -> np.ndarray:
    """(rows, months) discount factors, as the core discounts profit (sim.core.finance)."""
    return (1.0 + monthly_rate(np.asarray(annual_rates, dtype=float)[:, None])) ** -(np.arange(months)[None, :] + 1.0)


def business_table(summaries: list[Business]) -> pd.DataFrame:
    """The summaries as a table (one row per what-if; months as integers, missing = not within the horizon)."""
    frame = pd.DataFrame([asdict(b) for b in summaries])
    for col in ("break_even", "break_even_low", "break_even_high"):
        if col in frame:
            frame[col] = frame[col].astype("Int64")
    return frame
