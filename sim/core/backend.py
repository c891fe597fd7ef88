"""Which implementation runs the month: ``numpy`` (the reference) or ``compiled`` (numba), chosen once.

Every caller goes through ``step`` (and so ``simulate``), so run, compare, sweeps, calibrate,
optimize, the EMA adapter, the Mesa vectorised mode and the dashboard all use the chosen one.
The choice: ``use(name)`` (the CLI's ``--backend``), else ``CULTURESIM_BACKEND=numpy|compiled``,
else compiled when numba loads. When it cannot load, numpy runs and one line on stderr says
so. numba is imported only here, on the first month: ``import sim.core`` stays light.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable

from . import engine

NAMES = ("numpy", "compiled")
ENV_VAR = "CULTURESIM_BACKEND"
COMPILE_SECONDS = 60  # first compile on the 2-core development VM: 42 s of CPU (docs/performance.md)

_chosen: str | None = None  # set by use(); None: the environment variable or the default
_compiled: Callable | None = None
_failed: str | None = None  # why the compiled backend could not load (said once)


def use(name: str | None) -> None:
    """Choose the backend for this process (None: back to ``CULTURESIM_BACKEND`` or the default)."""
    if name is not None and name not in NAMES:
        raise ValueError(f"backend must be one of {', '.join(NAMES)}, got {name!r}")
    global _chosen
    _chosen = name


@contextlib.contextmanager
def using(name: str):
    """The backend ``name`` inside the block (tests, comparisons), the previous choice after it."""
    before = _chosen
    use(name)
    try:
        yield
    finally:
        use(before)


def requested() -> str:
    """The backend asked for (before any fallback)."""
    name = _chosen or os.environ.get(ENV_VAR, "").strip().lower() or "compiled"
    if name not in NAMES:
        raise ValueError(f"{ENV_VAR} must be one of {', '.join(NAMES)}, got {name!r}")
    return name


def current() -> str:
    """The backend that runs the next month: the requested one, or numpy when compiled cannot load."""
    if requested() == "compiled" and _load() is not None:
        return "compiled"
    return "numpy"


def step(state, batch, month: int) -> dict:
    """Advance every scenario of the batch one month with the current backend; that month's metrics, each (S,)."""
    compiled = _load() if requested() == "compiled" else None
    if compiled is not None:
        return compiled(state, batch, month)
    return engine.step(state, batch, month)


def _load() -> Callable | None:
    """The compiled ``step``, loaded (and compiled, once per machine, announced) on first use; None if it cannot be."""
    global _compiled, _failed
    if _compiled is not None or _failed is not None:
        return _compiled
    try:
        from .compiled.step import step as compiled_step
        from .compiled.step import warm_up

        warm_up(_announce)
    except Exception as exc:  # noqa: BLE001 - any failure to import or compile numba: numpy runs
        _failed = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        print(f"culturesim: the compiled core could not load ({_failed}); running the numpy core", file=sys.stderr)
        return None
    _compiled = compiled_step
    return _compiled


def _announce() -> None:
    """Say on stderr, in one line, that the core compiles now (once per machine and version of the sources)."""
    print(
        f"culturesim: compiling the core, once, about {COMPILE_SECONDS} s (cached for later runs)",
        file=sys.stderr,
        flush=True,
    )
