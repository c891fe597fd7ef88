"""Morris elementary effects (trajectories); mu, mu* and sigma per input."""

from __future__ import annotations

from ._shared import needs_samples, rows

headline = "mu_star"
figures = {"morris_mu_star_sigma.png": "morris_scatter"}
takes_values = False


def check(design):
    if failure := needs_samples(design, "morris"):
        return failure
    if not (2 <= design.num_levels <= 100 and design.num_levels % 2 == 0):
        return "design.num_levels", f"Morris needs an even number of levels in [2, 100], got {design.num_levels}"
    if design.n < 2:
        return "design.n", f"Morris needs at least 2 trajectories, got {design.n}"
    return None


def points(design, parameters) -> int:
    return design.n * (len(parameters) + 1)


def sample(design, problem: dict, parameters):
    from SALib.sample import morris

    return morris.sample(problem, design.n, num_levels=design.num_levels, seed=design.seed)


def analyze(problem: dict, design, X, y, seed: int, num_resamples: int) -> list[dict]:
    from SALib.analyze import morris

    res = morris.analyze(problem, X, y, num_levels=design.num_levels, num_resamples=num_resamples, seed=seed)
    return rows(
        res, problem["names"], [("mu", "mu", ""), ("mu_star", "mu_star", "mu_star_conf"), ("sigma", "sigma", "")]
    )
