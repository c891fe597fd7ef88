"""Extended Fourier amplitude sensitivity test (eFAST); first-order and total indices S1, ST."""

from __future__ import annotations

from ._shared import needs_samples, rows

headline = "ST"
figures: dict[str, str] = {}
takes_values = False


def check(design):
    if failure := needs_samples(design, "fast"):
        return failure
    if not design.n > 4 * design.M**2:
        return "design.n", (
            f"FAST needs n > 4 M^2 = {4 * design.M**2} for its interference factor M = "
            f"{design.M} (design.M, default 4), got n = {design.n}"
        )
    return None


def points(design, parameters) -> int:
    return design.n * len(parameters)


def sample(design, problem: dict, parameters):
    from SALib.sample import fast_sampler

    return fast_sampler.sample(problem, design.n, M=design.M, seed=design.seed)


def analyze(problem: dict, design, X, y, seed: int, num_resamples: int) -> list[dict]:
    from SALib.analyze import fast

    res = fast.analyze(problem, y, M=design.M, num_resamples=num_resamples, seed=seed)
    return rows(res, problem["names"], [("S1", "S1", "S1_conf"), ("ST", "ST", "ST_conf")])
