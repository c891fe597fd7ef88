"""The heaviest phase alone (``serve_customers``): numpy engine vs the numba kernel, CPU time per slot-month.

The JAX prototype of the same phase is benchmarks/prototype_jax_serve.py (own venv). One thread:

    OMP_NUM_THREADS=1 NUMBA_NUM_THREADS=1 PYTHONPATH=. python benchmarks/prototype_serve.py
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
from numba import njit

from sim.core import backend, init_state, make_batch, simulate
from sim.core.compiled import step as compiled
from sim.core.compiled.customers import serve_customers
from sim.core.compiled.jit import values
from sim.core.engine import ArrayMonth
from sim.params import ENVIRONMENT, LEVERS, Environment, Sizes
from sim.steps import Schedule, step_policy


@njit
def serve_all(cs, start, reliability, fit, env, pol, seeds, month, work, out):
    for s in range(seeds.size):
        customers = (cs[0][s], cs[1][s], cs[2][s], cs[3][s], cs[4][s], cs[5][s], cs[6][s], cs[7][s], cs[8][s], cs[9][s])
        serve_customers(
            customers,
            start[s],
            reliability[s],
            fit[s, 0],
            10,
            0.1,
            values(pol[s]),
            values(env[s]),
            seeds[s],
            month,
            work[s],
            out[s],
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenarios", type=int, default=1000)
    ap.add_argument("--slots", type=int, default=1000)
    ap.add_argument("--months", type=int, default=6)
    args = ap.parse_args()
    S, C = args.scenarios, args.slots
    batch = make_batch(
        [Environment()] * S,
        [Schedule.constant(step_policy(i % 5 + 1)) for i in range(S)],
        list(range(S)),
        Sizes(max(8, C // 20), C, 10),
        months=args.months + 1,
        warmup=12,
    )
    with backend.using("compiled"):
        simulate(make_batch([Environment()], [Schedule.constant(step_policy(1))], [1], Sizes(8, 50, 2), 1, 0))
    state = init_state(batch)
    result = {}
    # numpy: the phase as the engine runs it, after the phases before it
    cpu = 0.0
    for m in range(args.months):
        month = ArrayMonth(state, batch, m)
        for name in ("move_policy", "organise", "prepare_employees"):
            getattr(month, name)()
        t = time.process_time()
        month.serve_customers()
        cpu += time.process_time() - t
    result["numpy_ns"] = cpu / (S * C * args.months) * 1e9
    # numba: the kernel's phase on the same state (compile excluded)
    cs = compiled._arrays(state, compiled.CUSTOMERS)
    levers = np.ascontiguousarray(np.column_stack([getattr(state.policy, k)[:, 0] for k in LEVERS]))
    env = compiled._rows([batch.env[k] for k in ENVIRONMENT], compiled._ENVIRONMENT)
    work = np.full((S, compiled.WORK_ROWS, batch.sizes.n_employees), 0.5)
    args_ = (cs, state.start, state.reliability, state.fit, env, levers.view(compiled._POLICY)[:, 0], batch.seeds)
    t = time.perf_counter()
    serve_all(*args_, 0, work, np.zeros((S, 31)))
    result["numba_first_call_s"] = time.perf_counter() - t
    cpu = 0.0
    for m in range(args.months):
        t = time.process_time()
        serve_all(*args_, m + 1, work, np.zeros((S, 31)))
        cpu += time.process_time() - t
    result["numba_ns"] = cpu / (S * C * args.months) * 1e9
    result.update(scenarios=S, slots=C, months=args.months, note="CPU time per customer slot-month, one thread")
    print(json.dumps({k: round(v, 2) if isinstance(v, float) else v for k, v in result.items()}))


if __name__ == "__main__":
    main()
