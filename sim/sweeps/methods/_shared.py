"""What several methods share: the sample-count rule, tidy rows from a SALib result, RBD-FAST."""

from __future__ import annotations

import numpy as np


def needs_samples(design, name: str):
    """Every sampled (non-grid) design needs n >= 1."""
    if design.n < 1:
        return "design.n", f"{name} needs the number of samples n >= 1"
    return None


def rows(result: dict, names: list[str], pairs: list[tuple[str, str, str]]) -> list[dict]:
    """Tidy rows from a SALib result: pairs are (index, value key, conf key or '')."""
    out = []
    for index, key, conf in pairs:
        for j, p in enumerate(names):
            out.append(
                dict(
                    index=index,
                    parameter=p,
                    parameter2=None,
                    value=float(result[key][j]),
                    conf=float(result[conf][j]) if conf else np.nan,
                )
            )
    return out


def rbd_fast(problem: dict, design, X, y, seed: int, num_resamples: int) -> list[dict]:
    """RBD-FAST first-order indices S1: the analysis of random and Latin hypercube designs."""
    from SALib.analyze import rbd_fast

    if len(y) <= 2 * design.M:
        raise ValueError(f"RBD-FAST needs more than 2 M = {2 * design.M} design points, got {len(y)}")
    res = rbd_fast.analyze(problem, X, y, M=design.M, num_resamples=num_resamples, seed=seed)
    return rows(res, problem["names"], [("S1", "S1", "S1_conf")])
