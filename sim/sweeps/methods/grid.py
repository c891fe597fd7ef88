"""Full factorial grid: every combination of the parameters' values; mean outputs, no indices."""

from __future__ import annotations

import itertools
import math

import numpy as np

headline = None
figures: dict[str, str] = {}
takes_values = True
analyze = None  # analysed by analysis.grid_means / grid_ranking


def check(design):
    return None


def points(design, parameters) -> int:
    return math.prod(len(p.values) for p in parameters)


def sample(design, problem: dict, parameters) -> np.ndarray:
    """Every combination of the parameters' grid values (the last parameter varies fastest)."""
    if parameters is None:
        raise ValueError("a grid design needs the parameters' values")
    return np.array(list(itertools.product(*[p.values for p in parameters])), dtype=np.float64)
