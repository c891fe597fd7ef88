"""Every series of the golden scenarios equals what was stored (tests/golden): behaviour changes are deliberate."""

import numpy as np

from tests.golden import FILE, RTOL, compute, differences, load


def test_every_golden_series_matches_the_stored_trajectory(backend):
    assert FILE.exists(), "no golden trajectories: run `python -m tests.golden` and commit the file"
    stored, now = load(), compute()
    assert len(stored) > 100
    lines = differences(stored, now)
    assert not lines, "behaviour changed (regenerate with `python -m tests.golden` if deliberate):\n" + "\n".join(
        lines[:40]
    )


def test_the_comparison_sees_a_change_of_one_part_in_a_million():
    stored = load()
    key = next(k for k in stored if k.endswith("/loyalty") or "loyalty" in k)
    changed = dict(stored)
    changed[key] = stored[key] * (1 + 1e3 * RTOL)
    assert differences(stored, changed) and not differences(stored, stored)
    assert np.all(np.isfinite(stored[key]))
