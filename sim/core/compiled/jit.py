"""numba set-up: ``sim.rules`` and the random streams compiled from their own source.

Importing this module (only the compiled backend does, lazily) registers with numba:
every function of ``sim.rules`` and ``sim.core.rng._mix`` as compilable from its Python
source (``register_jitable``), the scalar meaning of ``np.clip`` and ``rules.where``, scipy's
own ``ndtri`` (the same C function numpy-side ``scipy.special.ndtri`` calls, so the same bits),
and a cache keyed on the source of the rules (and parameters) as well as the kernels: numba's cache alone
would keep a kernel compiled against an edited rules.py.
"""

from __future__ import annotations

import hashlib
import inspect
from collections import namedtuple
from dataclasses import fields
from pathlib import Path

import llvmlite.binding as llvm
import numba
import numpy as np
from llvmlite import ir
from numba import types
from numba.core import caching, cgutils
from numba.core.cpu import CPUTargetOptions
from numba.core.options import TargetOptions
from numba.extending import get_cython_function_address, intrinsic, overload, register_jitable

from ... import params, rules
from ...params import ENVIRONMENT, LEVERS, Environment
from .. import rng

# ---------------------------------------------------------------- the formulas, from their source
for _f in list(vars(rules).values()) + [rng._mix]:
    if (
        inspect.isfunction(_f)
        and _f.__module__ in (rules.__name__, rng.__name__)
        and _f not in (rules.where, rules.power, rules.exp)
    ):
        register_jitable(inline="always", error_model="numpy")(_f)


@overload(rules.where)
def _where(condition, a, b):
    def impl(condition, a, b):
        return a if condition else b

    return impl


@intrinsic
def _as_float(typingctx, bits):
    """The float64 whose bits are the int64 ``bits``."""

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.DoubleType())

    return types.float64(types.int64), codegen


@intrinsic
def _as_bits(typingctx, x):
    """The bits of the float64 ``x`` as an int64."""

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.IntType(64))

    return types.int64(types.float64), codegen


# exp and log without a library call, so that the loops calling them vectorise: glibc's scalar
# exp, log and pow cannot be (PyPI's llvmlite has no SVML). Each is within a unit or two in the
# last place of numpy's (tests/test_compiled.py); the model's tolerance between cores is 1e-9.
_LOG2E = 1.4426950408889634
_LN2_HI, _LN2_LO = 6.93147180369123816490e-01, 1.90821492927058770002e-10  # fdlibm's split of log(2)
E2, E3, E4, E5, E6, E7, E8, E9, E10, E11, E12, E13 = (
    float(1.0 / np.prod(np.arange(1.0, n + 1.0))) for n in range(2, 14)
)
A3, A5, A7, A9, A11, A13, A15, A17, A19, A21, A23 = (1.0 / n for n in range(3, 24, 2))


@register_jitable
def _exp(x):
    """Cody-Waite reduction x = k log 2 + r, |r| <= log(2)/2; Taylor to degree 13 (truncation below
    1e-17 relative); times 2**k built from its bits in two halves (no overflow before the true one)."""
    clamped = min(max(x, -746.0), 710.0)
    k = np.floor(clamped * _LOG2E + 0.5)
    r = (clamped - k * _LN2_HI) - k * _LN2_LO
    p = (
        (((((((((E13 * r + E12) * r + E11) * r + E10) * r + E9) * r + E8) * r + E7) * r + E6) * r + E5) * r + E4) * r
        + E3
    ) * r + E2
    p = (p * r + 1.0) * r + 1.0
    n = np.int64(k)
    half = n >> 1
    result = p * _as_float((half + 1023) << 52) * _as_float((n - half + 1023) << 52)  # type: ignore[call-arg]
    return x if x != x else result


@register_jitable
def _log(x):
    """x = m 2**k with m in [sqrt(1/2), sqrt(2)); log m = 2 atanh(s), s = (m-1)/(m+1), |s| < 0.172, Taylor to s**23.

    0 gives -inf, a negative number or NaN gives NaN, inf gives inf (as np.log)."""
    tiny = x < 2.2250738585072014e-308  # subnormal: scaled into the normal range first
    bits = _as_bits(x * 18014398509481984.0 if tiny else x)  # type: ignore[call-arg, var-annotated]  # 2**54
    big = _as_float((bits & 0xFFFFFFFFFFFFF) | 0x3FF0000000000000) > 1.4142135623730951  # mantissa in [1, 2)
    k = ((bits >> 52) & 0x7FF) - 1023 + big
    m = _as_float((bits & 0xFFFFFFFFFFFFF) | (0x3FE0000000000000 if big else 0x3FF0000000000000))
    s = (m - 1.0) / (m + 1.0)
    z = s * s
    p = (
        ((((((((A23 * z + A21) * z + A19) * z + A17) * z + A15) * z + A13) * z + A11) * z + A9) * z + A7) * z + A5
    ) * z + A3
    kf = np.float64(k) - (54.0 if tiny else 0.0)
    result = kf * _LN2_HI + (2.0 * s + (2.0 * s * z * p + kf * _LN2_LO))
    special = np.nan if (x < 0.0 or x != x) else (-np.inf if x == 0.0 else x)
    return special if (x <= 0.0 or x != x or x == np.inf) else result


@overload(rules.exp, inline="always")
def _overload_exp(x):
    def impl(x):
        return _exp(x)

    return impl


@register_jitable
def _whole_power(x, n):
    """x to a whole power n from 0 to 8: the products of a loop ``result *= x`` from 1.0, with their roundings."""
    x2 = x * x
    x3 = x2 * x
    x4 = x3 * x
    x5 = x4 * x
    x6 = x5 * x
    x7 = x6 * x
    x8 = x7 * x
    low = x if n == 1 else (x2 if n == 2 else (x3 if n == 3 else x4))
    high = x5 if n == 5 else (x6 if n == 6 else (x7 if n == 7 else x8))
    return 1.0 if n == 0 else (low if n <= 4 else high)


@overload(rules.power, inline="always")
def _power(x, exponent):
    """A whole exponent as repeated products, any other as exp(exponent log x) (NaN for x < 0, as pow).

    An integer exponent (``with_whole_exponents``) compiles to the products alone; a float one to
    both, one kept: either way no branch and no library call in a customer's loop."""
    if isinstance(exponent, types.Integer):

        def whole(x, exponent):
            return _whole_power(x, exponent)

        return whole

    def impl(x, exponent):
        whole = exponent == np.floor(exponent) and 0.0 <= exponent <= 8.0
        return _whole_power(x, exponent) if whole else _exp(exponent * _log(x))

    return impl


@overload(np.clip)
def _clip(a, a_min, a_max, out=None):
    """np.clip of one number (numba's own takes arrays only); NaN stays NaN as in numpy."""
    if all(isinstance(x, (types.Number, types.Boolean)) for x in (a, a_min, a_max)):

        def impl(a, a_min, a_max, out=None):
            if a < a_min:
                return a_min
            if a > a_max:
                return a_max
            return a

        return impl
    return None


llvm.add_symbol("culturesim_ndtri", get_cython_function_address("scipy.special.cython_special", "ndtri"))
ndtri = types.ExternalFunction("culturesim_ndtri", types.float64(types.float64))

# ---------------------------------------------------------------- parameters as values
#: a scenario's levers and environment inside a kernel: read by name as in the rules (``pol.training``)
PolicyValues = namedtuple("PolicyValues", LEVERS)  # type: ignore[misc]  # fields from params
EnvironmentValues = namedtuple("EnvironmentValues", ENVIRONMENT)  # type: ignore[misc]
_VALUES = {tuple(LEVERS): PolicyValues, tuple(ENVIRONMENT): EnvironmentValues}


@intrinsic
def values(typingctx, record):
    """A structured row's float fields copied into a named tuple.

    A tuple is a value, not memory the kernel writes to, so the compiler may keep derived
    numbers (``np.sqrt(1.0 + over)``, the market's bar this month) out of per-customer loops.
    """
    names = tuple(name for name, _ in record.members)
    result = types.NamedUniTuple(types.float64, len(names), _VALUES[names])

    def codegen(context, builder, signature, args):
        align = None if record.aligned else 1
        items = [
            context.unpack_value(
                builder,
                types.float64,
                cgutils.get_record_member(builder, args[0], record.offset(name), context.get_data_type(types.float64)),
                align,
            )
            for name in names
        ]
        return context.make_tuple(builder, result, items)

    return result(record), codegen


#: the environment's exponents (their unit in sim/params.py): when all are whole numbers from 0 to 8, the
#: customer loop gets them as integers, so ``rules.power`` compiles to products alone there
EXPONENTS = tuple(f.name for f in fields(Environment) if f.metadata.get("unit") == "exponent")
_EXPONENT_AT = tuple(ENVIRONMENT.index(k) for k in EXPONENTS)
WholeExponentValues = namedtuple("WholeExponentValues", ENVIRONMENT)  # type: ignore[misc]


@register_jitable
def whole_exponents(env):
    """Whether every exponent of the environment ``values`` is a whole number from 0 to 8."""
    whole = True
    for i in _EXPONENT_AT:
        whole = whole and env[i] == np.floor(env[i]) and 0.0 <= env[i] <= 8.0
    return whole


@intrinsic
def with_whole_exponents(typingctx, env):
    """The environment ``values`` with its exponents as integers (only where ``whole_exponents``)."""
    kinds = [types.int64 if name in EXPONENTS else types.float64 for name in ENVIRONMENT]
    result = types.NamedTuple(kinds, WholeExponentValues)

    def codegen(context, builder, signature, args):
        items = [builder.extract_value(args[0], i) for i in range(len(ENVIRONMENT))]
        items = [builder.fptosi(v, ir.IntType(64)) if k == types.int64 else v for v, k in zip(items, kinds)]
        return context.make_tuple(builder, result, items)

    return result(env), codegen


# ---------------------------------------------------------------- a cache that sees rules.py change
_SOURCES = [Path(str(m.__file__)) for m in (rules, rng, params)] + sorted(Path(__file__).parent.glob("*.py"))
SOURCE_HASH = hashlib.sha256(b"".join(p.read_bytes() for p in _SOURCES)).hexdigest()[:16]


class _SourcesStamp:
    """Locator mixin: a kernel's cache is valid only for the exact sources it was compiled from."""

    @classmethod
    def from_function(cls, py_func, py_file):
        if not py_func.__module__.startswith(__package__):
            return None
        return super().from_function(py_func, py_file)  # type: ignore[misc]  # a mixin before a locator

    def get_source_stamp(self):
        return SOURCE_HASH


class _InTree(_SourcesStamp, caching.InTreeCacheLocator):
    pass


class _UserWide(_SourcesStamp, caching.UserWideCacheLocator):
    pass


if _InTree not in caching.CacheImpl._locator_classes:
    caching.CacheImpl._locator_classes[:0] = [_InTree, _UserWide]


# numba knows a ``noalias`` flag (no two array arguments share memory) but no decorator option for it;
# ``kernel(noalias=True)`` maps it, so that the compiler may run a customer loop on several customers at once.
if not hasattr(CPUTargetOptions, "noalias"):
    CPUTargetOptions.noalias = TargetOptions.Mapping("noalias")


def kernel(**options):
    """njit as every kernel of the backend is compiled: cached; no fastmath and division as numpy does it (the same numbers)."""
    return numba.njit(cache=True, error_model="numpy", **options)
