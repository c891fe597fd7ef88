"""Calibration outputs: intervals and plausible sets (CSV), figures, the fitted scenario, provenance."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from ..files.checkpoints import identity
from ..files.output import atomic_write, write_table
from ..runs.plots import tidy_axis
from ..runs.scenario_write import write_scenario
from .data import OBSERVABLE

PLAUSIBLE_SUFFIX = ".plausible.csv"  # beside a fitted scenario file: its plausible parameter sets


def fit_figure(cal, band=(5, 95)) -> Figure:
    """Observed (dots) against simulated: median and band over plausible sets (drawn by weight) x replications."""
    names = list(cal.observed.series)
    cols = 2 if len(names) > 1 else 1
    rows = (len(names) + cols - 1) // cols
    fig = Figure(figsize=(6 * cols, 2.6 * rows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False, sharex=True)).ravel()
    weight = cal.plausible["weight"].to_numpy()  # draw sets by their weights: a sample of the plausible region
    pick = np.random.default_rng(0).choice(len(weight), size=400, p=weight / weight.sum())
    for ax, name in zip(axes, names):
        m, v, sd = cal.observed.series[name]
        y = cal.curves[name][pick].reshape(-1, cal.curves[name].shape[-1])
        t = np.arange(y.shape[1])
        lo, mid, hi = np.percentile(y, [band[0], 50, band[1]], axis=0)
        ax.fill_between(t, lo, hi, alpha=0.25, color="C0", label=f"simulated {band[0]}-{band[1]}%")
        ax.plot(t, mid, color="C0", label="simulated median")
        if np.any(sd > 0):
            ax.errorbar(m, v, yerr=sd, fmt="o", ms=3, color="k", lw=0.8, label="observed")
        else:
            ax.plot(m, v, "o", ms=3, color="k", label="observed")
        ax.set_title(OBSERVABLE[name], fontsize=9)
        tidy_axis(ax, "$" if "$" in OBSERVABLE[name] else "")  # $1.10M, not a 1e6 offset
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    axes[0].legend(fontsize=7)
    for ax in axes[-cols:]:
        ax.set_xlabel("month")
    fig.suptitle(f"{cal.scenario.name}: observed and simulated ({len(cal.plausible)} plausible sets)", fontsize=10)
    return fig


def pairs_figure(cal) -> Figure:
    """Pairs plot of the plausible sets within the prior box (histograms on the diagonal)."""
    d = len(cal.names)
    fig = Figure(figsize=(2.2 * d + 0.5, 2.2 * d + 0.5), layout="constrained")
    axes = fig.subplots(d, d, squeeze=False)
    X = cal.plausible[cal.names].to_numpy()
    for i in range(d):
        for j in range(d):
            ax = axes[i, j]
            if i == j:
                ax.hist(X[:, i], bins=15, range=tuple(cal.prior[i]), color="C0")
            elif i > j:
                ax.scatter(X[:, j], X[:, i], s=6, c=cal.plausible["implausibility"], cmap="viridis_r")
                ax.set_xlim(*cal.prior[j])
                ax.set_ylim(*cal.prior[i])
            else:
                ax.set_visible(False)
            if i == d - 1:
                ax.set_xlabel(cal.names[j], fontsize=8)
            if j == 0 and i > 0:
                ax.set_ylabel(cal.names[i], fontsize=8)
            ax.tick_params(labelsize=6)
    fig.suptitle("Plausible parameter sets (axes span the prior)", fontsize=10)
    return fig


def _save(fig: Figure, path: Path) -> Path:
    return atomic_write(path, lambda p: fig.savefig(p, dpi=110, format="png"))


def write(cal, out: Path) -> list[Path]:
    """Everything a strategist needs in ``out``: tables, figures, fitted scenario and provenance."""
    from ..files.provenance import record

    out.mkdir(parents=True, exist_ok=True)
    stem = Path(cal.scenario.path).stem if cal.scenario.path else "organization"
    fitted = cal.fitted_scenario()
    scenario_path = out / f"{stem}_calibrated.toml"
    comment = (
        "Calibrated by `culturesim calibrate` (history matching) to "
        + (cal.observed.source or "data")
        + ".\nEnvironment: the best-fitting plausible set; every plausible set is in the file beside this one."
    )
    files = [
        write_table(cal.intervals(), out / "intervals.csv"),
        write_table(cal.plausible, out / "plausible_sets.csv"),
        write_scenario(fitted, scenario_path, comment),
        write_table(cal.plausible, scenario_path.with_suffix("").with_name(scenario_path.stem + PLAUSIBLE_SUFFIX)),
        _save(fit_figure(cal), out / "observed_vs_simulated.png"),
        _save(pairs_figure(cal), out / "pairs.png"),
    ]
    text = "\n".join(cal.messages()) + "\n"
    files.append(atomic_write(out / "summary.txt", lambda p: p.write_text(text)))
    provenance = dict(
        job="calibrate",
        method="iterated history matching (Latin hypercube waves, implausibility cut)",
        identity=identity(cal.settings),
        data=cal.observed.source,
        scenario=cal.scenario.path or cal.scenario.name,
        parameters=cal.names,
        prior=cal.prior.tolist(),
        cut=cal.cut,
        waves=cal.waves,
        model_runs=cal.model_runs,
        settings={k: v for k, v in cal.settings.items() if k not in ("data", "scenario")},
        code=record(seed=cal.settings.get("seed")),
    )
    files.append(atomic_write(out / "provenance.json", lambda p: p.write_text(json.dumps(provenance, indent=1))))
    return files
