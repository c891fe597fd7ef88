"""Saltelli's extension of Sobol' sequences; Sobol indices S1, ST and (optionally) S2."""

from __future__ import annotations

import math

import numpy as np

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
                out.append(
                    dict(
                        index="S2",
                        parameter=names[a],
                        parameter2=names[b],
                        value=float(res["S2"][a, b]),
                        conf=float(res["S2_conf"][a, b]),
                    )
                )
    return out


def _power_of_two_above(x: float) -> int:
    return int(2 ** math.ceil(math.log2(max(x, 1.0))))


def second_order_lines(frame, n: int) -> list[str]:
    """How many second-order pairs each output resolves (95% interval excluding 0), and the N that
    would resolve the largest one left: an interval's width shrinks as 1/sqrt(N)."""
    s2 = frame[(frame["index"] == "S2") & frame["month"].isna()]
    lines = []
    for output, pairs in s2.groupby("output", sort=False):
        resolved = pairs[pairs["value"].abs() > pairs["conf"]]
        line = f"{output}: {len(resolved)} of {len(pairs)} second-order pairs resolved at N={n}"
        if len(resolved):
            top = resolved.loc[resolved["value"].abs().idxmax()]
            line += f" (largest {top.parameter} x {top.parameter2}: S2 {top.value:.3f} +- {top.conf:.3f})"
        left = pairs[(pairs["value"].abs() <= pairs["conf"]) & (pairs["value"].abs() > 0)]
        if len(left):
            top = left.loc[left["value"].abs().idxmax()]
            need = _power_of_two_above(n * (top.conf / abs(top.value)) ** 2)
            line += (
                f"; the largest unresolved, {top.parameter} x {top.parameter2} (S2 {top.value:.3f} +- "
                f"{top.conf:.3f}), would need N >= {need:,} if its estimate held"
            )
        lines.append(line)
    return lines


def stability_lines(problem: dict, design, values: dict, frame, seed: int, num_resamples: int) -> list[str]:
    """Is the ST ranking already stable? ST again from the first half of the base samples (Saltelli's
    rows come in blocks of one base sample each, so the first N/2 blocks are a design of N/2), and
    Spearman's rank correlation with the ranking at N; the top 5 compared."""
    from SALib.analyze import sobol
    from scipy.stats import spearmanr

    if design.n < 4:
        return []
    d = len(problem["names"])
    block = 2 * d + 2 if design.calc_second_order else d + 2
    half = design.n // 2 * block
    lines = []
    for output, y in values.items():
        if y.ndim != 1:
            continue
        st = frame[(frame["output"] == output) & (frame["index"] == "ST") & frame["month"].isna()]
        full = st.set_index("parameter")["value"].reindex(problem["names"]).to_numpy()
        res = sobol.analyze(
            problem, y[:half], calc_second_order=design.calc_second_order, num_resamples=num_resamples, seed=seed
        )
        if not (np.all(np.isfinite(full)) and np.all(np.isfinite(res["ST"]))):
            continue
        rho = float(spearmanr(full, res["ST"]).statistic) if d > 1 else 1.0
        k = min(5, d)
        same = set(np.argsort(-full)[:k]) == set(np.argsort(-res["ST"])[:k])
        verdict = "stable" if rho >= 0.9 and same else "NOT yet stable"
        lines.append(
            f"{output}: ST ranking at N/2={design.n // 2} against N={design.n}: Spearman {rho:.2f}, "
            f"top {k} {'the same' if same else 'different'}: {verdict}"
        )
    return lines
