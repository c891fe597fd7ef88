"""The counter-based streams of sim/core/rng.py, one number at a time inside a kernel.

``uniform(stream_key(seed, decision, month), slot)`` equals
``rng.uniforms(seeds, decision, month, n)[i, slot]`` bit for bit (tests/test_compiled.py).
"""

from __future__ import annotations

import numpy as np

from ..rng import _GOLDEN, _M2, _S11, _mix
from .jit import kernel


@kernel(inline="always")
def stream_key(seed, decision, month):
    """The key of one scenario's stream for a decision id and month (as ``rng.stream_keys``)."""
    k = _mix(seed * _GOLDEN + np.uint64(decision + 1))
    k ^= np.uint64((month + 2) & 0xFFFFFFFF) * _M2
    return _mix(k)


@kernel(inline="always")
def uniform(key, slot):
    """The draw of one slot in (0, 1) (as ``rng.uniforms``)."""
    x = _mix(key + np.uint64(slot + 1) * _GOLDEN) >> _S11
    return x * 2.0**-53 + 2.0**-54
