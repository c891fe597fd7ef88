"""Iterated history matching: which environment parameters could have produced the data?

Why this method: the data are one organization's 36-odd monthly numbers, and the model is
stochastic, so a point estimate is not an answer. History matching (Craig et al. 1997; Vernon,
Goldstein & Bower 2010; Andrianakis et al. 2015) rules out every parameter set whose simulated
mean is *implausibly* far from the data, given three honest variances: the measurement error
the data file states, the organization's own month-to-month chance (estimated from the spread
of the replications at that parameter set: the data are one draw, not a mean), and a model
discrepancy. What is left, the not-ruled-out-yet (NROY) region, is the set of plausible
organizations. Unlike a likelihood over 36 autocorrelated months, it does not pretend the months
are independent evidence, so its intervals do not shrink faster than the data allow; and it
needs no emulator because the batched core evaluates a whole wave directly.

The first wave is a Latin hypercube over the prior (``scipy.stats.qmc``); later waves place their
points around the plausible points found so far (population Monte Carlo). Every wave is
simulated as one batch (points x replications, common random numbers: replication r of every
point uses the same seed). The plausible sets are every wave's NROY points, with importance
weights that make them one sample of the prior restricted to the plausible region, so the 90%
intervals are those of the plausible region, not of where the search happened to look.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import special, stats
from scipy.stats import qmc

from ..core.rng import derive_seeds
from ..params import ENVIRONMENT, spec
from ..runs.batched import simulate_rows, with_env
from ..runs.scenario import Scenario
from .data import Observed

# Observed series -> the environment parameters it informs first (used when --fit is not given).
INFORMS: dict[str, tuple[str, ...]] = {
    "employee_turnover": ("quit_base",),
    "churn_rate": ("churn_ceiling",),
    "active_customers": ("churn_ceiling", "bass_p"),
    "revenue": ("value_mean",),
    "profit": ("value_mean", "wage"),
    "nps": ("market_standard",),
    "mean_satisfaction": ("market_standard",),
}


def default_fit(observed: Observed) -> list[str]:
    """One parameter per observed aspect, the first of ``INFORMS`` the model has (no duplicates)."""
    names: list[str] = []
    for series in observed.series:
        for p in INFORMS.get(series, ()):
            if p in ENVIRONMENT and p not in names:
                names.append(p)
                break
    return names


def default_prior(scenario: Scenario, name: str) -> tuple[float, float]:
    """Half to one and a half times the scenario's value, within the parameter's bounds."""
    lo, hi = spec("environment", name)["bounds"]
    v = float(getattr(scenario.env, name))
    if v > 0:
        return max(lo, 0.5 * v), min(hi, 1.5 * v)
    return float(lo), float(hi)


@dataclass(frozen=True)
class Outputs:
    """The summaries compared, each a weighted sum of a series over its observed months: per series
    its level (mean of every observed month) and its trend (mean of the second half minus the first)."""

    names: list[str]
    series: list[str]
    months: list[np.ndarray]  # observed month indices of each output
    weights: list[np.ndarray]  # their weights
    z: np.ndarray  # observed summaries
    v_meas: np.ndarray  # their measurement variance
    scale: np.ndarray  # typical level of the series (for the discrepancy)


def outputs(observed: Observed) -> Outputs:
    names, series, months, weights, z, v, scale = [], [], [], [], [], [], []

    def add(label, name, m, w, val, sd, level):
        names.append(label)
        series.append(name)
        months.append(m)
        weights.append(w)
        z.append(float(w @ val))
        v.append(float((w**2) @ (sd**2)))
        scale.append(level)

    for name, (m, val, sd) in observed.series.items():
        level = float(np.mean(np.abs(val))) or 1.0
        add(f"{name} level", name, m, np.full(len(m), 1 / len(m)), val, sd, level)
        late = m >= (m.min() + m.max() + 1) / 2
        if late.sum() >= 2 and (~late).sum() >= 2:
            w = np.where(late, 1 / late.sum(), -1 / (~late).sum())
            add(f"{name} trend", name, m, w, val, sd, level)
    return Outputs(names, series, months, weights, np.array(z), np.array(v), np.array(scale))


def summarize(series: dict[str, np.ndarray], out: Outputs) -> np.ndarray:
    """(rows, outputs) simulated summaries at the observed months."""
    return np.stack([series[s][:, m] @ w for s, m, w in zip(out.series, out.months, out.weights)], axis=1)


def intrinsic_variance(sims: np.ndarray, X: np.ndarray) -> np.ndarray:
    """(points, outputs) variance of one organization's summary at each point.

    The sample variance of R replications is too noisy to divide by (a t statistic with R - 1
    degrees of freedom); the variance changes smoothly with the parameters, so its logarithm is
    regressed on them (quadratic-free, linear) over the whole wave, which pools the points'
    replications (Vernon et al. 2010 use an emulator of the variance in the same spirit).
    """
    n, R, _ = sims.shape
    s2 = sims.var(axis=1, ddof=1)
    floor = 1e-12 * (np.abs(sims).mean(axis=(0, 1)) + 1e-12) ** 2
    y = np.log(s2 + floor)
    df = R - 1
    y -= special.digamma(df / 2) - np.log(df / 2)  # E[log s2] = log sigma2 + this bias
    span = np.ptp(X, axis=0)
    Z = np.column_stack([np.ones(n), (X - X.min(axis=0)) / np.where(span > 0, span, 1)])
    if n <= Z.shape[1] + 2:
        return s2
    coef, *_ = np.linalg.lstsq(Z, y, rcond=None)
    return np.exp(Z @ coef)


def implausibility(sims: np.ndarray, out: Outputs, discrepancy: float, X: np.ndarray | None = None) -> np.ndarray:
    """(points, outputs) implausibility from (points, replications, outputs) simulated summaries."""
    R = sims.shape[1]
    mean = sims.mean(axis=1)
    if R < 2:
        v_intr = np.zeros_like(mean)
    else:
        v_intr = intrinsic_variance(sims, X) if X is not None else sims.var(axis=1, ddof=1)
    v = out.v_meas + v_intr * (1 + 1 / R) + (discrepancy * out.scale) ** 2
    v = np.maximum(v, (1e-9 * out.scale) ** 2)
    return np.abs(out.z - mean) / np.sqrt(v)


def default_cut(n_outputs: int, alpha: float = 0.05) -> float:
    """Bonferroni cut on the largest implausibility (the truth survives with about 1 - alpha),
    and never below Pukelsheim's three-sigma rule."""
    return max(3.0, float(stats.norm.ppf(1 - alpha / (2 * n_outputs))))


@dataclass(frozen=True)
class Proposal:
    """How a wave placed its points: a Latin hypercube over the prior (``centres`` None), or a
    mixture of Gaussians around earlier good points, truncated to the prior (population Monte
    Carlo, Beaumont et al. 2009: covariance twice the centres')."""

    centres: np.ndarray | None = None
    cov: np.ndarray | None = None
    inside: float = 1.0  # share of the mixture's mass inside the prior

    def density(self, X: np.ndarray, prior: np.ndarray) -> np.ndarray:
        volume = np.prod(prior[:, 1] - prior[:, 0])
        if self.centres is None:
            return np.full(len(X), 1.0 / volume)
        mix = np.mean(
            [stats.multivariate_normal(c, self.cov, allow_singular=True).pdf(X).reshape(len(X)) for c in self.centres],
            axis=0,
        )
        return mix / self.inside


def propose(
    prior: np.ndarray,
    n: int,
    seed: int,
    wave: int,
    X: np.ndarray | None = None,
    I: np.ndarray | None = None,
    cut: float = 3.0,
    min_centres: int = 20,
) -> tuple[np.ndarray, Proposal]:
    """The next wave's points: a Latin hypercube first, then a mixture around the plausible points
    so far (or, while there are few, the least implausible ``min_centres``)."""
    rng = np.random.default_rng([seed, wave])
    if X is None or I is None:
        sampler = qmc.LatinHypercube(d=len(prior), rng=rng)
        return qmc.scale(sampler.random(n), prior[:, 0], prior[:, 1]), Proposal()
    order = np.argsort(I)
    k = max(int(np.count_nonzero(I <= cut)), min(min_centres, len(I)))
    centres = X[order[:k]]
    width = prior[:, 1] - prior[:, 0]
    cov = 2.0 * np.atleast_2d(np.cov(centres, rowvar=False)) + np.diag((1e-3 * width) ** 2)
    out: list[np.ndarray] = []
    tried = 0
    while sum(len(o) for o in out) < n and tried < 1000 * n:
        draw = centres[rng.integers(len(centres), size=n)] + rng.multivariate_normal(np.zeros(len(prior)), cov, size=n)
        ok = np.all((draw >= prior[:, 0]) & (draw <= prior[:, 1]), axis=1)
        out.append(draw[ok])
        tried += n
    inside = sum(len(o) for o in out) / tried
    return np.concatenate(out)[:n], Proposal(centres, cov, inside)


def plausible_weights(X: np.ndarray, proposals: list[tuple[int, Proposal]], prior: np.ndarray) -> np.ndarray:
    """Importance weights making every wave's points one sample of the (uniform) prior: the
    deterministic-mixture weights 1 / sum_w n_w q_w(x) (Owen & Zhou 2000; Cornuet et al. 2012)."""
    density = np.asarray(sum(n * q.density(X, prior) for n, q in proposals))
    w = 1.0 / density
    return w / w.sum()


def evaluate(
    scenario: Scenario,
    names: list[str],
    X: np.ndarray,
    replications: int,
    seed: int,
    months: int,
    observed_series: list[str],
    on_rows: Callable[[float], None] | None = None,
) -> dict[str, np.ndarray]:
    """Simulate every point x replication as one batch; series of the observed names, (points, reps, months)."""
    seeds = derive_seeds(seed, replications)
    envs = [with_env(scenario.env, dict(zip(names, x))) for x in X for _ in range(replications)]
    schedules = [scenario.schedule] * len(envs)
    series = simulate_rows(
        scenario, envs, schedules, np.tile(seeds, len(X)), months, metrics=tuple(observed_series), on_rows=on_rows
    )
    return {k: v.reshape(len(X), replications, months) for k, v in series.items()}
