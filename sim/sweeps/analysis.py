"""Sensitivity indices (SALib) for many outputs at once, and per month for series, as tidy tables.

One table, one row per (output, month, index, parameter[, parameter2]) with its value and the
half-width of its confidence interval. ``month`` is empty for summary outputs. The design's method
(sim/sweeps/methods/) computes them: Sobol S1/ST/S2, Morris mu/mu*/sigma, FAST S1/ST, RBD-FAST S1 for
random and latin designs; grids get mean outputs per grid point instead. Replications are averaged
per design point.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..format import money
from ..metrics import SUMMARY
from ..stats import mean_ci
from . import methods
from .spec import DesignSpec
from .store import SweepTable

COLUMNS = ["output", "month", "index", "parameter", "parameter2", "value", "conf"]


def per_point(table: SweepTable) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Design matrix (points, d) and outputs averaged over replications: (points,) or (points, months)."""
    runs = table.runs
    reps = table.manifest["replications"]
    n_points = table.manifest["n_points"]
    X = runs[table.parameters].to_numpy()[::reps]
    outputs = {name: runs[name].to_numpy().reshape(n_points, reps).mean(axis=1) for name in table.outputs}
    outputs |= {name: v.reshape(n_points, reps, -1).mean(axis=1) for name, v in table.series.items()}
    return X, outputs


def indices(
    table: SweepTable,
    outputs: list[str] | None = None,
    months: list[int] | None = None,
    seed: int = 1,
    num_resamples: int = 100,
) -> pd.DataFrame:
    """Sensitivity indices of every (or the named) output; series outputs month by month."""
    manifest = table.manifest
    design = DesignSpec(**manifest["design"])
    analyze = methods.get(design.method).analyze
    if analyze is None:
        raise ValueError(f"no sensitivity indices for a {design.method} design; see grid_means")
    X, values = per_point(table)
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # constant outputs give NaN indices, not errors
        for output, y in values.items():
            if outputs is not None and output not in outputs:
                continue
            cols = [(None, y)] if y.ndim == 1 else [(m, y[:, m]) for m in (months or range(y.shape[1]))]
            for month, column in cols:
                found = analyze(dict(manifest["problem"]), design, X, column, seed, num_resamples)
                rows += [dict(output=output, month=month, **row) for row in found]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["month"] = frame["month"].astype("Int64")
    return frame


def grid_means(table: SweepTable) -> pd.DataFrame:
    """Mean and 95% interval over replications of each scalar output at each design point."""
    runs = table.runs
    rows = []
    for point, group in runs.groupby("point", sort=True):
        row = {"point": point, **{p: group[p].iloc[0] for p in table.parameters}}
        for name in table.outputs:
            m, lo, hi = mean_ci(group[name])
            row |= {name: m, f"{name}_low": lo, f"{name}_high": hi}
        rows.append(row)
    return pd.DataFrame(rows)


def ranking(frame: pd.DataFrame, method: str, top: int = 5) -> pd.DataFrame:
    """The most influential inputs per output, by the design's total-effect measure (Sobol/FAST ST,
    Morris mu*, RBD-FAST S1); a series output by its index averaged over the analysed months."""
    index = methods.get(method).headline
    data = frame[frame["index"] == index]
    ranked = (
        data.groupby(["output", "parameter"], sort=False)[["value", "conf"]]
        .mean()
        .reset_index()
        .sort_values(["output", "value"], ascending=[True, False], kind="stable")
    )
    ranked["rank"] = ranked.groupby("output").cumcount() + 1
    ranked.insert(2, "index", index)
    order = list(dict.fromkeys(frame["output"]))
    ranked["output"] = pd.Categorical(ranked["output"], order, ordered=True)
    ranked = ranked.sort_values(["output", "rank"]).astype({"output": str})
    return ranked[ranked["rank"] <= top][["output", "rank", "parameter", "index", "value", "conf"]].reset_index(
        drop=True
    )


def grid_ranking(means: pd.DataFrame, parameters: list[str], outputs: list[str], top: int = 5) -> pd.DataFrame:
    """For a grid: each parameter's influence on an output as the range (max - min) of the output's
    mean over that parameter's values, averaging over the other parameters."""
    rows = []
    for output in outputs:
        spans = {p: float(np.ptp(means.groupby(p)[output].mean().to_numpy())) for p in parameters}
        for rank, (p, span) in enumerate(sorted(spans.items(), key=lambda kv: -kv[1])[:top], start=1):
            rows.append(dict(output=output, rank=rank, parameter=p, index="range of means", value=span, conf=np.nan))
    return pd.DataFrame(rows, columns=["output", "rank", "parameter", "index", "value", "conf"])


def ranking_text(ranked: pd.DataFrame) -> str:
    """The ranking as a few terminal lines, one per output."""
    lines = []
    for output, rows in ranked.groupby("output", sort=False):
        dollars = (
            output in SUMMARY and SUMMARY[output].unit.startswith("$") and rows["index"].iloc[0] == "range of means"
        )
        words = [
            f"{r.parameter} {money(r.value) if dollars else f'{r.value:.3g}'}"
            + (f" (+-{r.conf:.2g})" if np.isfinite(r.conf) else "")
            for r in rows.itertuples()
        ]
        lines.append(f"{output} [{rows['index'].iloc[0]}]: " + ", ".join(words))
    return "\n".join(lines)
