"""Parameter sweeps and global sensitivity analysis: specs, designs, executors, a resumable store, SALib.

A sweep evaluates a vectorised function ``evaluate(X, seeds) -> {output: (n,) or (n, months)}``
over the rows of a design matrix, in batches, through an executor, into a folder of Parquet parts
that a killed run resumes from. The culturesim model is one such function (``ModelFunction``);
any vectorised ``f(X)`` with a SALib problem goes through the same machinery (``sweep_function``).
Names are imported on first use, so `culturesim` commands that do not sweep stay quick to start.
"""

from importlib import import_module

_WHERE = {
    "ExperimentSpec": "spec",
    "SpecError": "spec",
    "load_spec": "spec",
    "make_design": "designs",
    "ModelFunction": "model_function",
    "VectorFunction": "model_function",
    "SweepError": "store",
    "SweepTable": "store",
    "load_table": "store",
    "run_spec": "sweep",
    "run_sweep": "sweep",
    "sweep_function": "sweep",
    "indices": "analysis",
}
__all__ = sorted(_WHERE)


def __getattr__(name):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_WHERE[name]}", __name__), name)
