"""Sampling designs: the (n, d) matrix of parameter values a sweep evaluates, from the design's method.

Every design is a pure function of the problem, the design options and the design seed, so the
same spec always gives the same matrix (the manifest records its checksum). The samplers live in
sim/sweeps/methods/, one module per method.
"""

from __future__ import annotations

import numpy as np

from . import methods
from .spec import DesignSpec, ParameterSpec


def make_design(design: DesignSpec, problem: dict, parameters: list[ParameterSpec] | None = None) -> np.ndarray:
    """The design matrix (n, d) for a SALib problem; grids need the parameters' values."""
    problem = dict(problem)  # SALib marks problems it has scaled; keep the caller's clean
    return methods.get(design.method).sample(design, problem, parameters)
