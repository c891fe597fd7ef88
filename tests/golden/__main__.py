"""Regenerate (or, with --diff, compare) the golden trajectories: see tests/golden/__init__.py."""

import sys

import numpy as np

from . import FILE, compute, differences, load

if __name__ == "__main__":
    now = compute()
    if "--diff" in sys.argv[1:]:
        lines = differences(load(), now) if FILE.exists() else ["no stored trajectories"]
        print("\n".join(lines) or "no series changed")
    else:
        np.savez_compressed(FILE, **now)
        print(f"wrote {len(now)} series to {FILE}")
