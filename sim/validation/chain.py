"""Organization-level facts: the service-profit chain across units (fact 1), retention leverage
(fact 7), and the culture ladder with its costs (fact 8)."""

from __future__ import annotations

import numpy as np

from ..core import make_batch, simulate
from ..params import LEVERS, Environment, Policy, replace, spec
from ..steps import Phase, Schedule, step_policy
from .common import UNIT_SIZES, VALIDATION_SEED, correlation, environment, paired_runs, standardized_slopes

# Units differ in management (every lever drawn uniformly in its bounds) and in their local world.
UNIT_ENVIRONMENT_RANGES = {
    "value_mean": (700.0, 1400.0), "wage": (2500.0, 3500.0),            # local market and labour market
    "market_standard": (0.2, 0.5), "competitor_pull": (0.0, 0.6),       # local competition
    "quit_base": (0.02, 0.06), "engagement_base": (0.25, 0.45), "hire_orientation": (0.2, 0.5),
    "comfortable_load": (15.0, 35.0), "supplier_reliability": (0.5, 0.9),
    "problem_rate": (0.05, 0.25), "want_drift": (0.0, 0.06),
}


def random_units(n: int, seed: int = VALIDATION_SEED, **env_overrides):
    """n business units: (environments, schedules) with random policies and local conditions."""
    g = np.random.default_rng(seed)
    free = [k for k in LEVERS if k != "team_size"]
    envs, schedules = [], []
    for _ in range(n):
        levers = {k: float(g.uniform(*spec("levers", k)["bounds"])) for k in free}
        local = {k: float(g.uniform(lo, hi)) for k, (lo, hi) in UNIT_ENVIRONMENT_RANGES.items()}
        envs.append(environment(**{**local, **env_overrides}))
        schedules.append(Schedule.constant(replace(Policy(), **levers)))
    return envs, schedules


def service_profit_chain(n_units: int = 600, months: int = 36, seed: int = VALIDATION_SEED, **env_overrides) -> dict:
    """Unit-level engagement, satisfaction, quality and profit over the last year; the chain's statistics."""
    envs, schedules = random_units(n_units, seed, **env_overrides)
    seeds = np.arange(n_units, dtype=np.uint64) + np.uint64(seed) * np.uint64(100003)
    out = simulate(make_batch(envs, schedules, seeds, UNIT_SIZES, months))
    units = {k: out[k][:, -12:].mean(axis=1) for k in ("engagement", "mean_satisfaction", "service_quality")}
    units["profit"] = out["profit"][:, -12:].sum(axis=1)
    eng, sat, quality = units["engagement"], units["mean_satisfaction"], units["service_quality"]
    alone = standardized_slopes(sat, eng)[0]
    with_quality = standardized_slopes(sat, eng, quality)[0]
    return dict(units=units, r_satisfaction=correlation(eng, sat), r_profit=correlation(eng, units["profit"]),
                r_quality=correlation(eng, quality), beta_alone=alone, beta_with_quality=with_quality,
                mediated_share=1.0 - with_quality / alone)


def retention_leverage(improvement: float = 0.01, reps: int = 16, months: int = 60, policy: Policy | None = None,
                       **env_overrides) -> dict:
    """Change in NPV from a relative improvement in annual retention vs the same cut in acquisition cost.

    Retention: churn hazards (floor and ceiling) scaled so that the baseline's annual retention
    rises by ``improvement``. Acquisition cost: the marketing budget cut by ``improvement``
    for the same leads. Paired by seed.
    """
    base_env = environment(**env_overrides)
    schedule = Schedule.constant(policy or step_policy(3))
    base = paired_runs([schedule], reps, base_env, months=months)
    churn = base["churn_rate"].mean()
    retention = (1.0 - churn) ** 12
    better = 1.0 - ((1.0 + improvement) * retention) ** (1.0 / 12.0)
    k = better / churn
    kept = replace(base_env, churn_floor=base_env.churn_floor * k, churn_ceiling=base_env.churn_ceiling * k)
    cheaper = replace(base_env, marketing_budget=base_env.marketing_budget * (1.0 - improvement))
    out = paired_runs([schedule, schedule], reps, [kept, cheaper], months=months)
    npv = base["cumulative_discounted_profit"][0, :, -1]
    gain_retention = out["cumulative_discounted_profit"][0, :, -1] - npv
    gain_acquisition = out["cumulative_discounted_profit"][1, :, -1] - npv
    return dict(npv=npv.mean(), annual_retention=retention, churn_scale=k,
                gain_retention=gain_retention.mean(), gain_acquisition=gain_acquisition.mean(),
                pct_retention=100 * gain_retention.mean() / abs(npv.mean()),
                pct_acquisition=100 * gain_acquisition.mean() / abs(npv.mean()),
                ratio=gain_retention.mean() / gain_acquisition.mean(),
                series_months=months)


# ---- fact 8: the culture ladder, the service-spend hump, the J-curve (tests/test_core_behaviour.py) ----
def ladder(reps: int = 8, months: int = 60, env: Environment | None = None) -> dict:
    """Loyalty, churn and NPV of steps 1..5 (last 12 months): arrays (step, replication)."""
    out = paired_runs([Schedule.constant(step_policy(k)) for k in range(1, 6)], reps, env, months=months)
    churn = out["churn_rate"][:, :, -12:].mean(axis=2)
    return dict(loyalty=out["mean_loyalty"][:, :, -12:].mean(axis=2), churn=churn,
                annual_churn=1.0 - (1.0 - churn.mean(axis=1)) ** 12,
                npv=out["cumulative_discounted_profit"][:, :, -1])


SPENDS = np.linspace(0.0, 1.0, 9)
# switches that remove each shape (tests/validation/test_culture_ladder.py)
LADDER_OFF = dict(satisfaction_slope=0.0, relationship_bond=0.0, community_bond=0.0)
UP_FRONT_COSTS_OFF = dict(change_cost=0.0, programme_cost=0.0, training_cost=0.0, recognition_cost=0.0,
                          reward_pool=0.0, community_cost=0.0, service_cost=0.0, supplier_premium=0.0,
                          recovery_cost=0.0)   # every cost a step move incurs before its benefits arrive


def spend_curve(reps: int = 8, months: int = 60, env: Environment | None = None) -> dict:
    """NPV (spend level, replication) of the step-1 organization at service_spend 0..1."""
    schedules = [Schedule.constant(replace(step_policy(1), service_spend=float(x))) for x in SPENDS]
    out = paired_runs(schedules, reps, env, months=months)
    return dict(spend=SPENDS, npv=out["cumulative_discounted_profit"][:, :, -1])


def j_curve(reps: int = 8, months: int = 60, env: Environment | None = None, move_at: int = 12) -> dict:
    """Monthly profit of moving from step 2 to step 4 at ``move_at`` minus staying: (replication, month)."""
    stay = Schedule.constant(step_policy(2))
    move = Schedule((Phase(0, step_policy(2)), Phase(move_at, step_policy(4))))
    out = paired_runs([stay, move], reps, env, months=months)
    diff = out["profit"][1] - out["profit"][0]
    return dict(diff=diff, move_at=move_at, dip=diff[:, move_at:move_at + 3].mean(axis=1),
                recovery=diff[:, -12:].mean(axis=1))
