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


def estimate_line(sample: Callable[[], object], sample_runs: int, total_runs: int, what: str) -> str:
    """Time ``sample()`` (``sample_runs`` model runs of the real size and months) and extrapolate to
    ``total_runs``: a rough, usually pessimistic estimate (a larger batch runs faster per run),
    measured on this machine under its present load."""
    import time

    from ..limits import duration_text

    start = time.perf_counter()
    sample()
    seconds = time.perf_counter() - start
    total = seconds / max(sample_runs, 1) * total_runs
    return (
        f"estimated run time: about {duration_text(total)} for {total_runs:,} {what} (measured now on this machine: "
        f"{sample_runs} runs in {seconds:.1f} s; larger batches usually run faster per run)"
    )
