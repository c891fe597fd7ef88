"""Workforce facts: culture transmission under turnover (6) and team rewards (9)."""

from __future__ import annotations

import numpy as np

from .. import rules
from ..core import Organisation, simulate
from ..params import Sizes, replace
from ..steps import Phase, Schedule, step_policy
from .common import by_schedule, environment, paired_batch, paired_runs

CULTURE_SIZES = Sizes(n_employees=100, n_customers=400, n_suppliers=4)
TURNOVER = {"low": 0.01, "high": 0.10}  # quit_base, 1/month (JOLTS economy-wide ~0.035)


def culture_under_turnover(reps: int = 8, months: int = 72, **env_overrides) -> dict:
    """Culture strength after selective hiring stops, at low and high turnover, with and without socialization.

    Month 0 (and the warm-up): a strong culture (step 5) with fully selective hiring and
    onboarding. From month 1 on, hiring is no longer selective and there is no onboarding,
    so only socialization keeps the culture up against the flow of new hires. Headcount is fixed
    (every leaver replaced): the experiment is about turnover, and its 4 customers per employee would
    otherwise shrink a demand-staffed workforce by attrition, without hires.
    """
    strong = replace(step_policy(5), hiring_selectivity=1.0, onboarding=1.0, staffing_to_demand=0.0)
    open_door = replace(strong, hiring_selectivity=0.0, onboarding=0.0)
    schedule = Schedule((Phase(0, strong), Phase(1, open_door)))
    pool = environment(**env_overrides).hire_orientation
    strength: dict[tuple[str, str], np.ndarray] = {}
    for social in ("with", "without"):
        extra = {} if social == "with" else dict(socialization=0.0)
        envs = [environment(**{**env_overrides, **extra, "quit_base": q}) for q in TURNOVER.values()]
        out = paired_runs([schedule, schedule], reps, envs, sizes=CULTURE_SIZES, months=months)
        for (level, _), series in zip(TURNOVER.items(), out["culture_strength"]):
            strength[(social, level)] = series.mean(axis=0)
    result: dict = dict(strength=strength, pool=pool, months=months)
    for key, s in strength.items():
        result[key] = dict(start=s[0], end=s[-12:].mean(), drift_last_year=s[-12:].mean() - s[-24:-12].mean())
    return result


def selective_hiring_spread(reps: int = 4, months: int = 36, selectivities=(0.0, 0.5, 1.0), **env_overrides) -> dict:
    """Spread (sd) of employees' orientation at step 5 as hiring selectivity rises.

    Selection takes the upper part of the applicant pool; it homogenizes the workforce where the
    culture sits above the pool (step 5). At steps 1-3 the unreinforced culture sits below the pool,
    so selected hires differ more from incumbents (docs/validation.md, fact 6).
    """
    step5 = replace(step_policy(5), staffing_to_demand=0.0)  # a fixed headcount: hires replace leavers
    schedules = [Schedule.constant(replace(step5, hiring_selectivity=float(s))) for s in selectivities]
    out = paired_runs(schedules, reps, environment(**env_overrides), sizes=CULTURE_SIZES, months=months)
    spread = out["culture_spread"][:, :, -12:].mean(axis=(1, 2))
    return dict(selectivity=np.array(selectivities), spread=spread)


def team_capability(state, env, pol=None) -> dict:
    """Employee capability before and after team help, and effort, from State (as the engine computes it)."""
    pol = pol or state.policy
    org = Organisation(state, pol)
    team_mean, frontline = org.team_mean, org.frontline

    effort = rules.aimed_effort(state.engagement, rules.incentive(pol, env, org.team_size), pol, env)
    own = rules.capability(state.skill, state.orientation, effort, env)
    helped = rules.helped(own, team_mean(own), pol, env)
    within = np.sqrt(np.maximum(team_mean(helped**2) - team_mean(helped) ** 2, 0.0))
    return dict(
        effort=(effort * frontline).sum(axis=1) / frontline.sum(axis=1),
        help=((helped - own) * frontline).sum(axis=1) / frontline.sum(axis=1),
        spread=(within * frontline).sum(axis=1) / frontline.sum(axis=1),
    )


TEAM_SIZES = (3, 4, 8, 16)


def team_rewards(reps: int = 16, months: int = 60, team_sizes=TEAM_SIZES, **env_overrides) -> dict:
    """Team vs individual rewards at step 3, reward intensity 0.8, by team size: help, within-team spread
    of capability, effort (free-riding) and NPV, team minus individual, paired by seed."""
    base = replace(step_policy(3), reward_intensity=0.8)
    schedules = [
        Schedule.constant(replace(base, team_size=float(n), team_reward_weight=w))
        for n in team_sizes
        for w in (0.0, 1.0)
    ]
    batch = paired_batch(schedules, reps, environment(**env_overrides), months=months)
    columns, seen = batch.env_view(), []

    def record(state, month):
        if month >= months - 12:
            seen.append(team_capability(state, columns))

    out = by_schedule(simulate(batch, on_state=record), len(schedules))
    team = {
        k: by_schedule({k: np.mean([s[k] for s in seen], axis=0)}, len(schedules))[k]
        for k in ("effort", "help", "spread")
    }
    npv = out["cumulative_discounted_profit"][..., -1]

    def diff(x):  # team minus individual: (team size, replication)
        return x[1::2] - x[0::2]

    return dict(
        team_sizes=np.array(team_sizes),
        npv_gain=diff(npv),
        help_gain=diff(team["help"]),
        spread_change=diff(team["spread"]),
        effort_change=diff(team["effort"]),
        spread_individual=team["spread"][0::2].mean(axis=1),
    )
