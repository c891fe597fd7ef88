"""Running a sweep: design rows x replications, cut into batches, evaluated by an executor, stored.

Run r of the table is design point r // R, replication r % R, with seed derive_seeds(seed, R)[r % R]
(every design point sees the same replication seeds: common random numbers). Batches are fixed
by the spec (not by the executor), so a resumed or differently executed sweep writes the same parts.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from ..core import derive_seeds
from .designs import make_design
from .executors import InProcess
from .model_function import MONTHLY, ModelFunction, VectorFunction
from .spec import DesignSpec, ExperimentSpec
from .store import KEYS, Store, SweepError, SweepTable, batch_table, code_version, load_table


def _digest(obj) -> str:
    if isinstance(obj, np.ndarray):
        return hashlib.sha256(np.ascontiguousarray(obj).tobytes()).hexdigest()
    return hashlib.sha256(json.dumps(obj, sort_keys=True).encode()).hexdigest()


def run_sweep(function, problem: dict, X: np.ndarray, out: str | Path, *, design: DesignSpec, spec: dict,
              name: str = "sweep", spec_file: str = "", replications: int = 1, seed: int = 1,
              runs_per_batch: int = 256, executor=None, progress: bool = True) -> SweepTable:
    """Evaluate ``function.evaluate`` on every design row and replication into ``out``; resume if started.

    ``spec`` is a JSON description of everything that decides the numbers: with the design matrix
    and the seeds it forms the folder's identity, so a different experiment is refused there.
    """
    X = np.asarray(X, dtype=np.float64)
    names = list(problem["names"])
    seeds_per_rep = derive_seeds(seed, replications)
    n_runs = len(X) * replications
    run = np.arange(n_runs)
    point, rep = run // replications, run % replications
    seeds = seeds_per_rep[rep]
    rows = X[point]
    bounds = [(lo, min(lo + runs_per_batch, n_runs)) for lo in range(0, n_runs, runs_per_batch)]
    identity = {"spec": spec, "problem": problem, "design": dataclasses.asdict(design),
                "design_sha256": _digest(X), "seeds": seeds_per_rep.tolist(), "runs_per_batch": runs_per_batch}
    store = Store(out)
    store.open({"name": name, "spec_file": spec_file, "identity": _digest(identity), "code": code_version(),
                **identity, "n_points": len(X), "replications": replications, "n_runs": n_runs,
                "n_batches": len(bounds)})
    todo = [b for b in range(len(bounds)) if not store.is_done(b)]
    executor = executor or InProcess()
    start = time.perf_counter()
    done_runs = n_runs - sum(bounds[b][1] - bounds[b][0] for b in todo)
    with tqdm(total=n_runs, initial=done_runs, unit="run", desc=name, disable=not progress, smoothing=0.1) as bar:
        tasks = ((b, (function, rows[slice(*bounds[b])], seeds[slice(*bounds[b])])) for b in todo)
        for b, (outputs, seconds) in executor.map(tasks):
            lo, hi = bounds[b]
            clash = set(outputs) & (set(names) | set(KEYS))
            if clash:
                raise SweepError(f"{out}: output names {sorted(clash)} clash with parameter or key columns")
            keys = {"run": run[lo:hi], "point": point[lo:hi], "replication": rep[lo:hi],
                    "seed": seeds[lo:hi].astype(np.int64)}
            params = {n: rows[lo:hi, j] for j, n in enumerate(names)}
            store.write_part(b, (lo, hi), batch_table(keys, params, outputs), seconds, executor.name)
            bar.update(hi - lo)
    store.finish(time.perf_counter() - start)
    table = load_table(out)
    write_sweep_long(table, out)
    return table


def write_sweep_long(table: SweepTable, out: str | Path) -> Path | None:
    """The sweep's series in long form beside its parts (sim.tidy); None when it kept no series."""
    from ..tidy import write_long

    if not table.series:
        return None
    series = {name.removesuffix(MONTHLY): values for name, values in table.series.items()}
    return write_long(series, Path(out) / "series_long.parquet", table.runs["run"].to_numpy(),
                      note="run: the run column of parts/*.parquet (point, replication, seed, parameters)")


def sweep_function(f, problem: dict, design: DesignSpec, out: str | Path, output_names=None, **kw) -> SweepTable:
    """Sweep any vectorised ``f(X) -> Y`` over a SALib problem with a design (the generic entry point).

    For executors other than in-process, ``f`` must be picklable (a module-level function).
    """
    X = make_design(design, problem)
    spec = {"function": f"{getattr(f, '__module__', '?')}.{getattr(f, '__qualname__', repr(f))}"}
    return run_sweep(VectorFunction(f, output_names), problem, X, out, design=design, spec=spec, **kw)


def run_spec(spec: ExperimentSpec, out: str | Path, executor=None, progress: bool = True) -> SweepTable:
    """Run an experiment spec (the ``culturesim sweep`` command)."""
    problem = spec.problem()
    X = make_design(spec.design, problem, list(spec.parameters))
    return run_sweep(ModelFunction.from_spec(spec), problem, X, out, design=spec.design, spec=spec.identity(),
                     name=spec.name, spec_file=spec.path, replications=spec.replications, seed=spec.seed,
                     runs_per_batch=spec.runs_per_batch(), executor=executor, progress=progress)
