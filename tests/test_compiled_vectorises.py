"""The customers' loop of the compiled core runs several customers at once (SIMD).

A per-customer formula written with ``np.exp``, ``np.log`` or ``**`` instead of ``rules.exp`` and
``rules.power`` calls the C library once per customer, and the compiler then leaves the whole loop
scalar: the core stays right but loses about half its speed, silently. This reads the compiler's
output for ``encounters`` (compiled afresh here: numba shows no code it loaded from its cache).
"""

import re

import llvmlite.binding as llvm
import numpy as np
import pytest

numba = pytest.importorskip("numba")

from sim.core.compiled.customers import encounters  # noqa: E402
from sim.core.compiled.jit import EXPONENTS, PolicyValues, WholeExponentValues  # noqa: E402
from sim.params import ENVIRONMENT, LEVERS, Environment, Policy  # noqa: E402


def llvm_of_encounters() -> str:
    """The optimised LLVM IR of ``encounters`` for the default (whole) exponents, on a few customers."""
    fresh = numba.njit(error_model="numpy", noalias=True)(encounters.py_func)
    C, E = 16, 4
    cs = (
        np.ones(C, np.bool_),
        np.ones(C),
        np.zeros(C, np.int8),
        np.full(C, 0.5),
        np.full(C, 0.5),
        np.full(C, 0.5),
        np.zeros(C, np.int64),
        np.zeros(C, np.int64),
        np.zeros(C),
        np.zeros(C, np.bool_),
    )
    env = Environment()
    whole = WholeExponentValues(
        *(int(getattr(env, k)) if k in EXPONENTS else float(getattr(env, k)) for k in ENVIRONMENT)
    )
    pol = PolicyValues(*(float(getattr(Policy(), k)) for k in LEVERS))
    keys, slot_of = np.ones(E, np.int64), np.arange(E, dtype=np.float64)
    scratch = (np.empty(C), np.empty(C, np.int8), np.empty(C), np.empty(C))
    args = (
        cs,
        np.zeros(E, np.int64),
        keys,
        slot_of,
        np.ones(C),
        0.5,
        E,
        0.0,
        pol,
        whole,
        np.uint64(1),
        3,
        3,
    )  # month, clock
    fresh(*args, np.full(E, 0.6), np.array([0.5, 0.6, 0.7]), *scratch)
    return fresh.inspect_llvm(fresh.signatures[0])


def test_the_customer_loop_multiplies_four_or_eight_numbers_at_once():
    features = llvm.get_host_cpu_features()
    if not features.get("avx2", False):
        pytest.skip("this CPU has no 4-wide double arithmetic (AVX2)")
    ir = llvm_of_encounters()
    vector_products = len(re.findall(r"fmul <(?:4|8) x double>", ir))
    # the loop has ~100 products per customer (three exponentials among them); a scalar loop has none in vectors
    assert vector_products >= 40, f"encounters is not vectorised ({vector_products} vector products)"
    # np.exp and np.log vectorise in form only: each lane calls the C library (no vector maths library here)
    per_lane = sorted(set(re.findall(r"@llvm\.(?:exp|exp2|log|log2|log10|pow|sin|cos)\.v\d+f64", ir)))
    assert not per_lane, f"encounters calls the C library once per customer: {per_lane}"
