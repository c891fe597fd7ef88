"""Organization-level facts: the service-profit chain across units (fact 1), retention leverage
(fact 7), and the culture ladder with its costs (fact 8)."""

from __future__ import annotations

import numpy as np

from ..core import make_batch, simulate
from ..core.finance import PER_EMPLOYEE_PRICES, monthly_rate
from ..metrics import clv_margin, summarize
from ..params import LEVERS, Environment, Policy, Sizes, replace, spec
from ..steps import Phase, Schedule, step_policy
from .common import (
    UNIT_SIZES,
    VALIDATION_SEED,
    Recorder,
    correlation,
    environment,
    paired_runs,
    same_customer,
    standardized_slopes,
)

# Units differ in management (every lever drawn uniformly in its bounds) and in their local world.
UNIT_ENVIRONMENT_RANGES = {
    "value_mean": (700.0, 1400.0),
    "wage": (2500.0, 3500.0),  # local market and labour market
    "market_standard": (0.2, 0.5),
    "competitor_pull": (0.0, 0.6),  # local competition
    "quit_base": (0.02, 0.06),
    "engagement_base": (0.25, 0.45),
    "hire_orientation": (0.2, 0.5),
    "comfortable_load": (15.0, 35.0),
    "supplier_reliability": (0.5, 0.9),
    "problem_rate": (0.05, 0.25),
    "want_drift": (0.0, 0.06),
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
    return dict(
        units=units,
        r_satisfaction=correlation(eng, sat),
        r_profit=correlation(eng, units["profit"]),
        r_quality=correlation(eng, quality),
        beta_alone=alone,
        beta_with_quality=with_quality,
        mediated_share=1.0 - with_quality / alone,
    )


LEVERAGE_SIZES = Sizes(n_employees=50, n_customers=1000, n_suppliers=5)


# Costs charged per customer served, per service time or recovery, per community member: they follow customers.
PER_CUSTOMER_COSTS = ("service_cost", "recovery_cost", "community_cost", "supplier_fee")
# Costs charged per employee, hire or leaver (rewards and severance through the wage): they follow customers
# as far as headcount does (the staffing policy).
PER_EMPLOYEE_COSTS = ("wage", *PER_EMPLOYEE_PRICES)
# The books' categories those per-employee costs land in (with the community programmes' share of
# ``cost_community``, charged per employee).
EMPLOYEE_COST_CATEGORIES = (
    "cost_wages",
    "cost_training",
    "cost_rewards",
    "cost_recognition",
    "cost_programmes",
    "cost_hiring",
    "cost_turnover",
    "cost_change",
)


def variable_headcount_share(staffing_to_demand: float, headcount: float, n_base: int | None = None) -> float:
    """The share of the headcount that follows customers: the staffing target is
    (1 - w) x the base headcount + w x what demand needs (``rules.staffing_target``), so all but
    (1 - w) x the base follows demand; none of it under a fixed headcount (w = 0)."""
    base = LEVERAGE_SIZES.n_employees if n_base is None else n_base
    return float(np.clip(1.0 - (1.0 - staffing_to_demand) * base / max(headcount, 1.0), 0.0, 1.0))


def contribution_perturbation(env: Environment, s: float, variable_headcount: float) -> Environment:
    """The environment in which each customer's contribution (gross margin less the costs that follow
    customers) is ``s`` times as large: gross margin and every per-customer cost scaled by s, the
    per-employee costs by 1 + (s - 1) x the share of the headcount that follows customers. Costs
    enter only the books (``core/finance.py``), so behaviour is unchanged: a pure change of what
    each customer is worth, Gupta, Lehmann & Stuart's (2004) margin (their margin elasticity of
    about 1 means their margin carries all of a customer's earnings but acquisition)."""
    per_employee = 1.0 + (s - 1.0) * variable_headcount
    scaled = {k: getattr(env, k) * s for k in PER_CUSTOMER_COSTS}
    scaled |= {k: getattr(env, k) * per_employee for k in PER_EMPLOYEE_COSTS}
    return replace(env, gross_margin=min(env.gross_margin * s, 1.0), **scaled)


def gupta_retention_elasticity(retention: float, discount_rate: float, years: float) -> float:
    """Gupta, Lehmann & Stuart's (2004) retention elasticity of a customer's value, m sum_t (r/(1+i))^t
    over ``years`` (their margin elasticity is 1, so this is also their retention:margin ratio); with no
    end, 1 + r/(1 + i - r). It is the customer asset's duration (Pfeifer & Farris 2004)."""
    t = np.arange(1, int(round(years)) + 1)
    x = (retention / (1.0 + discount_rate)) ** t
    return float((t * x).sum() / x.sum())


def retention_leverage(
    improvement: float = 0.01,
    reps: int = 8,
    months: int = 240,
    step: int = 3,
    difference: float | None = None,
    **env_overrides,
) -> dict:
    """Gupta, Lehmann & Stuart (2004): % change in firm value (NPV over ``months``) from a 1% relative
    improvement in annual retention, in margin and from a 1% lower acquisition cost, at a step preset.

    Retention: the churn hazard (floor and ceiling) scaled so that the baseline's annual retention
    r becomes r (1 +- ``difference``); margin two ways: ``gross_margin`` scaled by 1 +- ``difference``
    (each customer's margin on what it buys), and the contribution (``contribution_perturbation``:
    each customer's margin net of the costs that follow customers, Gupta et al.'s margin);
    acquisition cost: ``acquisition_cost`` and the marketing
    budget scaled by 1 -+ ``difference`` for the same leads. Each effect is the central difference,
    paired by seed, rescaled to ``improvement``: a 1% change moves NPV too little against the run-to-run
    noise of a 240-month base, a +-5% change measures the same slope with a fifth of the noise
    (``difference`` None: 5%, or less where retention leaves no room above it: half its gap to 1).
    """
    env = environment(**env_overrides)
    schedule = Schedule.constant(step_policy(step))
    base = paired_runs([schedule], reps, env, sizes=LEVERAGE_SIZES, months=months)
    churn = base["churn_rate"].mean()
    retention = (1.0 - churn) ** 12

    def kept(s):
        k = (1.0 - (s * retention) ** (1.0 / 12.0)) / churn
        return replace(env, churn_floor=env.churn_floor * k, churn_ceiling=min(env.churn_ceiling * k, 0.3))

    def cheaper(s):
        return replace(env, acquisition_cost=env.acquisition_cost * s, marketing_budget=env.marketing_budget * s)

    def margin(s):
        return replace(env, gross_margin=min(env.gross_margin * s, 1.0))

    variable = variable_headcount_share(step_policy(step).staffing_to_demand, base["headcount"].mean())

    def contribution(s):
        return contribution_perturbation(env, s, variable)

    h = min(0.05, 0.5 * (1.0 - retention) / retention) if difference is None else difference
    if (1 + h) * retention >= 1.0:
        raise ValueError(f"annual retention {retention:.3f} leaves no room for +{h:.0%}: use a smaller difference")
    envs = [kept(1 + h), kept(1 - h), cheaper(1 - h), cheaper(1 + h), margin(1 + h), margin(1 - h)]
    envs += [contribution(1 + h), contribution(1 - h)]
    out = paired_runs([schedule] * len(envs), reps, envs, sizes=LEVERAGE_SIZES, months=months)
    npv = out["cumulative_discounted_profit"][:, :, -1]
    npv0 = base["cumulative_discounted_profit"][0, :, -1]
    gain_retention = (npv[0] - npv[1]) / (2 * h) * improvement
    gain_acquisition = (npv[2] - npv[3]) / (2 * h) * improvement
    gain_margin = (npv[4] - npv[5]) / (2 * h) * improvement
    gain_contribution = (npv[6] - npv[7]) / (2 * h) * improvement
    scale = abs(npv0.mean())
    return dict(
        npv=npv0.mean(),
        annual_retention=retention,
        step=step,
        months=months,
        gain_retention=gain_retention,
        gain_acquisition=gain_acquisition,
        gain_margin=gain_margin,
        pct_retention=100 * gain_retention.mean() / scale,
        pct_acquisition=100 * gain_acquisition.mean() / scale,
        pct_margin=100 * gain_margin.mean() / scale,
        retention_to_margin=gain_retention.mean() / gain_margin.mean() if gain_margin.mean() else np.nan,
        gain_contribution=gain_contribution,
        pct_contribution=100 * gain_contribution.mean() / scale,
        retention_to_contribution=(
            gain_retention.mean() / gain_contribution.mean() if gain_contribution.mean() else np.nan
        ),
        variable_headcount=variable,
        market_won=base["active_customers"].mean() / (env.market_potential * LEVERAGE_SIZES.n_customers),
        capacity_filled=base["active_customers"].mean() / LEVERAGE_SIZES.n_customers,
        gupta_ratio=gupta_retention_elasticity(retention, env.discount_rate, months / 12),
        npv_per_slot=npv0.mean() / LEVERAGE_SIZES.n_customers,
    )


def leverages(steps=(1, 2, 3, 4, 5), reps: int = 8, months: int = 240, **env_overrides) -> dict[int, dict]:
    """``retention_leverage`` at each step preset (Gupta et al.'s three leverages and their ratio)."""
    return {k: retention_leverage(step=k, reps=reps, months=months, **env_overrides) for k in steps}


def clv_against_realised(step: int = 1, months: int = 60, horizon: int = 480, reps: int = 8, **env_overrides) -> dict:
    """The reported ``clv`` after ``months`` (m r / (1 + i - r) from the last 12 months) against what the
    customers active then go on to bring: over ``horizon`` more months, the share of that cohort still
    there (same customer in the slot) times the month's contribution per customer (``clv``'s margin:
    the base's mean, not the cohort's own), discounted as ``clv`` is. Arrays (replication,)."""
    env = environment(**env_overrides)
    rec = Recorder("active", "joined")
    out = paired_runs([Schedule.constant(step_policy(step))], reps, env, months=months + horizon, on_state=rec)
    series = {k: v[0] for k, v in out.items()}
    reported = summarize({k: v[:, :months] for k, v in series.items()}, env.discount_rate)["clv"]
    active, joined = rec["active"], rec["joined"]  # (month, replication, slot)
    margin = clv_margin(series)
    last, i = months - 1, monthly_rate(env.discount_rate)
    cohort = active[last]
    realised = np.zeros(reps)
    for k in range(1, horizon + 1):
        still = (cohort & same_customer(joined, active, last, k)).sum(axis=1) / np.maximum(cohort.sum(axis=1), 1)
        realised += still * margin[:, last + k] / (1.0 + i) ** k
    return dict(reported=reported, realised=realised, gap=reported / realised - 1.0)


# ---- fact 8: the culture ladder, the service-spend hump, the J-curve (tests/test_core_behaviour.py) ----
def ladder(reps: int = 8, months: int = 60, env: Environment | None = None) -> dict:
    """Loyalty, churn and NPV of steps 1..5 (last 12 months): arrays (step, replication)."""
    out = paired_runs([Schedule.constant(step_policy(k)) for k in range(1, 6)], reps, env, months=months)
    churn = out["churn_rate"][:, :, -12:].mean(axis=2)
    return dict(
        loyalty=out["mean_loyalty"][:, :, -12:].mean(axis=2),
        churn=churn,
        annual_churn=1.0 - (1.0 - churn.mean(axis=1)) ** 12,
        nps=out["nps"][:, :, -12:].mean(axis=2).mean(axis=1),
        npv=out["cumulative_discounted_profit"][:, :, -1],
    )


# The channels of the step-1 -> step-5 gain, each switched off on its own (docs/validation.md).
CHANNELS = {
    "employees/culture": dict(employee_effect=0.0, engagement_effect=0.0),
    "operations": dict(
        time_effect=0.0, supplier_effect=0.0, fit_effect=0.0, hassle_effect=0.0, problem_penalty=0.0, recovery_bonus=0.0
    ),
    "relationships/community": dict(relationship_bond=0.0, community_bond=0.0),
}


def channel_shares(reps: int = 4, months: int = 60, sizes: Sizes = LEVERAGE_SIZES) -> dict:
    """Share of the step-1 -> step-5 gain in loyalty (and NPS, churn) that each channel's switch removes."""
    schedules = [Schedule.constant(step_policy(k)) for k in (1, 5)]
    envs = [Environment()] + [environment(**off) for off in CHANNELS.values()]
    out = paired_runs(
        [s for _ in envs for s in schedules], reps, [e for e in envs for _ in schedules], sizes=sizes, months=months
    )
    last = {
        k: out[k][:, :, -12:].mean(axis=(1, 2)).reshape(len(envs), 2) for k in ("mean_loyalty", "nps", "churn_rate")
    }
    last["log_churn"] = np.log(last["churn_rate"])  # churn falls by a factor
    gain = {k: v[:, 1] - v[:, 0] for k, v in last.items()}  # (env,) step 5 minus step 1
    removed = {name: {k: 1.0 - gain[k][i + 1] / gain[k][0] for k in gain} for i, name in enumerate(CHANNELS)}
    return dict(levels=last, gain=gain, removed=removed)


SPENDS = np.linspace(0.0, 1.0, 9)
# switches that remove each shape (tests/validation/test_culture_ladder.py)
LADDER_OFF = dict(satisfaction_slope=0.0, relationship_bond=0.0, community_bond=0.0)
UP_FRONT_COSTS_OFF = dict(
    change_cost=0.0,
    programme_cost=0.0,
    training_cost=0.0,
    recognition_cost=0.0,
    reward_pool=0.0,
    community_cost=0.0,
    service_cost=0.0,
    supplier_premium=0.0,
    recovery_cost=0.0,
)  # every cost a step move incurs before its benefits arrive


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
    return dict(
        diff=diff, move_at=move_at, dip=diff[:, move_at : move_at + 3].mean(axis=1), recovery=diff[:, -12:].mean(axis=1)
    )
