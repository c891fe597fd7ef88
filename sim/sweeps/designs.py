"""Sampling designs: the (n, d) matrix of parameter values a sweep evaluates, from SALib's samplers.

Every design is a pure function of the problem, the design options and the design seed, so the
same spec always gives the same matrix (the manifest records its checksum).
"""

from __future__ import annotations

import itertools

import numpy as np
from SALib.sample import fast_sampler, latin, morris, sobol
from SALib.util import scale_samples

from .spec import DesignSpec, ParameterSpec


def grid(parameters: list[ParameterSpec]) -> np.ndarray:
    """Every combination of the parameters' grid values (the last parameter varies fastest)."""
    return np.array(list(itertools.product(*[p.values for p in parameters])), dtype=np.float64)


def make_design(design: DesignSpec, problem: dict, parameters: list[ParameterSpec] | None = None) -> np.ndarray:
    """The design matrix (n, d) for a SALib problem; grids need the parameters' values."""
    problem = dict(problem)                  # SALib marks problems it has scaled; keep the caller's clean
    method, n, seed = design.method, design.n, design.seed
    if method == "grid":
        if parameters is None:
            raise ValueError("a grid design needs the parameters' values")
        return grid(parameters)
    if method == "random":
        rng = np.random.default_rng(seed)
        return scale_samples(rng.random((n, problem["num_vars"])), problem)
    if method == "latin":
        return latin.sample(problem, n, seed=seed)
    if method == "sobol":
        if n & (n - 1):
            raise ValueError(f"design.n: Sobol needs a power of two (e.g. 128, 256, 512), got {n}")
        return sobol.sample(problem, n, calc_second_order=design.calc_second_order, seed=seed)
    if method == "morris":
        return morris.sample(problem, n, num_levels=design.num_levels, seed=seed)
    if method == "fast":
        return fast_sampler.sample(problem, n, M=design.M, seed=seed)
    raise ValueError(f"unknown design method {method!r}")
