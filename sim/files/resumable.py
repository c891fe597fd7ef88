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

    from .checkpoints import saved_generations
    from ..errors import Interrupted

    bar = tqdm(total=total, unit=unit, desc=desc, disable=quiet,
               bar_format="{l_bar}{bar}| {n:.1f}/{total} " + unit + "s [{elapsed}<{remaining}] {postfix}")

    def progress(label: str, fraction: float) -> None:
        if fraction:
            bar.update(fraction)
        if label:
            bar.set_postfix_str(label)

    try:
        return job(progress)
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted (Ctrl-C): {saved_generations(out)} finished {unit}(s) saved in {out}; "
                          "run the same command again to resume") from None
    finally:
        bar.close()
