"""Prototype (issue 18): the customers' encounter and churn (``serve_customers``) in JAX, to compare with numba.

Standalone on purpose (runs in a venv with only jax): the formulas of sim/rules.py used by
``serve_customers`` are restated here with ``jnp`` at the default parameters (rules.py calls
``np.`` functions, which a JAX trace cannot take), and the SplitMix64 streams of
sim/core/rng.py in uint64 (x64 mode). Not used by the package; see docs/performance.md.

    XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1" \
        python benchmarks/prototype_jax_serve.py --scenarios 1000 --slots 1000
"""

from __future__ import annotations

import argparse
import json
import time

import jax
import jax.numpy as jnp
import numpy as np

jax.config.update("jax_enable_x64", True)
M1, M2, GOLDEN = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB), np.uint64(0x9E3779B97F4A7C15)
SQRT12 = 12.0**0.5
ENV = dict(
    employee_effect=0.45,
    time_effect=0.25,
    supplier_effect=0.15,
    fit_effect=0.10,
    hassle_effect=0.05,
    quality_noise=0.1,
    problem_rate=0.05,
    problem_penalty=0.3,
    recovery_bonus=0.1,
    satisfaction_slope=8.0,
    satisfaction_speed=0.3,
    lost_employee_drop=0.1,
    experience_weight=0.6,
    expectation_speed=0.05,
    market_standard=0.6,
    relationship_bond=0.2,
    community_bond=0.2,
    loyalty_convexity=3.0,
    loyalty_speed=0.2,
    churn_floor=0.005,
    churn_ceiling=0.08,
    churn_exponent=3.0,
    competitor_pull=0.2,
    cross_sell=0.5,
)


def mix(x):
    x = x ^ (x >> 30)
    x = x * M1
    x = x ^ (x >> 27)
    x = x * M2
    return x ^ (x >> 31)


def draws(seeds, decision, month, n):
    k = mix(seeds * GOLDEN + jnp.uint64(decision + 1))
    k = mix(k ^ (jnp.uint64((month + 2) & 0xFFFFFFFF) * M2))
    x = mix(k[:, None] + jnp.arange(1, n + 1, dtype=jnp.uint64)[None, :] * GOLDEN) >> 11
    return x * 2.0**-53 + 2.0**-54


@jax.jit
def serve(st, cap, start, reliability, nf, over, pol, seeds, month):
    """One month's encounters of every customer slot of every scenario: (S, C) arrays in, out."""
    e = ENV
    S, C = st["employee"].shape
    rows = jnp.arange(S)[:, None]
    left = start[rows, st["employee"]] != st["employee_start"]
    lost = st["active"] & left & (st["relationship"] >= 3)
    keep = ~left & (st["employee"] < nf) & (draws(seeds, 8, month, C) < pol["relationship_continuity"])
    employee = jnp.where(keep, st["employee"], jnp.floor(draws(seeds, 9, month, C) * nf).astype(jnp.int64))
    relationship = jnp.where(keep, st["relationship"] + 1.0, 0.0)
    cap_c = cap[rows, employee]
    rel_c = reliability[:, jnp.arange(C) % reliability.shape[1]]
    target = 1.0 + pol["segment_targeting"] * (0.6 * (st["segment"] == 2) - 0.5 * (st["segment"] == 0))
    t = (0.3 + pol["service_spend"]) * (1.0 - 0.4 * pol["cost_focus"]) * target / jnp.sqrt(1.0 + over)
    noise = e["quality_noise"] * (1.0 - 0.5 * pol["values_clarity"]) * (draws(seeds, 10, month, C) - 0.5) * SQRT12
    quality = (
        e["employee_effect"] * cap_c
        + e["time_effect"] * (1.0 - jnp.exp(-2.5 * t))
        + e["supplier_effect"] * rel_c
        + e["fit_effect"] * 0.5
        - e["hassle_effect"] * pol["cost_focus"]
        + noise
    )
    problem = draws(seeds, 11, month, C) < jnp.clip(e["problem_rate"] * (2.0 - rel_c), 0.0, 1.0)
    recovered = problem & (
        draws(seeds, 12, month, C) < (0.2 + 0.8 * pol["voice_of_customer"]) * (0.1 + 0.8 * pol["empowerment"] * cap_c)
    )
    quality = quality - e["problem_penalty"] * (problem & ~recovered) + e["recovery_bonus"] * recovered
    aim = 1.0 / (1.0 + jnp.exp(-e["satisfaction_slope"] * (quality - st["expectation"])))
    satisfaction = jnp.clip(
        st["satisfaction"] + e["satisfaction_speed"] * (aim - st["satisfaction"]) - e["lost_employee_drop"] * lost,
        0.0,
        1.0,
    )
    anchor = e["experience_weight"] * quality + (1.0 - e["experience_weight"]) * e["market_standard"]
    expectation = st["expectation"] + e["expectation_speed"] * (anchor - st["expectation"])
    u = draws(seeds, 14, month, C)
    member = (
        jnp.where(
            st["member"], u >= 0.03 + 0.10 * (1.0 - pol["community_programs"]), u < 0.08 * pol["community_programs"]
        )
        & st["active"]
    )
    bond = jnp.minimum(
        e["relationship_bond"] * jnp.minimum(relationship / 12.0, 1.0) + e["community_bond"] * member, 0.9
    )
    loyalty = st["loyalty"] + e["loyalty_speed"] * (
        satisfaction ** e["loyalty_convexity"] * (1.0 - bond) + bond - st["loyalty"]
    )
    hazard = jnp.clip(
        e["churn_floor"]
        + (e["churn_ceiling"] - e["churn_floor"])
        * (1.0 - loyalty) ** e["churn_exponent"]
        * (1.0 + e["competitor_pull"]),
        0.0,
        1.0,
    )
    churn = st["active"] & (draws(seeds, 13, month, C) < hazard)
    revenue = jnp.where(st["active"], st["value"] * (1.0 + e["cross_sell"] * loyalty), 0.0).sum(axis=1)
    flat = (employee + rows * cap.shape[1]).ravel()
    sat_sum = jax.ops.segment_sum((satisfaction * st["active"]).ravel(), flat, num_segments=cap.size)
    return (
        dict(
            employee=employee,
            relationship=relationship,
            satisfaction=satisfaction,
            expectation=expectation,
            member=member,
            loyalty=loyalty,
            active=st["active"] & ~churn,
        ),
        revenue,
        sat_sum,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenarios", type=int, default=1000)
    ap.add_argument("--slots", type=int, default=1000)
    ap.add_argument("--months", type=int, default=12)
    args = ap.parse_args()
    S, C, E = args.scenarios, args.slots, max(8, args.slots // 20)
    rng = np.random.default_rng(1)
    st = dict(
        employee=rng.integers(0, E, (S, C)),
        employee_start=np.zeros((S, C), np.int64),
        relationship=rng.integers(0, 12, (S, C)).astype(float),
        segment=rng.integers(0, 3, (S, C)).astype(np.int8),
        expectation=rng.random((S, C)) * 0.2 + 0.5,
        satisfaction=rng.random((S, C)),
        member=rng.random((S, C)) < 0.1,
        loyalty=rng.random((S, C)),
        active=rng.random((S, C)) < 0.7,
        value=rng.random((S, C)) * 100,
    )
    st = {k: jnp.asarray(v) for k, v in st.items()}
    cap, start = jnp.asarray(rng.random((S, E))), jnp.zeros((S, E), jnp.int64)
    reliability, nf, over = jnp.asarray(rng.random((S, 10))), jnp.full((S, 1), E // 2), jnp.zeros((S, 1))
    pol = {
        k: jnp.full((S, 1), 0.5)
        for k in (
            "relationship_continuity",
            "segment_targeting",
            "service_spend",
            "cost_focus",
            "values_clarity",
            "voice_of_customer",
            "empowerment",
            "community_programs",
        )
    }
    seeds = jnp.arange(S, dtype=jnp.uint64)
    t0, c0 = time.perf_counter(), time.process_time()
    out = serve(st, cap, start, reliability, nf, over, pol, seeds, 0)
    jax.block_until_ready(out)
    compile_s = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    for m in range(1, args.months + 1):
        new, revenue, sat_sum = serve(st, cap, start, reliability, nf, over, pol, seeds, m)
        st = dict(st, **new)
    jax.block_until_ready(st)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    n = S * C * args.months
    print(
        json.dumps(
            dict(
                jax=jax.__version__,
                scenarios=S,
                slots=C,
                months=args.months,
                first_call_s=round(compile_s, 2),
                wall_s=round(wall, 3),
                cpu_s=round(cpu, 3),
                ns_per_slot_month_cpu=round(cpu / n * 1e9, 1),
                ns_per_slot_month_wall=round(wall / n * 1e9, 1),
            )
        )
    )


if __name__ == "__main__":
    main()
