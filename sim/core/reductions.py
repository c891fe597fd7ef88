"""The month's organisation-wide numbers, written once for the core and the agents mode.

The formulas are in sim/rules.py; these are the reductions around them (a sum over a team, a
mean over the frontline, the least committed supplier, the month's counts). The core
(sim/core/engine.py) calls them on (scenarios, agents) arrays; the Mesa agents mode
(sim/abm/month.py) packs its agents into (1, agents) arrays and calls the same functions, so
both modes reduce in the same order and cannot drift apart.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import rules
from ..params import LEVER_RANGE, LEVERS, Policy
from .records import Counts


def gather(x: np.ndarray, index: np.ndarray) -> np.ndarray:
    """x[s, index[s, j]] for every row s: a flat take (faster than take_along_axis)."""
    offsets = np.arange(x.shape[0])[:, None] * x.shape[1]
    return x.ravel().take(index + offsets)


class Groups:
    """Sums over groups within each scenario, via bincount on flattened indices (in slot order)."""

    def __init__(self, index: np.ndarray, n_groups: int):
        S = index.shape[0]
        self.flat = (index + np.arange(S)[:, None] * n_groups).ravel()
        self.shape = (S, n_groups)
        self.size = S * n_groups

    def sum(self, weights: np.ndarray) -> np.ndarray:
        return np.bincount(self.flat, weights=weights.ravel(), minlength=self.size).reshape(self.shape)


def target_month(month: int, months: int) -> int:
    """The schedule month whose lever targets apply: warm-up months use month 0, none past the last."""
    return min(max(month, 0), months - 1)


def adopt_levers(policy: Policy, target: Policy, env) -> tuple[Policy, Any]:
    """Every effective lever one month nearer its target; also the total normalised change (costed).

    Floats in the agents mode, (S, 1) columns in the core (the change is then (S, 1) too).
    """
    moved: dict[str, Any] = {}
    change: Any = 0.0
    for k in LEVERS:
        old = getattr(policy, k)
        moved[k] = rules.adopt(old, getattr(target, k), env)
        change = change + abs(moved[k] - old) / LEVER_RANGE[k]
    return Policy(**moved), change


def frontline_reference(seen: np.ndarray, frontline: np.ndarray, n_frontline: np.ndarray) -> tuple:
    """Mean and sd (S, 1) of the frontline's measured orientation: what a misfit is judged against."""
    mean = (seen * frontline).sum(axis=1, keepdims=True) / n_frontline
    sd = np.sqrt(((seen - mean) ** 2 * frontline).sum(axis=1, keepdims=True) / n_frontline)
    return mean, sd


def performance_basis(satisfaction, act, employee, n_active, team_of, teams: Groups) -> tuple:
    """Each employee's own and team performance (S, E): the mean satisfaction of the month's customers
    they (their team) served; the organization's mean for an employee (a team) who served none.

    ``employee`` (S, C) is the slot that served each customer; ``team_of`` (S, E) each slot's team,
    ``teams`` its Groups.
    """
    served = Groups(employee, team_of.shape[1])
    sat_sum = served.sum(satisfaction * act)
    n_served = served.sum(act.astype(np.float64))
    org_sat = (satisfaction * act).sum(axis=1, keepdims=True) / np.maximum(n_active, 1)
    own = np.where(n_served > 0, sat_sum / np.maximum(n_served, 1.0), org_sat)
    team_sat, team_served = teams.sum(sat_sum), teams.sum(n_served)
    team = gather(np.where(team_served > 0, team_sat / np.maximum(team_served, 1.0), org_sat), team_of)
    return own, team


def supplier_to_replace(commitment: np.ndarray, u, pol, env) -> np.ndarray:
    """(S, P) mask of the supplier let go: the least committed (first of equals), if selection replaces one."""
    swap = u < rules.supplier_replacement_probability(pol, env)  # (S, 1)
    worst = np.argmin(commitment, axis=1)[:, None]
    return (np.arange(commitment.shape[1])[None, :] == worst) & swap


def promoters_and_detractors(satisfaction, act, env) -> tuple:
    """How many of the month's customers would recommend (9-10) and would not (0-6), each (S, 1)."""
    promoters = np.where(act, rules.promoter_chance(satisfaction, env), 0.0).sum(axis=1, keepdims=True)
    detractors = np.where(act, rules.detractor_chance(satisfaction, env), 0.0).sum(axis=1, keepdims=True)
    return promoters, detractors


def count_month(
    act, churn, new, quits, removed, hired, laid_off, promoters, detractors, problem, recovered, lost
) -> Counts:
    """The month's counts handed to the books, each (S,), from (S, slots) masks of who did what.

    ``act``: the month's customers; ``problem``/``recovered`` count only among them.
    """
    return Counts(
        churned=churn.sum(axis=1),
        acquired=new.sum(axis=1),
        quits=quits.sum(axis=1),
        removed=removed.sum(axis=1),
        hired=hired.sum(axis=1),
        laid_off=laid_off.sum(axis=1),
        promoters=promoters[:, 0],
        detractors=detractors[:, 0],
        problems=(problem & act).sum(axis=1),
        recovered=(recovered & act).sum(axis=1),
        lost=lost.sum(axis=1),
    )
