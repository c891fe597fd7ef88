"""``sim.calibrate``: fit environment parameters to an organization's data by history matching."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..runs.batched import with_env
from ..files.checkpoints import Checkpoints
from ..params import ENVIRONMENT, spec
from ..runs.runner import as_scenario
from ..errors import InputError
from ..runs.scenario import Scenario
from . import data as data_mod
from . import history as hm

NOT_IDENTIFIED_RATIO = 0.75     # 90% interval wider than this share of the prior: the data do not inform it
MIN_EFFECTIVE = 10              # fewer effective plausible sets than this: intervals not to be trusted
MIN_RANGE = 1e-6                # a --fit range narrower than this share of the parameter's bounds: nothing to fit


class CalibrationError(InputError):
    """Calibration cannot go on as asked (one line saying why and what to change)."""


@dataclass
class Calibration:
    """The result: plausible parameter sets, their intervals, and what each says about the data."""
    scenario: Scenario                 # the base organization
    observed: data_mod.Observed
    names: list[str]
    prior: np.ndarray                  # (d, 2)
    plausible: pd.DataFrame            # one row per plausible set: parameters + max implausibility
    curves: dict[str, np.ndarray]      # observed series -> (plausible sets, replications, months)
    waves: list[dict]                  # per wave: points, plausible, box
    model_runs: int
    cut: float
    settings: dict = field(default_factory=dict)

    @property
    def effective_sets(self) -> float:
        """Effective number of plausible sets (Kish): what the intervals rest on."""
        w = self.plausible["weight"].to_numpy()
        return float(w.sum() ** 2 / (w ** 2).sum())

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
            rows.append(dict(parameter=n, unit=spec("environment", n)["unit"], prior_low=plo, prior_high=phi,
                             median=med, low_90=lo, high_90=hi, width_vs_prior=ratio, best=self.best[n],
                             verdict=verdict))
        return pd.DataFrame(rows)

    def messages(self) -> list[str]:
        """Plain sentences: what was fitted, and a clear warning for each parameter the data cannot pin down."""
        lines = []
        if self.effective_sets < MIN_EFFECTIVE:
            lines.append(f"WARNING: only {self.effective_sets:.1f} effective plausible sets ({len(self.plausible)} found): "
                         "the intervals below are not to be trusted; run more --points or --waves")
        for r in self.intervals().itertuples():
            span = f"{r.median:.4g} (90% interval {r.low_90:.4g} to {r.high_90:.4g}; prior {r.prior_low:.4g} to {r.prior_high:.4g})"
            if r.verdict == "identified":
                lines.append(f"{r.parameter}: {span}, {1 / max(r.width_vs_prior, 1e-9):.1f}x narrower than the prior")
            elif r.verdict.startswith("unknown"):
                lines.append(f"{r.parameter}: {span}")
            elif "multimodal" in r.verdict:
                lines.append(f"{r.parameter}: NOT IDENTIFIED: the plausible values fall in separate groups {span}; "
                             "the data allow several distinct values, do not use one number")
            else:
                lines.append(f"{r.parameter}: NOT IDENTIFIED: the data rule out little of its range {span}; "
                             "its value is the prior's, not the data's")
        return lines

    def fitted_scenario(self, name: str | None = None) -> Scenario:
        """The base organization with the best plausible set; its plausible sets go beside the file."""
        env = with_env(self.scenario.env, self.best)
        return dataclasses.replace(self.scenario, name=name or f"{self.scenario.name} (calibrated)", env=env,
                                   question="", path="")

    def write(self, out: str | Path) -> list[Path]:
        from .report import write
        return write(self, Path(out))


def weighted_quantile(x: np.ndarray, w: np.ndarray, q) -> np.ndarray:
    order = np.argsort(x)
    x, w = x[order], w[order]
    cdf = (np.cumsum(w) - 0.5 * w) / w.sum()
    return np.interp(q, cdf, x)


def multimodal(x: np.ndarray, lo: float, hi: float, w: np.ndarray | None = None, min_mass: float = 0.1) -> bool:
    """Two groups of plausible values (each at least ``min_mass``) separated by two or more empty bins."""
    w = np.ones(len(x)) if w is None else w
    n_eff = w.sum() ** 2 / (w ** 2).sum()
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
                raise CalibrationError(f"--fit {item}: range must be LOW:HIGH with LOW < HIGH within [{blo:g}, {bhi:g}]")
            if hi - lo < MIN_RANGE * (bhi - blo):
                raise CalibrationError(f"--fit {item}: range narrower than the parameter's resolution; make it at "
                                       f"least {MIN_RANGE * (bhi - blo):.3g} wide (a millionth of [{blo:g}, {bhi:g}])")
        else:
            lo, hi = hm.default_prior(scenario, name)
        names.append(name)
        box.append((lo, hi))
    return names, np.array(box, dtype=float)


def calibrate(data, scenario, fit: list[str] | None = None, out: str | Path | None = None, *,
              points: int = 120, replications: int = 6, waves: int = 6, seed: int = 1,
              discrepancy: float = 0.02, cut: float | None = None, progress: Callable[[str, float], None] | None = None,
              ) -> Calibration:
    """Fit environment parameters of ``scenario`` to observed ``data`` (CSV path, DataFrame or Observed).

    ``fit``: parameter names, each optionally ``NAME=LOW:HIGH`` (default prior: half to one and a
    half times the scenario's value). Each wave simulates ``points`` parameter sets x
    ``replications`` as one batch. With ``out``, every wave is checkpointed there and a re-run
    resumes; the results are written there at the end.
    """
    observed = data if isinstance(data, data_mod.Observed) else (
        data_mod.from_frame(data) if isinstance(data, pd.DataFrame) else data_mod.read(data))
    scenario = as_scenario(scenario)
    names, prior = parse_fit(fit, scenario, observed)
    months = observed.months
    outs = hm.outputs(observed)
    cut = cut if cut is not None else hm.default_cut(len(outs.z))
    settings = dict(data=observed.frame().to_dict("list"), scenario=repr(scenario), names=names, prior=prior.tolist(),
                    points=points, replications=replications, waves=waves, seed=seed,
                    discrepancy=discrepancy, cut=cut)
    store = Checkpoints(out, "calibrate", settings) if out is not None else None
    history: list[dict] = []
    every: list[tuple[np.ndarray, np.ndarray, dict]] = []
    proposals: list[tuple[int, hm.Proposal]] = []
    min_plausible = 10 * len(names)     # effective plausible sets wanted before stopping
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
            I, curves = saved["I"], {k[6:]: v for k, v in saved.items() if k.startswith("curve_")}
        else:
            tick = (lambda n: progress("", n / (points * replications))) if progress else None
            curves = hm.evaluate(scenario, names, X, replications, seed, months, list(observed.series), on_rows=tick)
            flat = {k: v.reshape(-1, months) for k, v in curves.items()}
            sims = hm.summarize(flat, outs).reshape(points, replications, -1)
            I = hm.implausibility(sims, outs, discrepancy, X).max(axis=1)
            if store:
                store.save(w, {"X": X, "I": I, **{f"curve_{k}": v for k, v in curves.items()}}, points * replications)
        runs += points * replications
        every.append((X, I, curves))
        proposals.append((len(X), proposal))
        allX = np.concatenate([x for x, _, _ in every])
        allI = np.concatenate([i for _, i, _ in every])
        keep = allI <= cut
        ess = 0.0
        if keep.any():
            wt = hm.plausible_weights(allX, proposals, prior)[keep]
            ess = float(wt.sum() ** 2 / (wt ** 2).sum())
        history.append(dict(wave=w + 1, points=points, plausible=int((I <= cut).sum()),
                            min_implausibility=float(I.min()), effective_plausible=round(ess, 1)))
        if progress:
            progress(f"wave {w + 1}: {int((I <= cut).sum())} of {points} plausible", 0.0)
        if ess >= min_plausible:
            break
    allX = np.concatenate([x for x, _, _ in every])
    I = np.concatenate([i for _, i, _ in every])
    keep = I <= cut
    if not keep.any():
        raise CalibrationError(
            f"{observed.source}: no parameter set in the prior reproduces the data (smallest implausibility "
            f"{I.min():.1f}, cut {cut:.1f}); widen the ranges (--fit NAME=LOW:HIGH), fit other parameters, "
            "or check the base scenario")
    curves = {k: np.concatenate([c[k] for _, _, c in every])[keep] for k in every[0][2]}
    plausible = pd.DataFrame(allX[keep], columns=names)
    plausible["implausibility"] = I[keep]
    weight = hm.plausible_weights(allX, proposals, prior)[keep]
    plausible["weight"] = weight / weight.sum()
    result = Calibration(scenario, observed, names, prior, plausible, curves,
                         history, runs, cut, settings)
    if out is not None:
        result.write(out)
    return result
