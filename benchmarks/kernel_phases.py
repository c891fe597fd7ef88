"""Where the compiled month's time goes: each phase timed inside the kernel with the CPU's cycle counter.

A copy of ``month.one_month``/``customers.serve_customers`` with a counter read between phases
(one scenario at a time, one thread), run over real months of a mixed-step batch, and the
time outside the kernel (building its inputs, ``close_books``) from the whole ``step``.
Not a timed test: run it by hand; shares are robust to load, nanoseconds are not.

    OMP_NUM_THREADS=1 PYTHONPATH=. python benchmarks/kernel_phases.py [--scenarios 300] [--months 24]
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numba
import numpy as np
from compiled_vs_numpy import batch_of  # type: ignore[import-not-found]
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

from sim import rules
from sim.core import backend
from sim.core.compiled import columns as K
from sim.core.compiled import step as compiled_step
from sim.core.compiled.customers import customers_come_and_go, employee_keys, encounters, sum_the_month
from sim.core.compiled.jit import values, with_whole_exponents
from sim.core.compiled.people import move_policy, organise, prepare_employees, review_employees, review_suppliers
from sim.core.state import init_state

PHASES = ("policy+organise+prepare", "serve set-up", "encounters", "sums", "review employees+suppliers", "arrivals")


@intrinsic
def cycles(typingctx):
    """The CPU's time-stamp counter (constant rate)."""

    def codegen(context, builder, signature, args):
        fn = cgutils.get_or_insert_function(
            builder.module, ir.FunctionType(ir.IntType(64), []), "llvm.readcyclecounter"
        )
        return builder.call(fn, [])

    return types.int64(), codegen


@numba.njit
def timed_month(
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
    ticks,
):
    for s in range(seeds.size):
        t0 = cycles()
        orientation, skill, engagement, start, performance, employed = employees
        reliability, commitment = suppliers
        e, row, w, seed = values(env[s]), out[s], work[s], seeds[s]
        customers = (cs[0][s], cs[1][s], cs[2][s], cs[3][s], cs[4][s], cs[5][s], cs[6][s], cs[7][s], cs[8][s], cs[9][s])
        row[K.CHANGE] = move_policy(levers[s], target[s], lever_range, e)
        p = values(pol[s])
        headcount, nf = organise(employed[s], p, w)
        size = rules.team_size(p)
        n_active = 0
        for c in range(customers[0].size):
            n_active += customers[0][c]
        row[K.N_ACTIVE], row[K.N_FRONTLINE] = n_active, nf
        over = prepare_employees(orientation[s], skill[s], engagement[s], employed[s], n_active, nf, size, p, e, w)
        t1 = cycles()
        C, P = customers[0].size, reliability[s].size
        supplier = np.empty(C)
        q = 0
        for c in range(C):
            supplier[c] = reliability[s][q]
            q = q + 1 if q + 1 < P else 0
        times, time_values = np.empty(3), np.empty(3)
        for seg in range(3):
            times[seg] = rules.service_time(np.int8(seg), over, p, e)
            time_values[seg] = rules.time_quality(times[seg], e)
        quality, events = np.empty(C), np.empty(C, np.int8)
        promoter, detractor = np.empty(C), np.empty(C)
        pace, cap, slot_of = rules.keep_pace(max(month, 0), p, e), w[1], w[6]
        keys = employee_keys(start[s], employed[s], w[7], nf)
        t2 = cycles()
        whole = with_whole_exponents(e)
        encounters(
            customers,
            start[s],
            keys,
            slot_of,
            supplier,
            fit[s, 0],
            nf,
            pace,
            p,
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
        t3 = cycles()
        sum_the_month(customers, quality, events, promoter, detractor, times, e, w, row)
        sat_total = row[K.SATISFACTION]
        t4 = cycles()
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
        fit[s, 0] = review_suppliers(reliability[s], commitment[s], fit[s, 0], p, e, seed, month)
        t5 = cycles()
        customers_come_and_go(customers, start[s], joined[s], n_active, nf, p, e, seed, month, clock, w, row)
        t6 = cycles()
        ticks[0] += t1 - t0
        ticks[1] += t2 - t1
        ticks[2] += t3 - t2
        ticks[3] += t4 - t3
        ticks[4] += t5 - t4
        ticks[5] += t6 - t5


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenarios", type=int, default=300)
    ap.add_argument("--slots", type=int, default=1000)
    ap.add_argument("--months", type=int, default=24)
    args = ap.parse_args()
    numba.set_num_threads(1)
    batch = batch_of(args.scenarios, args.slots)
    ticks = np.zeros(6, np.int64)
    kernel = compiled_step.month_kernel
    with backend.using("compiled"):
        state = init_state(batch)
        for month in range(-batch.warmup, 0):  # the same warm-up as a run, untimed
            compiled_step.step(state, batch, month)
        compiled_step.month_kernel = lambda *a: timed_month(*a, ticks)  # one thread, the counters read
        compiled_step.step(state, batch, 0)  # compile
        ticks[:] = 0
        t0, c0, k0 = time.perf_counter(), time.process_time(), cycles_now()
        for month in range(1, args.months + 1):
            compiled_step.step(state, batch, month)
        wall, cpu, k = time.perf_counter() - t0, time.process_time() - c0, cycles_now() - k0
        compiled_step.month_kernel = kernel
    per = args.scenarios * args.slots * args.months
    ns_per_tick = cpu * 1e9 / k  # time the process was descheduled spread evenly (shares robust, ns approximate)
    table = {name: round(float(t) * ns_per_tick / per, 2) for name, t in zip(PHASES, ticks)}
    table["outside the kernel"] = round((k - ticks.sum()) * ns_per_tick / per, 2)
    print(
        json.dumps(
            dict(
                load=os.getloadavg(),
                wall_s=round(wall, 2),
                cpu_s=round(cpu, 2),
                ns_per_slot_month=table,
                total_cpu=round(cpu * 1e9 / per, 2),
            ),
            indent=1,
        )
    )


@numba.njit
def _cycles_now():
    return cycles()


def cycles_now() -> int:
    return int(_cycles_now())


if __name__ == "__main__":
    main()
