"""Where a result came from: package version, git commit, command line, date, Python, seeds."""

from __future__ import annotations

import datetime
import platform
import shlex


def provenance(argv: list[str] | None, seed: int, seeds: list[int]) -> dict[str, str]:
    """Plain strings to print in a report (the git commit is None outside a checkout)."""
    from ..sweeps.store import code_version       # one place that asks git; cheap when not a checkout

    code = code_version()
    commit = code["git_commit"] or "not a git checkout"
    if code["git_commit"] and code["git_dirty"]:
        commit += " (with uncommitted changes)"
    return {
        "package": f"culturesim {code['package']}",
        "git commit": commit,
        "command": "culturesim " + shlex.join(argv) if argv is not None else "from Python",
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "python": f"Python {platform.python_version()}",
        "base seed": str(seed),
        "replication seeds": ", ".join(str(s) for s in seeds),
    }
