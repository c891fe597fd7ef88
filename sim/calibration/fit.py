"""``sim.calibrate``: fit environment parameters to an organization's data by history matching."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..files.checkpoints import Checkpoints
from ..params import ENVIRONMENT, spec
from ..runs.batched import with_env
from ..runs.runner import as_scenario
from ..runs.scenario import Scenario
from . import data as data_mod
from . import history as hm

NOT_IDENTIFIED_RATIO = 0.75  # 90% interval wider than this share of the prior: the data do not inform it
MIN_EFFECTIVE = 10  # fewer effective plausible sets than this: intervals not to be trusted
EDGE = 0.05  # a 90% interval ending within this share of the prior's width of its edge presses on it
MIN_RANGE = 1e-6  # a --fit range narrower than this share of the parameter's bounds: nothing to fit


class CalibrationError(InputError):
    """Calibration cannot go on as asked (one line saying why and what to change)."""


@dataclass
class Calibration:
    """The result: plausible parameter sets, their intervals, and what each says about the data."""

    scenario: Scenario  # the base organization
    observed: data_mod.Observed
    names: list[str]
    prior: np.ndarray  # (d, 2)
    plausible: pd.DataFrame  # one row per plausible set: parameters + max implausibility
    curves: dict[str, np.ndarray]  # observed series -> (plausible sets, replications, months)
    waves: list[dict]  # per wave: points, plausible, box
    model_runs: int
    cut: float
    settings: dict = field(default_factory=dict)
    reach: pd.DataFrame | None = None  # per data summary: observed, closest simulated mean, best implausibility
    scale: float = 1.0  # the simulated organization's size relative to ``scenario``

    @property
    def effective_sets(self) -> float:
        """Effective number of plausible sets (Kish): what the intervals rest on."""
        w = self.plausible["weight"].to_numpy()
        return float(w.sum() ** 2 / (w**2).sum())

    @property
    def best(self) -> dict[str, float]:
        """The plausible set that fits best (smallest largest implausibility)."""
        row = self.plausible.loc[self.plausible["implausibility"].idxmin()]
        return {n: float(row[n]) for n in self.names}

    def intervals(self) -> pd.DataFrame:
        """Per parameter: prior, median, 90% interval, width relative to the prior, verdict."""
        rows = []
        for i, n in enumerate(self.names):
            x, wt = self.plausible[n].to_numpy(), self.plausible["weight"].to_numpy()
            lo, med, hi = weighted_quantile(x, wt, [0.05, 0.5, 0.95])
            plo, phi = self.prior[i]
            ratio = (hi - lo) / (phi - plo)
            verdict = "identified"
            if self.effective_sets < MIN_EFFECTIVE:
                verdict = "unknown: too few plausible sets"
            elif ratio > NOT_IDENTIFIED_RATIO:
                verdict = "not identified"
            elif multimodal(x, plo, phi, wt):
                verdict = "not identified (multimodal)"
            edge, suggestion = prior_edge(n, plo, phi, lo, med, hi) if ratio <= NOT_IDENTIFIED_RATIO else ("", "")
            rows.append(
                dict(
                    parameter=n,
                    unit=spec("environment", n)["unit"],
                    prior_low=plo,
                    prior_high=phi,
                    median=med,
                    low_90=lo,
                    high_90=hi,
                    width_vs_prior=ratio,
                    best=self.best[n],
                    verdict=verdict,
                    prior_edge=edge,
                    try_fit=suggestion,
                )
            )
        return pd.DataFrame(rows)

    def unreachable(self) -> list[str]:
        """One line per data summary that no simulated parameter set came close to (its smallest
        implausibility is above the cut): what the model, over this prior, cannot reproduce."""
        if self.reach is None:
            return []
        return [
            f"the model cannot reach {r.output}: observed {r.observed:.4g}, simulated means over the prior "
            f"{r.sim_low:.4g} to {r.sim_high:.4g} (closest implausibility {r.best_implausibility:.1f}, cut {self.cut:.1f})"
            for r in self.reach.itertuples()
            if r.best_implausibility > self.cut
        ]

    def messages(self) -> list[str]:
        """Plain sentences: what was fitted, and a clear warning for each parameter the data cannot pin down."""
        lines = list(self.observed.notes)
        if self.scale != 1.0:
            lines.append(
                f"simulated at scale {self.scale:.4g} of the organization (--scale); the fitted scenario "
                "keeps the full sizes (its environment is per employee and per customer)"
            )
        table = self.intervals()
        lines += self.unreachable()
        if self.effective_sets < MIN_EFFECTIVE:
            cut = [r.try_fit for r in table.itertuples() if r.try_fit.startswith("--fit")]
            advice = (
                f"first widen the range that cuts the data off ({' '.join(cut)}), then run more --points or "
                "--waves if still few"
                if cut
                else "run more --points or --waves"
            )
            lines.append(
                f"WARNING: only {self.effective_sets:.1f} effective plausible sets ({len(self.plausible)} found): "
                f"the intervals below are not to be trusted; {advice}"
            )
        for r in table.itertuples():
            span = f"{r.median:.4g} (90% interval {r.low_90:.4g} to {r.high_90:.4g}; prior {r.prior_low:.4g} to {r.prior_high:.4g})"
            if r.prior_edge:
                lines.append(
                    f"{r.parameter}: CUT OFF BY ITS RANGE: {span}: the plausible values press on the "
                    f"{r.prior_edge} edge, so the data may lie beyond it; try {r.try_fit}"
                )
            elif r.verdict == "identified":
                lines.append(f"{r.parameter}: {span}, {1 / max(r.width_vs_prior, 1e-9):.1f}x narrower than the prior")
            elif r.verdict.startswith("unknown"):
                lines.append(f"{r.parameter}: {span}")
            elif "multimodal" in r.verdict:
                lines.append(
                    f"{r.parameter}: NOT IDENTIFIED: the plausible values fall in separate groups {span}; "
                    "the data allow several distinct values, do not use one number"
                )
            else:
                lines.append(
                    f"{r.parameter}: NOT IDENTIFIED: the data rule out little of its range {span}; "
                    "its value is the prior's, not the data's"
                )
        return lines

    def fitted_scenario(self, name: str | None = None) -> Scenario:
        """The base organization with the best plausible set; its plausible sets go beside the file."""
        env = with_env(self.scenario.env, self.best)
        return dataclasses.replace(
            self.scenario, name=name or f"{self.scenario.name} (calibrated)", env=env, question="", path=""
        )

    def write(self, out: str | Path) -> list[Path]:
        from .report import write

        return write(self, Path(out))


def prior_edge(
    name: str, prior_low: float, prior_high: float, low: float, median: float, high: float
) -> tuple[str, str]:
    """Which edge of its prior a parameter's plausible values press on ('lower', 'upper' or ''): the
    90% interval ends within ``EDGE`` of the prior's width of that edge and the median lies in the
    third of the prior next to it. Returns the edge and the ``--fit NAME=LOW:HIGH`` to try: the range
    extended by its own width on that side, within the parameter's bounds (no suggestion when that
    edge is a hard bound). An interval touching both edges is not identified, not cut off (and one
    spanning most of the prior is not asked)."""
    width = prior_high - prior_low
    at_low = low - prior_low < EDGE * width and median < prior_low + width / 3
    at_high = prior_high - high < EDGE * width and median > prior_high - width / 3
    if at_low == at_high:
        return "", ""
    blo, bhi = spec("environment", name)["bounds"]
    if at_low:
        new = max(blo, prior_low - width)
        return "lower", (
            f"--fit {name}={new:.4g}:{prior_high:.4g}"
            if new < prior_low
            else f"(none: {prior_low:.4g} is the parameter's lowest allowed value)"
        )
    new = min(bhi, prior_high + width)
    return "upper", (
        f"--fit {name}={prior_low:.4g}:{new:.4g}"
        if new > prior_high
        else f"(none: {prior_high:.4g} is the parameter's highest allowed value)"
    )


def scaled_scenario(scenario: Scenario, scale: float) -> Scenario:
    """The organization ``scale`` times the size (employees and customer slots, rounded; suppliers
    kept): the same environment per employee and per customer, so the same economics, with more
    month-to-month chance. ``scale`` 1 returns ``scenario`` itself."""
    if scale == 1.0:
        return scenario
    if not 0 < scale < 1:
        raise CalibrationError(f"--scale {scale:g}: must be in (0, 1]: the share of the organization to simulate")
    e, c = round(scenario.sizes.n_employees * scale), round(scenario.sizes.n_customers * scale)
    for key, value in (("n_employees", e), ("n_customers", c)):
        lo = spec("sizes", key)["bounds"][0]
        if value < lo:
            raise CalibrationError(
                f"--scale {scale:g}: gives {key} = {value}, below its least {lo:g}; use a larger scale"
            )
    most = round(scenario.sizes.max_employees * scale)  # 0 (twice the headcount) stays 0
    sizes = dataclasses.replace(scenario.sizes, n_employees=e, n_customers=c, max_employees=most)
    return dataclasses.replace(scenario, sizes=sizes)


def weighted_quantile(x: np.ndarray, w: np.ndarray, q) -> np.ndarray:
    order = np.argsort(x)
    x, w = x[order], w[order]
    cdf = (np.cumsum(w) - 0.5 * w) / w.sum()
    return np.interp(q, cdf, x)


def multimodal(x: np.ndarray, lo: float, hi: float, w: np.ndarray | None = None, min_mass: float = 0.1) -> bool:
    """Two groups of plausible values (each at least ``min_mass``) separated by two or more empty bins."""
    w = np.ones(len(x)) if w is None else w
    n_eff = w.sum() ** 2 / (w**2).sum()
    bins = int(np.clip(n_eff // 4, 4, 12))
    counts, _ = np.histogram(x, bins=bins, range=(lo, hi), weights=w)
    occupied = np.flatnonzero(counts)
    if len(occupied) < 2:
        return False
    for a, b in zip(occupied[:-1], occupied[1:]):
        if b - a > 2:
            left = counts[: a + 1].sum() / counts.sum()
            if min_mass <= left <= 1 - min_mass:
                return True
    return False


def parse_fit(items: list[str] | None, scenario: Scenario, observed) -> tuple[list[str], np.ndarray]:
    """``NAME`` or ``NAME=LOW:HIGH`` items -> names and prior box; default: the identifiable ones."""
    items = items or hm.default_fit(observed)
    if not items:
        raise CalibrationError(f"{observed.source}: no series that informs a default parameter; name them with --fit")
    names, box = [], []
    for item in items:
        name, _, rng = item.partition("=")
        name = name.strip()
        if name not in ENVIRONMENT:
            raise CalibrationError(f"--fit {item}: unknown environment parameter; see `culturesim params`")
        if name in names:
            raise CalibrationError(f"--fit {item}: {name} given twice")
        blo, bhi = spec("environment", name)["bounds"]
        if rng:
            try:
                lo, hi = (float(v) for v in rng.split(":"))
            except ValueError:
                raise CalibrationError(f"--fit {item}: range must be LOW:HIGH within [{blo:g}, {bhi:g}]") from None
            if not (blo <= lo < hi <= bhi):
                raise CalibrationError(
                    f"--fit {item}: range must be LOW:HIGH with LOW < HIGH within [{blo:g}, {bhi:g}]"
                )
            if hi - lo < MIN_RANGE * (bhi - blo):
                raise CalibrationError(
                    f"--fit {item}: range narrower than the parameter's resolution; make it at "
                    f"least {MIN_RANGE * (bhi - blo):.3g} wide (a millionth of [{blo:g}, {bhi:g}])"
                )
        else:
            lo, hi = hm.default_prior(scenario, name)
        names.append(name)
        box.append((lo, hi))
    return names, np.array(box, dtype=float)


def calibrate(
    data,
    scenario,
    fit: list[str] | None = None,
    out: str | Path | None = None,
    *,
    points: int = 120,
    replications: int = 6,
    waves: int = 6,
    seed: int = 1,
    discrepancy: float = 0.02,
    cut: float | None = None,
    progress: Callable[[str, float], None] | None = None,
    rates_per: str | None = None,
    scale: float = 1.0,
) -> Calibration:
    """Fit environment parameters of ``scenario`` to observed ``data`` (CSV path, DataFrame or Observed).

    ``fit``: parameter names, each optionally ``NAME=LOW:HIGH`` (default prior: half to one and a
    half times the scenario's value). Each wave simulates ``points`` parameter sets x
    ``replications`` as one batch. With ``out``, every wave is checkpointed there and a re-run
    resumes; the results are written there at the end. ``rates_per``: the unit of the data's rates
    (see sim.calibration.data.check_rates). ``scale`` < 1 simulates an organization that much smaller
    (``scaled_scenario``) against the data scaled to match (counts and money); the fitted scenario
    keeps the full sizes.
    """
    observed = (
        data
        if isinstance(data, data_mod.Observed)
        else (data_mod.from_frame(data) if isinstance(data, pd.DataFrame) else data_mod.read(data))
    )
    observed = data_mod.check_rates(observed, rates_per)
    scenario = as_scenario(scenario)
    simulated = scaled_scenario(scenario, scale)
    if simulated is not scenario:
        observed = data_mod.scaled(observed, simulated.sizes.n_customers / scenario.sizes.n_customers)
    names, prior = parse_fit(fit, scenario, observed)
    months = observed.months
    outs = hm.outputs(observed)
    cut = cut if cut is not None else hm.default_cut(len(outs.z))
    settings = dict(
        data=observed.frame().to_dict("list"),
        scenario=repr(scenario),
        names=names,
        prior=prior.tolist(),
        points=points,
        replications=replications,
        waves=waves,
        seed=seed,
        discrepancy=discrepancy,
        cut=cut,
        **({"scale": scale} if scale != 1.0 else {}),
    )
    store = Checkpoints(out, "calibrate", settings) if out is not None else None
    history: list[dict] = []
    every: list[tuple[np.ndarray, np.ndarray, dict]] = []
    proposals: list[tuple[int, hm.Proposal]] = []
    summaries: list[tuple[np.ndarray, np.ndarray]] = []
    min_plausible = 10 * len(names)  # effective plausible sets wanted before stopping
    runs = 0
    for w in range(waves):
        if every:
            allX = np.concatenate([x for x, _, _ in every])
            allI = np.concatenate([i for _, i, _ in every])
            X, proposal = hm.propose(prior, points, seed, w, allX, allI, cut, min_plausible)
        else:
            X, proposal = hm.propose(prior, points, seed, w)
        saved = store.load(w) if store else None
        if saved is not None and np.array_equal(saved["X"], X):
            curves = {k[6:]: v for k, v in saved.items() if k.startswith("curve_")}
        else:
            tick = (lambda n: progress("", n / (points * replications))) if progress else None
            curves = hm.evaluate(simulated, names, X, replications, seed, months, list(observed.series), on_rows=tick)
            if store:
                store.save(w, {"X": X, **{f"curve_{k}": v for k, v in curves.items()}}, points * replications)
        flat = {k: v.reshape(-1, months) for k, v in curves.items()}
        sims = hm.summarize(flat, outs).reshape(points, replications, -1)
        per_output = hm.implausibility(sims, outs, discrepancy, X)
        I = per_output.max(axis=1)
        summaries.append((sims.mean(axis=1), per_output))
        runs += points * replications
        every.append((X, I, curves))
        proposals.append((len(X), proposal))
        allX = np.concatenate([x for x, _, _ in every])
        allI = np.concatenate([i for _, i, _ in every])
        keep = allI <= cut
        ess = 0.0
        if keep.any():
            wt = hm.plausible_weights(allX, proposals, prior)[keep]
            ess = float(wt.sum() ** 2 / (wt**2).sum())
        history.append(
            dict(
                wave=w + 1,
                points=points,
                plausible=int((I <= cut).sum()),
                min_implausibility=float(I.min()),
                effective_plausible=round(ess, 1),
            )
        )
        if progress:
            progress(f"wave {w + 1}: {int((I <= cut).sum())} of {points} plausible", 0.0)
        if ess >= min_plausible:
            break
    allX = np.concatenate([x for x, _, _ in every])
    I = np.concatenate([i for _, i, _ in every])
    keep = I <= cut
    means = np.concatenate([m for m, _ in summaries])
    per_output = np.concatenate([p for _, p in summaries])
    reach = pd.DataFrame(
        dict(
            output=outs.names,
            observed=outs.z,
            sim_low=means.min(axis=0),
            sim_high=means.max(axis=0),
            best_implausibility=per_output.min(axis=0),
        )
    )
    if not keep.any():
        closest = allX[np.argsort(I)[:10]]  # where the least implausible sets sit in the prior
        hints = [
            s
            for i, n in enumerate(names)
            if (s := prior_edge(n, *prior[i], *np.quantile(closest[:, i], [0, 0.5, 1]))[1]).startswith("--fit")
        ]
        cannot = [
            f"{r.output} (observed {r.observed:.4g}, simulated {r.sim_low:.4g} to {r.sim_high:.4g})"
            for r in reach.itertuples()
            if r.best_implausibility > cut
        ]
        raise CalibrationError(
            f"{observed.source}: no parameter set in the prior reproduces the data (smallest implausibility "
            f"{I.min():.1f}, cut {cut:.1f})"
            + (f"; out of the model's reach: {', '.join(cannot)}" if cannot else "")
            + (
                f"; the closest sets press on an edge: try {' '.join(hints)}"
                if hints
                else "; widen the ranges (--fit NAME=LOW:HIGH), fit other parameters, or check the base scenario"
            )
        )
    curves = {k: np.concatenate([c[k] for _, _, c in every])[keep] for k in every[0][2]}
    plausible = pd.DataFrame(allX[keep], columns=names)
    plausible["implausibility"] = I[keep]
    weight = hm.plausible_weights(allX, proposals, prior)[keep]
    plausible["weight"] = weight / weight.sum()
    result = Calibration(
        scenario, observed, names, prior, plausible, curves, history, runs, cut, settings, reach, scale
    )
    if out is not None:
        result.write(out)
    return result
