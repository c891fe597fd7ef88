"""Writing result files safely: atomically (a reader never sees a half-written file), into
folders checked before any work, with CSV cells a spreadsheet will not run as formulas."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .. import limits
from ..errors import InputError, quote

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def atomic_write(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the file normal permissions
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells starting with = + - @ (or a tab/CR) prefixed with ' so a spreadsheet shows them
    as text instead of running them as formulas (CSV injection); numbers are untouched."""
    out = frame
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            values = frame[column]
            risky = values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START))
            if risky.any():
                out = out.copy() if out is frame else out
                out[column] = values.where(~risky, "'" + values.astype(str))
    return out


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """CSV (spreadsheet-safe) or Parquet by suffix, atomically."""
    path = Path(path)
    if path.suffix == ".parquet":
        return atomic_write(path, lambda p: frame.to_parquet(p, index=False))
    safe = spreadsheet_safe(frame)
    return atomic_write(path, lambda p: safe.to_csv(p, index=False))


def safe_name(text: str, default: str = "out") -> str:
    """A file or folder name from user text: no path separators, no '.'/'..', at most 100 chars."""
    name = re.sub(r"[^A-Za-z0-9_.+-]", "_", str(text))[:100].strip(".")
    return name or default


def check_folder(folder: str | Path, flag: str = "--out") -> Path:
    """Refuse, before any work, an output folder that is a file, lies under a file, or cannot be
    written (checked on the folder or its nearest existing parent); creates nothing."""
    folder = Path(folder)
    text = quote(str(folder), 200)
    probe = folder
    while not probe.exists():
        if probe.is_symlink():
            raise InputError(f"{flag}: {text}: a broken link is in the way")
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        where = "is a file" if probe == folder else f"lies under the file {quote(str(probe), 200)}"
        raise InputError(f"{flag}: {text} {where}; give a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise InputError(f"{flag}: {text}: cannot write into {quote(str(probe), 200)} (permission denied)")
    try:  # /proc, /sys and read-only mounts pass os.access
        if os.statvfs(probe).f_flag & os.ST_RDONLY:
            raise InputError(f"{flag}: {text}: {quote(str(probe), 200)} is on a read-only file system")
    except OSError:
        pass
    if str(probe.resolve()).startswith(("/proc", "/sys")):
        raise InputError(f"{flag}: {text}: not a place for files")
    return folder


@contextlib.contextmanager
def plain_text_figures():
    """Figures drawn inside take text literally: a '$' in a scenario name is never mathtext."""
    import matplotlib

    with matplotlib.rc_context({"text.parse_math": False}):
        yield


LONG_RUN = 600  # seconds of estimated run time above which the estimate is printed first
ALLOW_LONG = limits.ALLOW_LONG


def agents(sizes) -> int:
    """Agents of one organization: what a month of simulation costs."""
    return int(sizes.n_employees + sizes.n_customers + sizes.n_suppliers)


def plan_time(org_months: float, sizes, flag: str, allow_long: bool = False, say: bool = True) -> float:
    """Refuse, before any work, a job whose estimated run time is over the budget
    (``CULTURESIM_MAX_HOURS``) unless ``--allow-long``; print the estimate of a long one (unless not
    ``say``: the searches print a measured estimate instead, ``files.resumable.estimate_line``)."""
    n = agents(sizes)
    seconds, budget = limits.estimate_seconds(org_months, n), limits.max_seconds()
    what = f"{org_months:,.0f} organization-months of {n:,} agents"
    if seconds > budget and not allow_long:
        raise InputError(
            f"{flag}: {what} would take about {limits.duration_text(seconds)} on this machine, over the "
            f"run-time limit of {limits.duration_text(budget)} (CULTURESIM_MAX_HOURS); ask for less "
            f"work, or add {ALLOW_LONG} if you mean it"
        )
    if say and seconds > LONG_RUN:
        print(
            f"{what}: about {limits.duration_text(seconds)} of simulation (estimate; limit "
            f"{limits.duration_text(budget)}{', waived by ' + ALLOW_LONG if allow_long else ''})",
            flush=True,
        )
    return seconds


def plan_memory(scenarios: int, months: int, flag: str, what) -> float:
    """Print the memory estimate of a large run; refuse one over the budget before it starts."""
    need, budget = limits.run_bytes(scenarios, months), limits.result_memory()
    if need > budget:
        raise InputError(
            f"{flag}: {scenarios:,} runs x {months:,} months would need about "
            f"{limits.size_text(need)} of memory, over the budget of "
            f"{limits.size_text(budget)} (CULTURESIM_MEMORY); use fewer replications or months, "
            "or a sweep (it stores batches on disk)"
        )
    if need - limits.run_bytes(0, 0) > limits.LARGE_RUN:  # the results themselves are large
        print(
            f"{what}: {scenarios:,} runs x {months:,} months: about {limits.size_text(need)} of memory "
            f"(budget {limits.size_text(budget)})",
            file=sys.stdout,
            flush=True,
        )
    return need
