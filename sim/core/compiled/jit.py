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
from pathlib import Path

import llvmlite.binding as llvm
import numba
import numpy as np
from numba import types
from numba.core import caching, cgutils
from numba.extending import get_cython_function_address, intrinsic, overload, register_jitable

from ... import params, rules
from ...params import ENVIRONMENT, LEVERS
from .. import rng

# ---------------------------------------------------------------- the formulas, from their source
for _f in list(vars(rules).values()) + [rng._mix]:
    if (
        inspect.isfunction(_f)
        and _f.__module__ in (rules.__name__, rng.__name__)
        and _f not in (rules.where, rules.power)
    ):
        register_jitable(inline="always", error_model="numpy")(_f)


@overload(rules.where)
def _where(condition, a, b):
    def impl(condition, a, b):
        return a if condition else b

    return impl


@overload(rules.power)
def _power(x, exponent):
    """A whole exponent up to 8 as repeated products (glibc's scalar ``pow`` took a third of the month)."""

    def impl(x, exponent):
        if exponent == np.floor(exponent) and 0.0 <= exponent <= 8.0:
            result = 1.0
            for _ in range(int(exponent)):
                result *= x
            return result
        return x**exponent

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


def kernel(**options):
    """njit as every kernel of the backend is compiled: cached; no fastmath and division as numpy does it (the same numbers)."""
    return numba.njit(cache=True, error_model="numpy", **options)
