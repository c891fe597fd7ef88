"""Latin hypercube sampling (SALib); RBD-FAST first-order indices."""

from __future__ import annotations

from ._shared import needs_samples, rbd_fast

headline = "S1"
figures: dict[str, str] = {}
takes_values = False
analyze = rbd_fast  # RBD-FAST needs no particular sample


def check(design):
    return needs_samples(design, "latin")


def points(design, parameters) -> int:
    return design.n


def sample(design, problem: dict, parameters):
    from SALib.sample import latin

    return latin.sample(problem, design.n, seed=design.seed)
