"""Saltelli's extension of Sobol' sequences; Sobol indices S1, ST and (optionally) S2."""

from __future__ import annotations

from ._shared import needs_samples, rows

headline = "ST"
figures: dict[str, str] = {}
takes_values = False


def check(design):
    if failure := needs_samples(design, "sobol"):
        return failure
    if design.n & (design.n - 1):
        return "design.n", f"Sobol needs a power of two (e.g. 128, 256, 512), got {design.n}"
    return None


def points(design, parameters) -> int:
    d = len(parameters)
    return design.n * ((2 * d + 2) if design.calc_second_order else (d + 2))


def sample(design, problem: dict, parameters):
    from SALib.sample import sobol

    if design.n & (design.n - 1):
        raise ValueError(f"design.n: Sobol needs a power of two (e.g. 128, 256, 512), got {design.n}")
    return sobol.sample(problem, design.n, calc_second_order=design.calc_second_order, seed=design.seed)


def analyze(problem: dict, design, X, y, seed: int, num_resamples: int) -> list[dict]:
    from SALib.analyze import sobol

    second = design.calc_second_order
    res = sobol.analyze(problem, y, calc_second_order=second, num_resamples=num_resamples, seed=seed)
    out = rows(res, problem["names"], [("S1", "S1", "S1_conf"), ("ST", "ST", "ST_conf")])
    if second:
        names = problem["names"]
        for a in range(len(names)):
            for b in range(a + 1, len(names)):
                out.append(dict(index="S2", parameter=names[a], parameter2=names[b], value=float(res["S2"][a, b]),
                                conf=float(res["S2_conf"][a, b])))
    return out
