"""Running a sweep: design rows x replications, cut into batches, evaluated by an executor, stored.

Run r of the table is design point r // R, replication r % R, with seed derive_seeds(seed, R)[r % R]
(every design point sees the same replication seeds: common random numbers). Batches are fixed
by the spec (not by the executor), so a resumed or differently executed sweep writes the same parts.
A small sweep is cut into at least ``MIN_BATCHES`` batches (when it has that many runs) so every
worker of a pool gets work; a run's numbers depend only on its row and seed, so the table is the
same whatever the batch size.

The table records the values simulated: a design value a distribution put outside a parameter's
hard bounds is clipped (and integer parameters rounded) before it is stored or run. NaN or
infinity in a design or in an output stops the sweep with one line, never stored. Ctrl-C or a
failing disk ends it with one line saying how many batches are saved and how to resume.
"""

from __future__ import annotations

import dataclasses
import math
import time
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from ..core import derive_seeds
from ..errors import EnvironmentFailure, Interrupted, quote
from ..files import checksum
from ..files.provenance import record
from .designs import make_design
from .executors import InProcess
from .model_function import MONTHLY, ModelFunction, VectorFunction
from .spec import DesignSpec, ExperimentSpec, SpecError
from .store import KEYS, Store, SweepError, SweepTable, batch_table, load_table

MIN_BATCHES = 16  # a small sweep is still cut into this many batches (fixed: not the executor's)


def batch_size_for(n_runs: int, runs_per_batch: int) -> int:
    """Runs per batch: the spec's (memory-capped) size, smaller for a small sweep so a pool of up to
    MIN_BATCHES workers all get work."""
    return max(1, min(runs_per_batch, math.ceil(n_runs / MIN_BATCHES)))


def run_sweep(
    function,
    problem: dict,
    X: np.ndarray,
    out: str | Path,
    *,
    design: DesignSpec,
    spec: dict,
    name: str = "sweep",
    spec_file: str = "",
    replications: int = 1,
    seed: int = 1,
    runs_per_batch: int = 256,
    executor=None,
    progress: bool = True,
) -> SweepTable:
    """Evaluate ``function.evaluate`` on every design row and replication into ``out``; resume if started.

    ``spec`` is a JSON description of everything that decides the numbers: with the design matrix
    and the seeds it forms the folder's identity, so a different experiment is refused there.
    """
    X = np.asarray(X, dtype=np.float64)
    if not np.isfinite(X).all():
        raise SweepError(f"{out}: the design holds NaN or infinity; check the parameters' bounds and dists")
    names = list(problem["names"])
    seeds_per_rep = derive_seeds(seed, replications)
    n_runs = len(X) * replications
    run = np.arange(n_runs)
    point, rep = run // replications, run % replications
    seeds = seeds_per_rep[rep]
    rows = X[point]
    bounds = [(lo, min(lo + runs_per_batch, n_runs)) for lo in range(0, n_runs, runs_per_batch)]
    identity = {
        "spec": spec,
        "problem": problem,
        "design": dataclasses.asdict(design),
        "design_sha256": checksum.identity(X),
        "seeds": seeds_per_rep.tolist(),
        "runs_per_batch": runs_per_batch,
    }
    store = Store(out)
    digest = checksum.identity(identity)
    store.open(
        {
            "name": name,
            "spec_file": spec_file,
            "identity": digest,
            "code": record(seed=seed),
            **identity,
            "n_points": len(X),
            "replications": replications,
            "n_runs": n_runs,
            "n_batches": len(bounds),
        },
        rows=bounds,
    )
    resume = f"re-run `culturesim sweep {spec_file} --out {out}` to resume" if spec_file else "run it again to resume"
    try:
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
                bad = [k for k, v in outputs.items() if not np.isfinite(v).all()]
                if bad:
                    raise SweepError(
                        f"{out}: batch {b} (runs {lo}..{hi - 1}) gave NaN or infinity in {quote(bad[0])}; "
                        "nothing of it was stored; please report the parameters"
                    )
                keys = {
                    "run": run[lo:hi],
                    "point": point[lo:hi],
                    "replication": rep[lo:hi],
                    "seed": seeds[lo:hi].astype(np.int64),
                }
                params = {n: rows[lo:hi, j] for j, n in enumerate(names)}
                store.write_part(b, (lo, hi), batch_table(keys, params, outputs, digest, b), seconds, executor.name)
                bar.update(hi - lo)
        store.finish(time.perf_counter() - start)
        table = load_table(out)
        write_sweep_long(table, out)
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted (Ctrl-C); {_saved(store, bounds)} saved in {out}; {resume}") from None
    except OSError as exc:
        raise EnvironmentFailure(
            f"{out}: {exc.strerror or exc} while writing; {_saved(store, bounds)} saved; "
            f"fix it (e.g. free disk space) and {resume}"
        ) from None
    finally:
        store.close()
    return table


def write_sweep_long(table: SweepTable, out: str | Path) -> Path | None:
    """The sweep's series in long form beside its parts (sim.files.tidy); None when it kept no series."""
    from ..files.tidy import write_long

    if not table.series:
        return None
    series = {name.removesuffix(MONTHLY): values for name, values in table.series.items()}
    labels = {k: table.runs[k].to_numpy() for k in ("point", "replication", "seed")}
    return write_long(
        series,
        Path(out) / "series_long.parquet",
        table.runs["run"].to_numpy(),
        note="run: the run column of parts/*.parquet (point, replication, seed, parameters)",
        labels=labels,
    )


def _saved(store: Store, bounds) -> str:
    done = len(store.manifest.get("batches", {}))
    return f"{done} of {len(bounds)} batches"


def sweep_function(f, problem: dict, design: DesignSpec, out: str | Path, output_names=None, **kw) -> SweepTable:
    """Sweep any vectorised ``f(X) -> Y`` over a SALib problem with a design (the generic entry point).

    For executors other than in-process, ``f`` must be picklable (a module-level function).
    """
    X = make_design(design, problem)
    kw["runs_per_batch"] = batch_size_for(len(X) * kw.get("replications", 1), kw.get("runs_per_batch", 256))
    spec = {"function": f"{getattr(f, '__module__', '?')}.{getattr(f, '__qualname__', repr(f))}"}
    return run_sweep(VectorFunction(f, output_names), problem, X, out, design=design, spec=spec, **kw)


def run_spec(
    spec: ExperimentSpec, out: str | Path, executor=None, progress: bool = True, X: np.ndarray | None = None
) -> SweepTable:
    """Run an experiment spec (the ``culturesim sweep`` command); ``X``: its ``design_values`` if the
    caller has them already (the sampler is not run twice)."""
    problem = spec.problem()
    function = ModelFunction.from_spec(spec)
    X = design_values(spec, problem) if X is None else X
    per = batch_size_for(len(X) * spec.replications, spec.runs_per_batch())
    return run_sweep(
        function,
        problem,
        X,
        out,
        design=spec.design,
        spec=spec.identity(),
        name=spec.name,
        spec_file=spec.path,
        replications=spec.replications,
        seed=spec.seed,
        runs_per_batch=per,
        executor=executor,
        progress=progress,
    )


def design_values(spec: ExperimentSpec, problem: dict | None = None) -> np.ndarray:
    """The design matrix as simulated: sampled, then clipped to hard bounds and integers rounded
    (what the model runs and what the table records); SALib's refusals as one-line SpecErrors."""
    problem = problem or spec.problem()
    try:
        X = make_design(spec.design, problem, list(spec.parameters))
    except (ValueError, ZeroDivisionError, OverflowError) as exc:
        raise SpecError(f"{spec.path}: design: the sampler refused it: {quote(str(exc), 160)[1:-1]}") from None
    X = ModelFunction.from_spec(spec)._values(X)
    if not np.isfinite(X).all():
        raise SpecError(f"{spec.path}: parameters: the design holds NaN or infinity; check bounds and dists")
    return X
