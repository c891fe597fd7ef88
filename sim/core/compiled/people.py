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
def team_end(employed, first, size):
    """The slot after the team that starts at ``first``: ``size`` employees on (vacant slots skipped)."""
    n, last = 0, first
    while last < employed.size and n < size:
        n += employed[last]
        last += 1
    return last, n


@kernel()
def team_mean(x, employed, size, out):
    """Each employee's team mean of x (teams are runs of ``size`` consecutive employees)."""
    first = 0
    while first < x.size:
        last, n = team_end(employed, first, size)
        total = 0.0
        for j in range(first, last):
            if employed[j]:
                total += x[j]
        mean = total / max(n, 1.0)
        for j in range(first, last):
            if employed[j]:
                out[j] = mean
        first = last


@kernel()
def organise(employed, pol, work):
    """Headcount, frontline count and each employee's rank (work[7]); the slot of each rank in work[6]."""
    rank_of, slot_of = work[7], work[6]
    headcount = 0
    for j in range(employed.size):
        if employed[j]:
            slot_of[headcount] = j
            rank_of[j] = headcount
            headcount += 1
    return headcount, rules.frontline_count(pol, headcount)


@kernel()
def prepare_employees(orientation, skill, engagement, employed, n_active, nf, size, pol, env, work):
    """Learning and socialization, then what each employee brings to an encounter (in work[1]); returns overload.

    A vacant slot keeps its numbers."""
    E = orientation.size
    pull, cap = work[0], work[1]
    for j in range(E):
        if employed[j]:
            skill[j] = rules.learn(skill[j], pol, env)
    team_mean(orientation, employed, size, pull)
    for j in range(E):
        if employed[j]:
            orientation[j] = rules.socialize(orientation[j], pull[j], pol, env)
    over = rules.overload(n_active / nf, env)
    incentive = rules.incentive(pol, env, size)
    for j in range(E):
        cap[j] = rules.capability(skill[j], orientation[j], rules.aimed_effort(engagement[j], incentive, pol, env), env)
    team_mean(cap, employed, size, pull)
    for j in range(E):
        if employed[j]:
            cap[j] = rules.helped(cap[j], pull[j], pol, env)
    return over


@kernel()
def review_employees(
    orientation,
    skill,
    engagement,
    start,
    performance,
    employed,
    pipeline,
    staffing,
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
    """Appraisal from the month's customers (sums in work[2], work[3]), engagement, quits, removals; then
    the staffing policy's hires and layoffs (``staffing``: headcount, base headcount, largest headcount).

    Returns (quits, removed, hired, laid off).
    """
    E = orientation.size
    sat_sum, n_served, team_perf, seen, rank = work[2], work[3], work[4], work[5], work[7]
    org_sat = org_sat_sum / max(n_active, 1)
    first = 0
    while first < E:
        last, n = team_end(employed, first, size)
        team_sat, team_served = 0.0, 0.0
        for j in range(first, last):
            if employed[j]:
                team_sat += sat_sum[j]
                team_served += n_served[j]
        mean = team_sat / max(team_served, 1.0) if team_served > 0 else org_sat
        for j in range(first, last):
            team_perf[j] = mean
        first = last
    k_measure, k_quit = stream_key(seed, MEASURE, month), stream_key(seed, QUIT, month)
    k_seen, k_misfit = stream_key(seed, MEASURE_ORIENTATION, month), stream_key(seed, MISFIT, month)
    k_hire_o, k_hire_s = stream_key(seed, HIRE_ORIENTATION, month), stream_key(seed, HIRE_SKILL, month)
    seen_total = 0.0
    for j in range(E):
        frontline = employed[j] and rank[j] < nf
        seen[j] = rules.measured(orientation[j], uniform(k_seen, j), pol, env)
        seen_total += seen[j] * frontline
        if not employed[j]:
            continue  # a vacant slot keeps its numbers
        own = sat_sum[j] / max(n_served[j], 1.0) if n_served[j] > 0 else org_sat
        performance[j] = rules.appraisal(rules.measured(own, uniform(k_measure, j), pol, env), team_perf[j], pol)
        over_e = over if frontline else 0.0
        engagement[j] = rules.engage(engagement[j], rules.engagement_target(performance[j], over_e, pol, env), env)
    seen_mean = seen_total / nf
    spread = 0.0
    for j in range(E):
        spread += (seen[j] - seen_mean) ** 2 * (employed[j] and rank[j] < nf)
    seen_sd = np.sqrt(spread / nf)
    quits, removed = 0, 0
    for j in range(E):
        if not employed[j]:
            continue
        frontline = rank[j] < nf
        over_e = over if frontline else 0.0
        quit = uniform(k_quit, j) < rules.quit_probability(engagement[j], skill[j], over_e, env)
        flagged = rules.misfit_probability(seen[j], skill[j], seen_mean, seen_sd, pol, env)
        remove = frontline and not quit and uniform(k_misfit, j) < flagged
        quits += quit
        removed += remove
        if quit or remove:
            employed[j] = False
    hires, laid_off = staff(employed, engagement, pipeline, staffing, quits + removed, n_active, pol, env)
    hired = 0
    for j in range(E):  # the lowest vacant slots get the hires
        if hired == hires:
            break
        if not employed[j]:
            employed[j] = True
            hired += 1
            orientation[j] = rules.hire_orientation(ndtri(uniform(k_hire_o, j)), pol, env)
            skill[j] = rules.hire_skill(uniform(k_hire_s, j), env)
            engagement[j] = env.hire_engagement
            start[j] = month
            performance[j] = np.nan  # a new hire has not been appraised yet
    laid_off = lay_off(employed, engagement, start, laid_off, staffing[0] - quits - removed + hired, month, env)
    return quits, removed, hired, laid_off


@kernel()
def staff(employed, engagement, pipeline, staffing, leavers, n_active, pol, env):
    """The staffing policy after the month's leavers: hires now (replacements, arrivals from the pipeline,
    positions filled at once) and layoffs; positions opened for later join the pipeline."""
    before, n_base, most = staffing[0], staffing[1], staffing[2]
    arrivals = pipeline[0]
    pending = 0
    for k in range(pipeline.size - 1):
        pipeline[k] = pipeline[k + 1]
        pending += pipeline[k]
    pipeline[pipeline.size - 1] = 0
    target = rules.staffing_target(n_active, n_base, most, pol, env)
    replaced = rules.replacements(leavers, before, arrivals, target)
    opened = rules.requisitions(before - leavers + replaced + arrivals, pending, target)
    lead = np.int64(env.hiring_lead_time)
    hires = replaced + arrivals
    if lead > 0:
        pipeline[lead - 1] += opened
    else:
        hires += opened
    hires = min(hires, employed.size - (before - leavers))
    return hires, rules.layoff_count(before - leavers + hires, target, pol, env)


@kernel()
def lay_off(employed, engagement, start, to_lay_off, headcount, month, env):
    """The highest employed slots (not this month's hires) are laid off; the survivors' engagement drops.

    Returns how many were laid off."""
    n = 0
    for j in range(employed.size - 1, -1, -1):
        if n >= to_lay_off:
            break
        if employed[j] and start[j] != month:
            employed[j] = False
            n += 1
    if n > 0:
        for j in range(employed.size):
            if employed[j]:
                engagement[j] = rules.survivor_engagement(engagement[j], n / max(headcount, 1), env)
    return n


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
