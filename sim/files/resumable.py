"""What the resumable searches (calibrate, optimize) share on the command line: bounds on their
counts, a progress bar fed in fractions of a wave or generation, and Ctrl-C that says what was saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def check_at_least(bounds) -> None:
    """Refuse, before any work, a count below its minimum: ``bounds`` holds (flag, value, minimum)."""
    from ..errors import FlagError

    for name, value, low in bounds:
        if value < low:
            raise FlagError(f"--{name}: must be >= {low}, got {value}")


def run_with_progress(job: Callable, *, total: int, unit: str, desc: str, quiet: bool, out: Path):
    """Run ``job(progress)`` under a progress bar of ``total`` stages (``unit``, e.g. "wave").

    ``progress(label, fraction)`` advances the bar by a fraction of a stage and names what runs.
    Ctrl-C ends with one line saying how many finished stages are checkpointed in ``out``.
    """
    from tqdm.auto import tqdm

    from ..errors import Interrupted
    from .checkpoints import saved_generations

    bar = tqdm(
        total=total,
        unit=unit,
        desc=desc,
        disable=quiet,
        bar_format="{l_bar}{bar}| {n:.1f}/{total} " + unit + "s [{elapsed}<{remaining}] {postfix}",
    )

    def progress(label: str, fraction: float) -> None:
        if fraction:
            bar.update(fraction)
        if label:
            bar.set_postfix_str(label)

    try:
        return job(progress)
    except KeyboardInterrupt:
        saved = saved_generations(out) if out.is_dir() else 0  # name only a folder that exists
        if saved:
            where = f"{saved} finished {unit}(s) saved in {out}; run the same command again to resume"
        else:
            where = (
                f"0 finished {unit}(s), nothing saved"
                + (f" in {out}" if out.is_dir() else " (no output folder was created)")
                + "; run the same command again to start (it would resume from any finished "
                + unit
                + ")"
            )
        raise Interrupted(f"interrupted (Ctrl-C): {where}") from None
    finally:
        bar.close()


SAMPLE_CELLS = 2e7  # --check's larger sample: at most this many customer-months (a few seconds)


def check_job(counts, *, out: Path, org_months: float, sizes, time_flag: str, memory, allow_long: bool) -> float:
    """The refusals a search makes before any work or writing: every count at least its minimum
    (``counts``: (flag, value, minimum)), the work within the run-time limit (bounded by
    ``sim/limits.py``'s constants, which are cheap and err long: a bound, not the estimate ``--check``
    prints, which ``estimate_line`` measures), each batch within the memory budget (``memory``:
    (runs, months, flag, what)), the folder usable and any checkpoint in it readable. Returns the
    largest memory estimate (bytes)."""
    from .checkpoints import MANIFEST, read_manifest
    from .output import check_folder, plan_memory, plan_time

    check_at_least(counts)
    plan_time(org_months, sizes, time_flag, allow_long, say=False)
    need = max(plan_memory(runs, months, flag, what) for runs, months, flag, what in memory)
    check_folder(out)
    read_manifest(out / MANIFEST)  # a damaged checkpoint: one line, before any work
    return need


def print_check(source, memory: float, plan: Callable[[], list[str]]) -> int:
    """``--check``'s answer: the inputs valid and within the limits, then the plan with its one
    measured run-time estimate; nothing else is run or written."""
    from ..limits import size_text

    print(f"{source}: valid; within the limits of sim/limits.py; memory: about {size_text(memory)} at most (estimate)")
    print("\n".join([*plan(), "nothing was run or written (--check)"]))
    return 0


def estimate_line(
    sample: Callable[[int], int], cells: float, batch: int, batches: int, total_runs: int, what: str
) -> str:
    """Time real runs of the job and scale them by its plan: ``sample(n)`` simulates about ``n`` runs of
    the job's size and months (``cells`` customer-months each) as one batch and returns how many it
    ran. One untimed run first (it loads, or compiles, the core); then a small batch and one nearer
    the job's own ``batch`` size (at most ``SAMPLE_CELLS``) give a cost per batch and a cost per
    run: a batch's months cost much the same for 4 runs as for 128 on a busy machine, so runs alone
    would not scale. The job is ``batches`` batches holding ``total_runs`` runs. Measured on this
    machine under its present load: simulation only, not the search's own work."""
    import time

    from ..limits import duration_text

    def timed(n: int) -> tuple[int, float]:
        start = time.perf_counter()
        runs = sample(n)
        return runs, time.perf_counter() - start

    sample(1)
    r1, t1 = timed(1)
    per_run, fixed, measured = t1 / r1, 0.0, f"{r1:,} run{'s' * (r1 > 1)} in {t1:.1f} s"
    n2 = int(min(batch, max(4, SAMPLE_CELLS // max(cells, 1))))
    if n2 > r1:
        r2, t2 = timed(n2)
        per_run = max(t2 - t1, 0.0) / (r2 - r1)
        fixed = max(t1 - per_run * r1, 0.0)
        measured += f", {r2:,} runs in {t2:.1f} s"
    total = fixed * batches + per_run * total_runs
    return (
        f"estimated run time: about {duration_text(total)} of simulation for {total_runs:,} {what} in about "
        f"{batches:,} batches (measured now on this machine: a batch of {measured})"
    )
