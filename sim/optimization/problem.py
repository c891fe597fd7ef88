"""The decision space of ``sim.optimize`` and its evaluation: a generation is one batch of the core.

A candidate is a *template* (0: keep today's policy, k: culture step k's preset) with chosen
levers set to the candidate's values, adopted from month 1 on (so the cost of change and the
J-curve count: the warm-up runs under today's policy). With ``schedule``, the move is made in
1-4 equal stages a chosen number of months apart. Every candidate is simulated on the same
draws: the same replication seeds (common random numbers) and, for a calibrated organization,
the same plausible parameter sets, so candidates differ only by their policy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.finance import COST_CATEGORIES
from ..core.rng import derive_seeds
from ..metrics import summarize
from ..params import LEVERS, Policy, spec
from ..runs.batched import policy_with, schedule_from, simulate_rows, with_env
from ..runs.scenario import Scenario
from ..steps import STEP_NAMES, step_policy

DEFAULT_LEVERS = (
    "training",
    "empowerment",
    "service_spend",
    "team_reward_weight",
    "reward_cs_share",
    "voice_of_customer",
    "communication",
    "relationship_continuity",
    "community_programs",
    "hiring_selectivity",
)
# Monthly spending the levers drive: the "programme cost" the budget limits, in the parts a strategist
# tells apart (see sim.optimization.robust).
COST_PARTS: dict[str, tuple[str, ...]] = {
    "culture programmes": ("cost_training", "cost_rewards", "cost_recognition", "cost_programmes", "cost_community"),
    "service time": ("cost_service",),
    "marketing": ("cost_marketing",),
    "cost of change": ("cost_change",),
}
# The same costs in the books' own order (core/finance.COST_CATEGORIES), so they sum to the same bits.
PROGRAMME_COSTS = tuple(k for k in COST_CATEGORIES if any(k in keys for keys in COST_PARTS.values()))
START = 1  # the first month of the new policy: the month after "now"
STAGES = (1, 4)  # schedule: number of equal stages
INTERVAL = (3, 12)  # schedule: months between stages


@dataclass(frozen=True)
class Space:
    base: Scenario
    levers: tuple[str, ...]
    schedule: bool = False

    @property
    def names(self) -> list[str]:
        return ["template", *self.levers] + (["stages", "interval"] if self.schedule else [])

    @property
    def bounds(self) -> np.ndarray:
        rows = [(0.0, float(len(STEP_NAMES)))] + [spec("levers", k)["bounds"] for k in self.levers]
        if self.schedule:
            rows += [STAGES, INTERVAL]
        return np.array(rows, dtype=float)

    @property
    def today(self) -> Policy:
        return self.base.schedule.phases[0].policy

    def template(self, x0: float) -> Policy:
        k = int(np.clip(np.rint(x0), 0, len(STEP_NAMES)))
        return self.today if k == 0 else step_policy(k)

    def target(self, x: np.ndarray) -> Policy:
        return policy_with(self.template(x[0]), dict(zip(self.levers, x[1 : 1 + len(self.levers)])))

    def phases(self, x: np.ndarray) -> list[tuple[int, Policy]]:
        """Today's policy at month 0, then the candidate's (in stages with ``schedule``)."""
        today, goal = self.today, self.target(x)
        if not self.schedule:
            return [(0, today)] if goal == today else [(0, today), (START, goal)]
        stages = int(np.rint(np.clip(x[-2], *STAGES)))
        interval = int(np.rint(np.clip(x[-1], *INTERVAL)))
        out = [(0, today)]
        for i in range(1, stages + 1):
            month = START + (i - 1) * interval
            if month >= self.base.months:
                break
            mix = {k: getattr(today, k) + (getattr(goal, k) - getattr(today, k)) * i / stages for k in LEVERS}
            policy = goal if i == stages else policy_with(today, mix)
            if policy != out[-1][1]:
                out.append((month, policy))
        return out

    def point(self, policy_template: int, levers: dict[str, float] | None = None, stages=1, interval=6) -> np.ndarray:
        """The decision vector of a template with lever values (default: the template's own)."""
        t = self.today if policy_template == 0 else step_policy(policy_template)
        values = [(levers or {}).get(k, getattr(t, k)) for k in self.levers]
        return np.array([policy_template, *values] + ([stages, interval] if self.schedule else []), dtype=float)

    def describe(self, x: np.ndarray) -> str:
        k = int(np.clip(np.rint(x[0]), 0, len(STEP_NAMES)))
        return "today's policy" if k == 0 else f"step {k} ({STEP_NAMES[k]})"


@dataclass(frozen=True)
class Draws:
    """The draws every candidate is judged on: environments (plausible sets) x replication seeds."""

    envs: list
    seeds: np.ndarray

    @classmethod
    def make(
        cls, base: Scenario, replications: int, seed: int, plausible: pd.DataFrame | None = None, sets: int = 4
    ) -> Draws:
        seeds = derive_seeds(seed, replications)
        if plausible is None or plausible.empty:
            return cls([base.env] * replications, seeds)
        names = [c for c in plausible.columns if c not in ("implausibility", "weight")]
        # the plausible sets carry importance weights (a uniform sample of the plausible region): draw by them
        weight = plausible["weight"].to_numpy() if "weight" in plausible else np.ones(len(plausible))
        size = min(sets, int(np.count_nonzero(weight)))
        pick = np.random.default_rng(seed).choice(len(plausible), size=size, replace=False, p=weight / weight.sum())
        envs = [with_env(base.env, {n: plausible.iloc[i][n] for n in names}) for i in pick]
        return cls([e for e in envs for _ in seeds], np.tile(seeds, len(envs)))

    @property
    def n(self) -> int:
        return len(self.seeds)


def split_costs(series: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Mean monthly programme cost of each row, per part of ``COST_PARTS`` ($/month)."""
    return {
        part: np.asarray(sum(series[k] for k in keys if k in series)).mean(axis=1) for part, keys in COST_PARTS.items()
    }


def programme_cost(series: dict[str, np.ndarray]) -> np.ndarray:
    """Mean monthly programme cost of each row of a run's series ($/month): what the budget limits."""
    return np.asarray(sum(series[k] for k in PROGRAMME_COSTS if k in series)).mean(axis=1)


def outcomes(
    space: Space,
    X: np.ndarray,
    draws: Draws,
    seed_rows=None,
    on_rows: Callable[[float], None] | None = None,
    parts: bool = False,
) -> dict[str, np.ndarray]:
    """(candidates, draws) NPV, loyalty and programme cost ($/month) of every candidate, as one batch;
    with ``parts`` also the cost's parts (``COST_PARTS``)."""
    schedules = [schedule_from(space.phases(x)) for x in X]
    envs = [e for _ in X for e in draws.envs]
    rows = [s for s in schedules for _ in range(draws.n)]
    seeds = np.tile(draws.seeds, len(X))
    series = simulate_rows(space.base, envs, rows, seeds, space.base.months, on_rows=on_rows)
    rate = np.array([e.discount_rate for e in envs])
    summary = summarize(series, rate)
    cost = programme_cost(series)
    shape = (len(X), draws.n)
    out = {
        "npv": summary["npv"].reshape(shape),
        "loyalty": summary["mean_loyalty"].reshape(shape),
        "cost": cost.reshape(shape),
    }
    if parts:
        out |= {k: v.reshape(shape) for k, v in split_costs(series).items()}
    return out
