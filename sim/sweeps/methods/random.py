"""Simple random sampling (NumPy's generator, scaled by SALib); RBD-FAST first-order indices."""

from __future__ import annotations

import numpy as np

from ._shared import needs_samples, rbd_fast

headline = "S1"
figures: dict[str, str] = {}
takes_values = False
analyze = rbd_fast  # RBD-FAST needs no particular sample


def check(design):
    return needs_samples(design, "random")


def points(design, parameters) -> int:
    return design.n


def sample(design, problem: dict, parameters) -> np.ndarray:
    from SALib.util import scale_samples

    rng = np.random.default_rng(design.seed)
    return scale_samples(rng.random((design.n, problem["num_vars"])), problem)
