"""Where a result came from: one record (package version, git commit, command line, date, Python,
seeds) written beside every command's outputs: the compare report, calibrate's and optimize's
``provenance.json`` and a sweep's ``manifest.json``. The one place that asks git."""

from __future__ import annotations

import datetime
import platform
import shlex
import subprocess
import sys
from importlib import metadata
from pathlib import Path


def code_version() -> dict:
    """The package version and, when run from a git checkout, its commit (and whether it had edits)."""
    try:
        version = metadata.version("culturesim")
    except metadata.PackageNotFoundError:
        version = "unknown"
    here = Path(__file__).resolve().parent
    try:
        commit = (
            subprocess.run(
                ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=10
            ).stdout.strip()
            or None
        )
        dirty = (
            bool(
                subprocess.run(
                    ["git", "status", "--porcelain", "--untracked-files=no"],
                    cwd=here,
                    capture_output=True,
                    text=True,
                    timeout=10,
                ).stdout.strip()
            )
            if commit
            else None
        )
    except (OSError, subprocess.SubprocessError):
        commit, dirty = None, None
    return {"package": version, "git_commit": commit, "git_dirty": dirty}


def command_line(argv: list[str] | None) -> str:
    """The command as typed: ``argv`` after ``culturesim``; without it, this process's own command
    line when it is the ``culturesim`` program, else "from Python"."""
    if argv is None and sys.argv and Path(sys.argv[0]).name == "culturesim":
        argv = sys.argv[1:]
    return "culturesim " + shlex.join(argv) if argv is not None else "from Python"


def record(argv: list[str] | None = None, seed: int | None = None, seeds: list[int] | None = None) -> dict:
    """The provenance record as JSON-ready values."""
    return {
        **code_version(),
        "command": command_line(argv),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "seed": seed,
        "seeds": list(seeds or []),
    }


def provenance(argv: list[str] | None, seed: int, seeds: list[int]) -> dict[str, str]:
    """The record as plain strings to print in a report (the git commit reads "not a git checkout"
    outside one)."""
    r = record(argv, seed, seeds)
    commit = r["git_commit"] or "not a git checkout"
    if r["git_commit"] and r["git_dirty"]:
        commit += " (with uncommitted changes)"
    return {
        "package": f"culturesim {r['package']}",
        "git commit": commit,
        "command": r["command"],
        "date": r["date"],
        "python": f"Python {r['python']}",
        "base seed": str(seed),
        "replication seeds": ", ".join(str(s) for s in r["seeds"]),
    }
