"""The customer phases of one scenario's month, one customer at a time, in one pass each.

``serve_customers`` is sim/core/engine.py ``_serve_customers`` fused with what the later
phases need from it (sums per employee for the appraisal, the month's measures and counts). ``customers_come_and_go`` is ``_customers_come_and_go``
with ``_welcome``. Both call the same ``sim.rules`` formulas as the numpy engine.
"""

from __future__ import annotations

import numpy as np

from ... import rules
from ..rng import DECISIONS
from . import columns as K
from .draws import stream_key, uniform
from .jit import kernel, ndtri, whole_exponents, with_whole_exponents

SWITCH, ASSIGN, NOISE, PROBLEM, RECOVERY, CHURN, COMMUNITY = (
    DECISIONS[k]
    for k in ("customer_switch", "customer_assign", "quality_noise", "problem", "recovery", "churn", "community")
)
ACQUIRE, NEW_VALUE, NEW_EXPECTATION, NEW_ASSIGN = (
    DECISIONS[k] for k in ("acquire", "new_value", "new_expectation", "new_assign")
)


@kernel()
def serve_customers(cs, start, employed, reliability, fit, nf, over, pol, env, seed, month, clock, work, out):
    """Every active customer meets an employee, experiences the service, feels, bonds, spends, may churn.

    ``cs`` is the scenario's customer arrays (state.CUSTOMER order); employees' capability is in
    work[1]; the appraisal's sums go to work[2], work[3]; the month's sums and counts to ``out``
    (columns.py). Churners leave ``active`` here (what later phases see of them is summed). Empty
    slots keep their numbers: they are never read before an arrival overwrites them all.
    Returns the month's total satisfaction.

    Two passes: ``encounters`` has no branch, no call and no sum, so the compiler runs it on
    several customers at once (SIMD); ``sum_the_month`` adds up in slot order.
    """
    C, P = cs[0].size, reliability.size
    supplier = np.empty(C)  # reliability of each slot's supplier (slot modulo the suppliers)
    p = 0
    for c in range(C):
        supplier[c] = reliability[p]
        p = p + 1 if p + 1 < P else 0
    times, time_values = np.empty(3), np.empty(3)  # service time depends on the segment only
    for seg in range(3):
        times[seg] = rules.service_time(np.int8(seg), over, pol, env)
        time_values[seg] = rules.time_quality(times[seg], env)
    quality, events = np.empty(C), np.empty(C, np.int8)
    promoter, detractor = np.empty(C), np.empty(C)  # each customer's chance of answering 9-10, 0-6
    pace, cap, slot_of = rules.keep_pace(max(month, 0), pol, env), work[1], work[6]
    keys = employee_keys(start, employed, work[7], nf)
    if whole_exponents(env):  # as by default: powers are products (compiled for this case apart)
        whole = with_whole_exponents(env)  # type: ignore[call-arg, var-annotated]
        encounters(
            cs,
            start,
            keys,
            slot_of,
            supplier,
            fit,
            nf,
            pace,
            pol,
            whole,
            seed,
            month,
            clock,
            cap,
            time_values,
            quality,
            events,
            promoter,
            detractor,
        )
    else:
        encounters(
            cs,
            start,
            keys,
            slot_of,
            supplier,
            fit,
            nf,
            pace,
            pol,
            env,
            seed,
            month,
            clock,
            cap,
            time_values,
            quality,
            events,
            promoter,
            detractor,
        )
    sum_the_month(cs, quality, events, promoter, detractor, times, env, work, out)
    return out[K.SATISFACTION]


IS_SERVED, IS_LOST, IS_PROBLEM, IS_RECOVERED, IS_JOINING, IS_CHURNING = 1, 2, 4, 8, 16, 32  # bits of ``events``
NOBODY = -(2**62)  # a vacant employee slot's key: half of it is no start month


@kernel(inline="always")
def employee_keys(start, employed, rank, nf):
    """What the customers' loop needs of each employee slot in one number, so one gather instead of three:
    twice the start month, plus one if they serve customers (rank among the employed below ``nf``);
    ``NOBODY`` for a vacant slot."""
    keys = np.empty(start.size, np.int64)
    for j in range(start.size):
        keys[j] = rules.where(employed[j], 2 * start[j] + (rank[j] < nf), NOBODY)
    return keys


@kernel(noalias=True)
def encounters(
    cs,
    start,
    keys,
    slot_of,
    supplier,
    fit,
    nf,
    pace,
    pol,
    env,
    seed,
    month,
    clock,
    cap,
    time_values,
    quality,
    events,
    promoter,
    detractor,
):
    """Each active customer's encounter and what it does to them; empty slots keep their numbers.

    Every customer's quality goes to ``quality``, what happened to them to ``events`` (bits).
    """
    active, value, segment, expectation, satisfaction, loyalty, employee, employee_start, relationship, member = cs
    k_switch, k_assign, k_noise = (
        stream_key(seed, SWITCH, month),
        stream_key(seed, ASSIGN, month),
        stream_key(seed, NOISE, month),
    )
    k_problem, k_recovery = stream_key(seed, PROBLEM, month), stream_key(seed, RECOVERY, month)
    k_community, k_churn = stream_key(seed, COMMUNITY, month), stream_key(seed, CHURN, month)
    time_low, time_mid, time_high = time_values[0], time_values[1], time_values[2]
    for c in range(active.size):
        served = active[c]
        before = employee[c]
        key = keys[before]
        # their employee quit, was moved out or laid off (a vacant slot's key halves to no start month)
        left = (key >> 1) != employee_start[c]
        lost = served & left & rules.dedicated(relationship[c], env)
        keep = ~left & ((key & 1) == 1) & (uniform(k_switch, c) < pol.relationship_continuity)  # still frontline
        e = rules.where(keep, before, np.int64(slot_of[np.int64(rules.assigned_slot(uniform(k_assign, c), nf))]))
        bond = rules.where(keep, relationship[c] + 1.0, 0.0)
        seg = segment[c]  # selects, not a gather from time_values
        time_value = rules.where(seg == 0, time_low, rules.where(seg == 1, time_mid, time_high))
        q = rules.encounter_quality(cap[e], time_value, supplier[c], fit, uniform(k_noise, c), pol, env) + pace
        problem = uniform(k_problem, c) < rules.problem_probability(supplier[c], pol, env)
        recovered = problem & (uniform(k_recovery, c) < rules.recovery_probability(cap[e], pol, env))
        q = rules.after_problems(q, problem, recovered, env)
        felt = rules.satisfy(satisfaction[c], q, expectation[c], lost, env)
        joins = rules.community_next(member[c], uniform(k_community, c), pol, env)
        bound = rules.bind(loyalty[c], rules.loyalty_target(felt, bond, joins, env), env)
        churn = served & (uniform(k_churn, c) < rules.churn_probability(bound, env, clock))
        employee[c] = rules.where(served, e, before)
        employee_start[c] = rules.where(served, start[e], employee_start[c])
        relationship[c] = rules.where(served, bond, relationship[c])
        satisfaction[c] = rules.where(served, felt, satisfaction[c])
        expectation[c] = rules.where(served, rules.expect(expectation[c], q, clock, env), expectation[c])
        loyalty[c] = rules.where(served, bound, loyalty[c])
        member[c] = rules.where(served, joins & ~churn, member[c])  # churned customers leave the community
        active[c] = served & ~churn
        quality[c] = q
        promoter[c] = rules.where(served, rules.promoter_chance(felt, env), 0.0)
        detractor[c] = rules.where(served, rules.detractor_chance(felt, env), 0.0)
        events[c] = served * (
            IS_SERVED
            + IS_LOST * lost
            + IS_PROBLEM * problem
            + IS_RECOVERED * recovered
            + IS_JOINING * joins
            + IS_CHURNING * churn
        )


@kernel(inline="always")
def sum_the_month(cs, quality, events, promoter, detractor, times, env, work, out):
    """The month's sums over its customers, in slot order: per employee (appraisal), per segment, in all."""
    active, value, segment, expectation, satisfaction, loyalty, employee, employee_start, relationship, member = cs
    sat_sum, n_served = work[2], work[3]
    sat_sum[:] = 0.0
    n_served[:] = 0.0
    revenue = time_spent = sat_total = loyalty_total = expectation_total = quality_total = 0.0
    members = churned = problems = recovered = lost = 0
    promoters = detractors = 0.0  # expected numbers (rules.promoter_chance)
    n_low = n_mid = n_high = churned_low = churned_mid = churned_high = 0
    loyalty_low = loyalty_mid = loyalty_high = 0.0
    for c in range(active.size):  # no branch: an empty slot adds zeros (the same sums, without mispredictions)
        event = events[c]
        served = (event & IS_SERVED) > 0
        e, seg = employee[c], segment[c]
        low, high = served & (seg == 0), served & (seg == 2)
        mid = served & (seg == 1)
        churn = (event & IS_CHURNING) > 0
        sat = rules.where(served, satisfaction[c], 0.0)
        loyal = rules.where(served, loyalty[c], 0.0)
        revenue += rules.where(served, rules.spend(value[c], loyalty[c], env), 0.0)
        time_spent += rules.where(low, times[0], rules.where(mid, times[1], rules.where(high, times[2], 0.0)))
        sat_sum[e] += sat
        n_served[e] += served
        sat_total += sat
        loyalty_total += loyal
        expectation_total += rules.where(served, expectation[c], 0.0)
        quality_total += rules.where(served, quality[c], 0.0)
        n_low, n_mid, n_high = n_low + low, n_mid + mid, n_high + high
        loyalty_low += rules.where(low, loyal, 0.0)
        loyalty_mid += rules.where(mid, loyal, 0.0)
        loyalty_high += rules.where(high, loyal, 0.0)
        churned_low, churned_mid, churned_high = (
            churned_low + (low & churn),
            churned_mid + (mid & churn),
            churned_high + (high & churn),
        )
        members += (event & IS_JOINING) > 0
        churned += churn
        problems += (event & IS_PROBLEM) > 0
        recovered += (event & IS_RECOVERED) > 0
        lost += (event & IS_LOST) > 0
        promoters += promoter[c]
        detractors += detractor[c]
    out[K.SEGMENT_N], out[K.SEGMENT_N + 1], out[K.SEGMENT_N + 2] = n_low, n_mid, n_high
    out[K.SEGMENT_LOYALTY], out[K.SEGMENT_LOYALTY + 1], out[K.SEGMENT_LOYALTY + 2] = (
        loyalty_low,
        loyalty_mid,
        loyalty_high,
    )
    out[K.SEGMENT_CHURNED], out[K.SEGMENT_CHURNED + 1], out[K.SEGMENT_CHURNED + 2] = (
        churned_low,
        churned_mid,
        churned_high,
    )
    out[K.REVENUE], out[K.TIME], out[K.SATISFACTION], out[K.LOYALTY] = revenue, time_spent, sat_total, loyalty_total
    out[K.EXPECTATION], out[K.QUALITY], out[K.COMMUNITY] = expectation_total, quality_total, members
    out[K.CHURNED], out[K.PROBLEMS], out[K.RECOVERED], out[K.LOST] = churned, problems, recovered, lost
    out[K.PROMOTERS], out[K.DETRACTORS] = promoters, detractors


@kernel()
def customers_come_and_go(cs, start, joined, n_active, nf, pol, env, seed, month, clock, work, out):
    """Word of mouth and marketing bring new customers into free slots (churners left in serve_customers)."""
    active, value, segment, expectation, satisfaction, loyalty, employee, employee_start, relationship, member = cs
    C = active.size
    still = 0
    for c in range(C):
        still += active[c]
    expected = rules.acquisition_expected(n_active, out[K.PROMOTERS], out[K.DETRACTORS], C, pol, env, clock)
    chance = rules.acquisition_chance(expected, C - still)
    k_acquire, k_value = stream_key(seed, ACQUIRE, month), stream_key(seed, NEW_VALUE, month)
    k_expectation, k_assign = stream_key(seed, NEW_EXPECTATION, month), stream_key(seed, NEW_ASSIGN, month)
    new_loyalty = rules.loyalty_target(env.new_satisfaction, 0.0, False, env)
    arrives = np.empty(C, np.bool_)
    for c in range(C):  # no branch: the compiler draws for several slots at once
        arrives[c] = ~active[c] & (uniform(k_acquire, c) < chance)
    acquired = members = 0
    for c in range(C):
        if arrives[c]:
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
