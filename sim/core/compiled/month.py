"""One month of every scenario of a batch: the phases of sim/core/phases.py, fused per scenario.

``one_month`` calls the phase functions of people.py and customers.py in ``PHASES`` order
(tests/test_phases.py reads its source to check); ``month`` runs it for every scenario in
parallel (``prange``), so one scenario's arrays stay in cache through its whole month.
``measure_customers`` and ``close_books`` are sums taken inside ``serve_customers`` and
``customers_come_and_go``, turned into metrics by numpy (sim/core/compiled/step.py).
"""

from __future__ import annotations

from numba import prange

from ... import rules
from . import columns as K
from .customers import customers_come_and_go, serve_customers
from .jit import kernel, values
from .people import move_policy, organise, prepare_employees, review_employees, review_suppliers


@kernel()
def one_month(
    s,
    month,
    clock,
    seeds,
    env,
    levers,
    pol,
    target,
    lever_range,
    employees,
    cs,
    suppliers,
    fit,
    joined,
    pipeline,
    sizes,
    work,
    out,
):
    """Scenario ``s``'s month, phase by phase; its sums and counts go to ``out[s]``."""
    orientation, skill, engagement, start, performance, employed = employees
    reliability, commitment = suppliers
    e, row, w, seed = values(env[s]), out[s], work[s], seeds[s]  # type: ignore[call-arg, var-annotated]
    customers = (cs[0][s], cs[1][s], cs[2][s], cs[3][s], cs[4][s], cs[5][s], cs[6][s], cs[7][s], cs[8][s], cs[9][s])
    # move_policy
    row[K.CHANGE] = move_policy(levers[s], target[s], lever_range, e)
    # organise
    p = values(pol[s])
    headcount, nf = organise(employed[s], p, w)
    size = rules.team_size(p)
    n_active = 0
    for c in range(customers[0].size):
        n_active += customers[0][c]
    row[K.N_ACTIVE], row[K.N_FRONTLINE] = n_active, nf
    # prepare_employees
    over = prepare_employees(orientation[s], skill[s], engagement[s], employed[s], n_active, nf, size, p, e, w)
    # serve_customers
    sat_total = serve_customers(
        customers, start[s], employed[s], reliability[s], fit[s, 0], nf, over, p, e, seed, month, clock, w, row
    )
    # review_employees
    staffing = (headcount, sizes[0], sizes[1])
    row[K.QUITS], row[K.REMOVED], row[K.HIRED], row[K.LAID_OFF] = review_employees(
        orientation[s],
        skill[s],
        engagement[s],
        start[s],
        performance[s],
        employed[s],
        pipeline[s],
        staffing,
        n_active,
        nf,
        size,
        over,
        sat_total,
        p,
        e,
        seed,
        month,
        w,
    )
    # review_suppliers
    fit[s, 0] = review_suppliers(reliability[s], commitment[s], fit[s, 0], p, e, seed, month)
    # measure_customers: summed in serve_customers
    # customers_come_and_go
    customers_come_and_go(customers, start[s], joined[s], n_active, nf, p, e, seed, month, clock, w, row)
    # close_books: from the row, in numpy


@kernel(parallel=True)
def month(
    month,
    clock,
    seeds,
    env,
    levers,
    pol,
    target,
    lever_range,
    employees,
    cs,
    suppliers,
    fit,
    joined,
    pipeline,
    sizes,
    work,
    out,
):
    """Every scenario's month, scenarios in parallel (``sizes``: base and largest headcount; ``clock``: the
    month the warm-up's paced rules are given, ``rules.pacing_month``)."""
    for s in prange(seeds.size):
        one_month(
            s,
            month,
            clock,
            seeds,
            env,
            levers,
            pol,
            target,
            lever_range,
            employees,
            cs,
            suppliers,
            fit,
            joined,
            pipeline,
            sizes,
            work,
            out,
        )
