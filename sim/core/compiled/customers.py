"""The customer phases of one scenario's month, one customer at a time, in one pass each.

``serve_customers`` is sim/core/engine.py ``_serve_customers`` fused with what the later
phases need from it (sums per employee for the appraisal, the month's measures and counts),
so no per-customer temporary is stored. ``customers_come_and_go`` is ``_customers_come_and_go``
with ``_welcome``. Both call the same ``sim.rules`` formulas as the numpy engine.
"""

from __future__ import annotations

import numpy as np

from ... import rules
from ..rng import DECISIONS
from . import columns as K
from .draws import stream_key, uniform
from .jit import kernel, ndtri

SWITCH, ASSIGN, NOISE, PROBLEM, RECOVERY, CHURN, COMMUNITY = (
    DECISIONS[k]
    for k in ("customer_switch", "customer_assign", "quality_noise", "problem", "recovery", "churn", "community")
)
ACQUIRE, NEW_VALUE, NEW_EXPECTATION, NEW_ASSIGN = (
    DECISIONS[k] for k in ("acquire", "new_value", "new_expectation", "new_assign")
)


@kernel()
def serve_customers(cs, start, employed, reliability, fit, nf, over, pol, env, seed, month, work, out):
    """Every active customer meets an employee, experiences the service, feels, bonds, spends, may churn.

    ``cs`` is the scenario's customer arrays (state.CUSTOMER order); employees' capability is in
    work[1]; the appraisal's sums go to work[2], work[3]; the month's sums and counts to ``out``
    (columns.py). Churners leave ``active`` here (what later phases see of them is summed). Empty
    slots are skipped: their numbers are never read before an arrival overwrites them all.
    """
    active, value, segment, expectation, satisfaction, loyalty, employee, employee_start, relationship, member = cs
    cap, sat_sum, n_served, slot_of, rank = work[1], work[2], work[3], work[6], work[7]
    sat_sum[:] = 0.0
    n_served[:] = 0.0
    P = reliability.size
    k_switch, k_assign, k_noise = (
        stream_key(seed, SWITCH, month),
        stream_key(seed, ASSIGN, month),
        stream_key(seed, NOISE, month),
    )
    k_problem, k_recovery = stream_key(seed, PROBLEM, month), stream_key(seed, RECOVERY, month)
    k_community, k_churn = stream_key(seed, COMMUNITY, month), stream_key(seed, CHURN, month)
    pace = rules.keep_pace(max(month, 0), pol, env)
    revenue = time_spent = sat_total = loyalty_total = expectation_total = quality_total = members = 0.0
    churned = problems = recovered_n = lost_n = 0
    promoters = detractors = 0.0  # expected numbers (rules.promoter_chance)
    segments = np.zeros((3, 3))  # per segment: customers, their loyalty, churners
    for c in range(active.size):
        if not active[c]:
            continue  # an empty slot is not served (numpy computes it, unused, and overwrites it on arrival)
        # their employee quit, was moved out or laid off
        left = (start[employee[c]] != employee_start[c]) | (not employed[employee[c]])
        lost = left & rules.dedicated(relationship[c], env)
        keep = ~left & (rank[employee[c]] < nf) & (uniform(k_switch, c) < pol.relationship_continuity)
        e = employee[c] if keep else np.int64(slot_of[np.int64(rules.assigned_slot(uniform(k_assign, c), nf))])
        employee[c] = e
        employee_start[c] = start[e]
        relationship[c] = relationship[c] + 1.0 if keep else 0.0
        reliability_c = reliability[c % P]
        time = rules.service_time(segment[c], over, pol, env)
        quality = rules.encounter_quality(cap[e], time, reliability_c, fit, uniform(k_noise, c), pol, env) + pace
        problem = uniform(k_problem, c) < rules.problem_probability(reliability_c, pol, env)
        recovered = problem & (uniform(k_recovery, c) < rules.recovery_probability(cap[e], pol, env))
        quality = rules.after_problems(quality, problem, recovered, env)
        satisfaction[c] = rules.satisfy(satisfaction[c], quality, expectation[c], lost, env)
        expectation[c] = rules.expect(expectation[c], quality, month, env)
        joins = rules.community_next(member[c], uniform(k_community, c), pol, env)
        loyalty[c] = rules.bind(loyalty[c], rules.loyalty_target(satisfaction[c], relationship[c], joins, env), env)
        churn = uniform(k_churn, c) < rules.churn_probability(loyalty[c], env, month)
        revenue += rules.spend(value[c], loyalty[c], env)
        time_spent += time
        sat_sum[e] += satisfaction[c]
        n_served[e] += 1.0
        sat_total += satisfaction[c]
        loyalty_total += loyalty[c]
        expectation_total += expectation[c]
        quality_total += quality
        members += joins
        seg = segment[c]
        segments[0, seg] += 1.0
        segments[1, seg] += loyalty[c]
        segments[2, seg] += churn
        churned += churn
        problems += problem
        recovered_n += recovered
        lost_n += lost
        promoters += rules.promoter_chance(satisfaction[c], env)
        detractors += rules.detractor_chance(satisfaction[c], env)
        active[c] = ~churn
        member[c] = joins & ~churn  # churned customers leave the community
    for seg in range(3):
        out[K.SEGMENT_N + seg], out[K.SEGMENT_LOYALTY + seg], out[K.SEGMENT_CHURNED + seg] = segments[:, seg]
    out[K.REVENUE], out[K.TIME], out[K.SATISFACTION], out[K.LOYALTY] = revenue, time_spent, sat_total, loyalty_total
    out[K.EXPECTATION], out[K.QUALITY], out[K.COMMUNITY] = expectation_total, quality_total, members
    out[K.CHURNED], out[K.PROBLEMS], out[K.RECOVERED], out[K.LOST] = churned, problems, recovered_n, lost_n
    out[K.PROMOTERS], out[K.DETRACTORS] = promoters, detractors
    return sat_total


@kernel()
def customers_come_and_go(cs, start, joined, n_active, nf, pol, env, seed, month, work, out):
    """Word of mouth and marketing bring new customers into free slots (churners left in serve_customers)."""
    active, value, segment, expectation, satisfaction, loyalty, employee, employee_start, relationship, member = cs
    C = active.size
    still = 0
    for c in range(C):
        still += active[c]
    expected = rules.acquisition_expected(n_active, out[K.PROMOTERS], out[K.DETRACTORS], C, pol, env, month)
    chance = rules.acquisition_chance(expected, C - still)
    k_acquire, k_value = stream_key(seed, ACQUIRE, month), stream_key(seed, NEW_VALUE, month)
    k_expectation, k_assign = stream_key(seed, NEW_EXPECTATION, month), stream_key(seed, NEW_ASSIGN, month)
    new_loyalty = rules.loyalty_target(env.new_satisfaction, 0.0, False, env)
    acquired = members = 0
    for c in range(C):
        if not active[c] and uniform(k_acquire, c) < chance:
            acquired += 1
            value[c] = rules.customer_value(ndtri(uniform(k_value, c)), env)
            segment[c] = rules.segment_of(value[c], env)
            expectation[c] = rules.arrival_expectation(uniform(k_expectation, c), max(month, 0), env)
            satisfaction[c] = env.new_satisfaction
            loyalty[c] = new_loyalty
            relationship[c] = 0.0
            employee[c] = np.int64(work[6][np.int64(rules.assigned_slot(uniform(k_assign, c), nf))])
            employee_start[c] = start[employee[c]]  # others keep theirs: a leaver is noticed next month
            joined[c] = month
            active[c] = True
            member[c] = False
        members += member[c]
    out[K.ACQUIRED], out[K.ACTIVE_END], out[K.MEMBERS_END] = acquired, still + acquired, members
