"""The employee and supplier phases of one scenario's month, one agent at a time.

Each function is the phase of the same name in sim/core/engine.py for one scenario (its row
of every state array), calling the same ``sim.rules`` formulas; sums run in slot order, as
numpy's ``bincount`` does, so team means have the same bits.
"""

from __future__ import annotations

import numpy as np

from ... import rules
from ..rng import DECISIONS
from .draws import stream_key, uniform
from .jit import kernel, ndtri

MEASURE, QUIT, MEASURE_ORIENTATION, MISFIT, HIRE_ORIENTATION, HIRE_SKILL, SUPPLIER_REPLACE, SUPPLIER_COMMITMENT = (
    DECISIONS[k]
    for k in (
        "measure",
        "quit",
        "measure_orientation",
        "misfit",
        "hire_orientation",
        "hire_skill",
        "supplier_replace",
        "supplier_commitment",
    )
)


@kernel()
def move_policy(levers, target, lever_range, env):
    """Effective levers approach the target (in place); returns the total normalised lever change."""
    change = 0.0
    for k in range(levers.size):
        old = levers[k]
        levers[k] = rules.adopt(old, target[k], env)
        change += np.abs(levers[k] - old) / lever_range[k]
    return change


@kernel()
def team_mean(x, size, out):
    """Each employee's team mean of x (teams are runs of ``size`` consecutive slots)."""
    E = x.size
    for first in range(0, E, size):
        last = min(first + size, E)
        total = 0.0
        for j in range(first, last):
            total += x[j]
        mean = total / max(last - first, 1.0)
        for j in range(first, last):
            out[j] = mean


@kernel()
def prepare_employees(orientation, skill, engagement, n_active, nf, size, pol, env, work):
    """Learning and socialization, then what each employee brings to an encounter (in work[1]); returns overload."""
    E = orientation.size
    pull, cap = work[0], work[1]
    for j in range(E):
        skill[j] = rules.learn(skill[j], pol, env)
    team_mean(orientation, size, pull)
    for j in range(E):
        orientation[j] = rules.socialize(orientation[j], pull[j], pol, env)
    over = rules.overload(n_active / nf, env)
    incentive = rules.incentive(pol, env, size)
    for j in range(E):
        cap[j] = rules.capability(skill[j], orientation[j], rules.aimed_effort(engagement[j], incentive, pol, env), env)
    team_mean(cap, size, pull)
    for j in range(E):
        cap[j] = rules.helped(cap[j], pull[j], pol, env)
    return over


@kernel()
def review_employees(
    orientation,
    skill,
    engagement,
    start,
    performance,
    n_active,
    nf,
    size,
    over,
    org_sat_sum,
    pol,
    env,
    seed,
    month,
    work,
):
    """Appraisal from the month's customers (sums in work[2], work[3]), engagement, quits, removals, hires.

    Returns (quits, removed).
    """
    E = orientation.size
    sat_sum, n_served, team_perf, seen = work[2], work[3], work[4], work[5]
    org_sat = org_sat_sum / max(n_active, 1)
    for first in range(0, E, size):
        last = min(first + size, E)
        team_sat, team_served = 0.0, 0.0
        for j in range(first, last):
            team_sat += sat_sum[j]
            team_served += n_served[j]
        mean = team_sat / max(team_served, 1.0) if team_served > 0 else org_sat
        for j in range(first, last):
            team_perf[j] = mean
    k_measure, k_quit = stream_key(seed, MEASURE, month), stream_key(seed, QUIT, month)
    k_seen, k_misfit = stream_key(seed, MEASURE_ORIENTATION, month), stream_key(seed, MISFIT, month)
    k_hire_o, k_hire_s = stream_key(seed, HIRE_ORIENTATION, month), stream_key(seed, HIRE_SKILL, month)
    seen_total = 0.0
    for j in range(E):
        own = sat_sum[j] / max(n_served[j], 1.0) if n_served[j] > 0 else org_sat
        performance[j] = rules.appraisal(rules.measured(own, uniform(k_measure, j), pol, env), team_perf[j], pol)
        over_e = over if j < nf else 0.0
        engagement[j] = rules.engage(engagement[j], rules.engagement_target(performance[j], over_e, pol, env), env)
        seen[j] = rules.measured(orientation[j], uniform(k_seen, j), pol, env)
        seen_total += seen[j] * (j < nf)
    seen_mean = seen_total / nf
    spread = 0.0
    for j in range(E):
        spread += (seen[j] - seen_mean) ** 2 * (j < nf)
    seen_sd = np.sqrt(spread / nf)
    quits, removed = 0, 0
    for j in range(E):
        over_e = over if j < nf else 0.0
        quit = uniform(k_quit, j) < rules.quit_probability(engagement[j], skill[j], over_e, env)
        flagged = rules.misfit_probability(seen[j], seen_mean, seen_sd, pol, env)
        remove = j < nf and not quit and uniform(k_misfit, j) < flagged
        quits += quit
        removed += remove
        if quit or remove:
            orientation[j] = rules.hire_orientation(ndtri(uniform(k_hire_o, j)), pol, env)
            skill[j] = rules.hire_skill(uniform(k_hire_s, j), env)
            engagement[j] = env.hire_engagement
            start[j] = month
            performance[j] = np.nan  # a new hire has not been appraised yet
    return quits, removed


@kernel()
def review_suppliers(reliability, commitment, fit, pol, env, seed, month):
    """Reliability follows collaboration; selection may replace the least committed supplier; returns the new fit."""
    worst = 0
    for p in range(reliability.size):
        reliability[p] = rules.supplier_reliability(reliability[p], commitment[p], pol, env)
        if commitment[p] < commitment[worst]:
            worst = p
    if uniform(stream_key(seed, SUPPLIER_REPLACE, month), 0) < rules.supplier_replacement_probability(pol, env):
        commitment[worst] = rules.new_supplier_commitment(
            uniform(stream_key(seed, SUPPLIER_COMMITMENT, month), 0), pol, env
        )
        reliability[worst] = env.supplier_reliability
    return rules.offer_fit(fit, pol, env)
