"""Experiment specs (TOML): what to vary, how to sample it, what to keep. Loading and validation.

Every problem is a ``SpecError`` (an ``InputError``, so the CLI prints it on one line and exits
with status 2) naming the spec file, the key and what is allowed. Nothing is written before the
whole spec, its base scenario and its design are valid.

File shape::

    [experiment]
    name = "Sobol over the levers"      # optional; defaults to the file name
    scenario = "../scenarios/step3_link_employees_with_users.toml"   # base scenario, relative to this file
    months = 60; warmup = 24            # optional; default: the scenario's
    replications = 1; seed = 1          # replication r of every design point runs seed derive_seeds(seed, R)[r]
    batch_size = 256                    # runs per part file (capped by memory_budget / run size)
    memory_budget = 1e9                 # bytes per batch (sim.core.scenarios_per_batch)
    vary_all = ["levers"]               # optional: vary every parameter of these groups at its bounds

    [sizes]                             # overrides of the scenario's sizes

    [design]
    method = "sobol"                    # grid, random, latin, sobol, morris, fast (sim/sweeps/methods/)
    n = 256                             # base samples (sobol: a power of two; morris: trajectories)
    seed = 1                            # seed of the sampler
    calc_second_order = true            # sobol; num_levels = 4 (morris); M = 4 (fast); levels = 5 (grid)

    [parameters]                        # levers or environment parameters by name
    cost_focus = {}                     # default: the parameter's bounds from sim.params, uniform
    team_size = { bounds = [4, 16] }
    churn_floor = { dist = "triang", bounds = [0.0, 0.01, 0.4] }   # SALib dists and their bounds
    training = { values = [0.2, 0.5, 0.8] }   # grid only: explicit values, or levels = k

    [outputs]
    summary = ["npv", "mean_loyalty"]   # names from sim.metrics.SUMMARY
    series = ["mean_loyalty"]           # optional: monthly series from sim.metrics.SERIES
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import limits
from ..core import scenarios_per_batch
from ..errors import InputError, did_you_mean, quote, show
from ..metrics import SERIES, SUMMARY
from ..params import ENVIRONMENT, LEVERS, Sizes
from ..params import spec as param_spec
from ..runs.scenario import Scenario, ScenarioError, parse_params, read_toml
from ..runs.scenario import load as load_scenario
from .methods import METHODS


class SpecError(InputError):
    """A bad experiment spec: one line naming file, key and what is allowed."""


DIST_BOUNDS = {"unif": 2, "triang": 3, "norm": 2, "truncnorm": 4, "lognorm": 2}  # SALib's dists
GROUPS = {"levers": LEVERS, "environment": ENVIRONMENT}
TABLES = {"experiment", "sizes", "design", "parameters", "outputs"}
EXPERIMENT_KEYS = {
    "name": str,
    "question": str,
    "scenario": str,
    "months": int,
    "warmup": int,
    "replications": int,
    "seed": int,
    "batch_size": int,
    "memory_budget": (int, float),
    "vary_all": list,
}
LIMITS = {
    "months": limits.MONTHS,
    "warmup": limits.WARMUP,
    "replications": limits.SWEEP_REPLICATIONS,
    "seed": limits.SEED,
    "batch_size": limits.BATCH_SIZE,
    "memory_budget": limits.BATCH_MEMORY,
    "n": limits.SAMPLES,
    "num_levels": limits.DESIGN_INT,
    "M": limits.DESIGN_INT,
    "levels": limits.GRID_LEVELS,
}
DESIGN_KEYS = {
    "method": str,
    "n": int,
    "seed": int,
    "calc_second_order": bool,
    "num_levels": int,
    "M": int,
    "levels": int,
}
PARAMETER_KEYS = {"bounds", "dist", "values", "levels"}


@dataclass(frozen=True)
class ParameterSpec:
    """One varied parameter: its bounds (SALib's meaning for its dist) or, for grids, its values."""

    name: str
    group: str
    bounds: tuple[float, ...]
    dist: str = "unif"
    values: tuple[float, ...] | None = None


@dataclass(frozen=True)
class DesignSpec:
    method: str
    n: int = 0
    seed: int = 1
    calc_second_order: bool = True
    num_levels: int = 4
    M: int = 4
    levels: int = 5


@dataclass(frozen=True)
class ExperimentSpec:
    """A validated experiment: base scenario, varied parameters, design, outputs, sizes."""

    path: str
    name: str
    scenario: Scenario
    parameters: tuple[ParameterSpec, ...]
    design: DesignSpec
    summary: tuple[str, ...]
    series: tuple[str, ...]
    months: int
    warmup: int
    sizes: Sizes
    replications: int = 1
    seed: int = 1
    batch_size: int = 256
    memory_budget: float = 1e9
    question: str = ""

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.parameters]

    def problem(self) -> dict:
        """The SALib problem of the varied parameters (``dists`` only when one is not uniform)."""
        problem = {
            "num_vars": len(self.parameters),
            "names": self.names,
            "bounds": [list(p.bounds) for p in self.parameters],
        }
        if any(p.dist != "unif" for p in self.parameters):
            problem["dists"] = [p.dist for p in self.parameters]
        return problem

    def runs_per_batch(self) -> int:
        """Runs per part file: the spec's batch size, capped by what fits in the memory budget."""
        return min(self.batch_size, scenarios_per_batch(self.sizes, self.months, self.memory_budget))

    def identity(self) -> dict[str, Any]:
        """Everything that decides the numbers, as plain JSON values (the base scenario resolved)."""
        s = self.scenario
        return {
            "name": self.name,
            "base": {"env": dataclasses.asdict(s.env), "schedule": dataclasses.asdict(s.schedule)},
            "parameters": [dataclasses.asdict(p) for p in self.parameters],
            "design": dataclasses.asdict(self.design),
            "summary": list(self.summary),
            "series": list(self.series),
            "months": self.months,
            "warmup": self.warmup,
            "sizes": dataclasses.asdict(self.sizes),
            "replications": self.replications,
            "seed": self.seed,
            "runs_per_batch": self.runs_per_batch(),
        }


def _fail(path, key, why) -> SpecError:
    return SpecError(f"{path}: {key}: {why}")


def _check_table(path, table: str, raw: dict, allowed: dict) -> None:
    for key, value in raw.items():
        if key not in allowed:
            raise _fail(
                path,
                f"{table}.{quote(key)[1:-1]}",
                f"unknown key{did_you_mean(key, allowed)}; allowed: {', '.join(sorted(allowed))}",
            )
        kind = allowed[key]
        ok = isinstance(value, kind) and not (isinstance(value, bool) and kind is not bool)
        if not ok:
            name = {int: "an integer (whole number)", str: "a string", list: "a list", bool: "true or false"}.get(
                kind, "a number"
            )
            raise _fail(path, f"{table}.{key}", f"must be {name}, got {show(value)}")
        if isinstance(value, float) and not math.isfinite(value):
            raise _fail(path, f"{table}.{key}", f"must be a finite number, got {value}")
        if key in LIMITS and not LIMITS[key][0] <= value <= LIMITS[key][1]:
            raise _fail(
                path, f"{table}.{key}", f"must be in [{LIMITS[key][0]:g}, {LIMITS[key][1]:g}], got {show(value)}"
            )


def _number_list(path, key, value, length=None) -> tuple[float, ...]:
    if (
        not isinstance(value, list)
        or not value
        or len(value) > 10_000
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
    ):
        raise _fail(path, key, f"must be a list of numbers, got {show(value)}")
    if length is not None and len(value) != length:
        raise _fail(path, key, f"must have {length} numbers for this dist, got {len(value)}")
    if not all(abs(v) < 1e300 and math.isfinite(v) for v in value):
        raise _fail(path, key, f"must be finite numbers (no nan or inf), got {show(value)}")
    return tuple(float(v) for v in value)


def _parameter(path, name: str, raw: dict, method: str, default_levels: int) -> ParameterSpec:
    where = f"parameters.{name}"
    group = next((g for g, names in GROUPS.items() if name in names), None)
    if group is None:
        hint = did_you_mean(name, [*LEVERS, *ENVIRONMENT])
        raise _fail(
            path,
            f"parameters.{quote(name)[1:-1]}",
            f"unknown parameter{hint}; allowed: levers and environment names (see `culturesim params`)",
        )
    if not isinstance(raw, dict):
        raise _fail(path, where, f"must be a table, e.g. {{}} or {{ bounds = [lo, hi] }}, got {show(raw)}")
    for key in raw:
        if key not in PARAMETER_KEYS:
            raise _fail(
                path,
                f"{where}.{quote(key)[1:-1]}",
                f"unknown key{did_you_mean(key, PARAMETER_KEYS)}; allowed: {', '.join(sorted(PARAMETER_KEYS))}",
            )
    meta = param_spec(group, name)
    lo, hi = meta["bounds"]
    dist = raw.get("dist", "unif")
    if not isinstance(dist, str) or dist not in DIST_BOUNDS:
        raise _fail(
            path,
            f"{where}.dist",
            f"unknown dist {show(dist)}{did_you_mean(dist, DIST_BOUNDS)}; allowed: {', '.join(DIST_BOUNDS)}",
        )
    takes_values = METHODS[method].takes_values
    if takes_values and dist != "unif":
        raise _fail(path, f"{where}.dist", "a grid takes values or levels, not a distribution")
    if not takes_values and ("values" in raw or "levels" in raw):
        key = "values" if "values" in raw else "levels"
        raise _fail(path, f"{where}.{key}", f"only a grid design takes values or levels, not {method}")
    bounds: tuple[float, ...]
    if dist == "unif" and "bounds" not in raw:
        bounds = (float(lo), float(hi))
    elif "bounds" not in raw:
        raise _fail(path, f"{where}.bounds", f"dist {dist!r} needs its {DIST_BOUNDS[dist]} SALib bounds")
    else:
        bounds = _number_list(path, f"{where}.bounds", raw["bounds"], DIST_BOUNDS[dist])
    if dist in ("unif", "triang", "truncnorm"):
        a, b = bounds[0], bounds[1]
        if not lo <= a < b <= hi:
            raise _fail(path, f"{where}.bounds", f"must satisfy {lo:g} <= low < high <= {hi:g}, got {list(bounds)}")
    if dist == "triang" and not 0 <= bounds[2] < 1:
        raise _fail(
            path,
            f"{where}.bounds",
            f"triang takes [low, high, peak] with the peak as a share of the width in [0, 1), got peak {bounds[2]:g}",
        )
    if dist in ("norm", "lognorm", "truncnorm") and not bounds[-1] > 0:
        raise _fail(
            path, f"{where}.bounds", f"{dist} needs a standard deviation > 0 (its last bound), got {bounds[-1]:g}"
        )
    if dist == "lognorm" and bounds[0] + 10 * bounds[1] > 700:
        raise _fail(
            path,
            f"{where}.bounds",
            f"lognorm [mu, sigma] of log-values: mu + 10 sigma must stay under 700 (exp overflows), got {list(bounds)}",
        )
    values = None
    if takes_values:
        if "values" in raw:
            values = _number_list(path, f"{where}.values", raw["values"])
            bad = [v for v in values if not lo <= v <= hi or (meta["integer"] and not float(v).is_integer())]
            if bad:
                kind = "whole numbers" if meta["integer"] else "numbers"
                raise _fail(path, f"{where}.values", f"must be {kind} in [{lo:g}, {hi:g}], got {bad[0]!r}")
        else:
            k = raw.get("levels", default_levels)
            lo_k, hi_k = limits.GRID_LEVELS
            if isinstance(k, bool) or not isinstance(k, int) or not lo_k <= k <= hi_k:
                raise _fail(path, f"{where}.levels", f"must be an integer in [{lo_k}, {hi_k}], got {show(k)}")
            step = (bounds[1] - bounds[0]) / max(k - 1, 1)
            values = tuple(bounds[0] + i * step for i in range(k))
            if meta["integer"]:
                values = tuple(dict.fromkeys(float(round(v)) for v in values))
    return ParameterSpec(name, group, bounds, dist, values)


def _design(path, raw: dict) -> DesignSpec:
    _check_table(path, "design", raw, DESIGN_KEYS)
    method = raw.get("method")
    if method not in METHODS:
        hint = did_you_mean(method, METHODS)
        raise _fail(path, "design.method", f"must be one of {', '.join(METHODS)}, got {show(method)}{hint}")
    design = DesignSpec(method, **{k: v for k, v in raw.items() if k != "method"})
    failure = METHODS[method].check(design)
    if failure:
        raise _fail(path, *failure)
    return design


def design_rows(design: DesignSpec, parameters) -> int:
    """How many rows (design points) the design will have, computed without sampling."""
    return METHODS[design.method].points(design, parameters)


def table_bytes(spec: ExperimentSpec, rows: int) -> float:
    """Bytes of the finished table in memory: keys, parameters, summaries and monthly series per run."""
    return (
        8.0
        * rows
        * spec.replications
        * (len(KEYS_COUNT) + len(spec.parameters) + len(spec.summary) + len(spec.series) * spec.months)
    )


KEYS_COUNT = ("run", "point", "replication", "seed")


def check_size(spec: ExperimentSpec) -> int:
    """Refuse, before sampling, a design whose table would exceed the row cap or the memory budget."""
    rows = design_rows(spec.design, spec.parameters)
    runs = rows * spec.replications
    if runs > limits.DESIGN_ROWS:
        raise _fail(
            spec.path,
            "design",
            f"{rows:,} design points x {spec.replications} replications = {runs:,} runs; "
            f"at most {limits.DESIGN_ROWS:,} runs in one sweep (lower design.n, "
            "levels or replications)",
        )
    need, budget = table_bytes(spec, rows), limits.result_memory()
    if need > budget:
        raise _fail(
            spec.path,
            "outputs",
            f"the table of {runs:,} runs would take about {limits.size_text(need)}, "
            f"over the budget of {limits.size_text(budget)} (CULTURESIM_MEMORY); "
            "keep fewer series or runs",
        )
    return rows


def load_spec(path: str | Path) -> ExperimentSpec:
    """Load and validate an experiment spec and its base scenario; raise SpecError on any problem."""
    path = Path(path)
    data = read_toml(path, SpecError)
    for table, content in data.items():
        if table not in TABLES:
            raise _fail(
                path,
                quote(table)[1:-1],
                f"unknown table{did_you_mean(table, TABLES)}; allowed: {', '.join(sorted(TABLES))}",
            )
        if not isinstance(content, dict):
            raise _fail(path, table, f"must be a table [{table}]")
    head = data.get("experiment", {})
    _check_table(path, "experiment", head, EXPERIMENT_KEYS)
    if "scenario" not in head:
        raise _fail(path, "experiment.scenario", "missing; the base scenario file (relative to the spec)")
    try:
        scenario = load_scenario(path.parent / head["scenario"])
    except ScenarioError as exc:
        raise SpecError(f"{path}: experiment.scenario: {exc}") from None
    design = _design(path, data.get("design", {}))
    for group in head.get("vary_all", []):
        if not isinstance(group, str) or group not in GROUPS:
            raise _fail(
                path,
                "experiment.vary_all",
                f"unknown group {show(group)}{did_you_mean(group, GROUPS)}; allowed: {', '.join(GROUPS)}",
            )
    raw_params = dict.fromkeys(name for group in head.get("vary_all", []) for name in GROUPS.get(group, ()))
    raw_params = {name: {} for name in raw_params} | data.get("parameters", {})
    if not raw_params:
        raise _fail(path, "parameters", "no parameter varied; name levers or environment parameters, or set vary_all")
    parameters = tuple(_parameter(path, n, raw, design.method, design.levels) for n, raw in raw_params.items())
    outputs = data.get("outputs", {})
    _check_table(path, "outputs", outputs, {"summary": list, "series": list})
    summary, series = tuple(outputs.get("summary", ())), tuple(outputs.get("series", ()))
    for key, names, registry in (("summary", summary, SUMMARY), ("series", series, SERIES)):
        for name in names:
            if not isinstance(name, str) or name not in registry:
                raise _fail(
                    path,
                    f"outputs.{key}",
                    f"unknown metric {show(name)}{did_you_mean(name, registry)}; allowed: {', '.join(registry)}",
                )
    if not summary and not series:
        raise _fail(path, "outputs", "keep at least one output: summary = [...] (sim.metrics.SUMMARY names)")
    sizes = parse_params(path, "sizes", Sizes, data.get("sizes", {}), "sizes", scenario.sizes, error=SpecError)
    keep = {k: head[k] for k in ("replications", "seed", "batch_size", "question") if k in head}
    spec = ExperimentSpec(
        path=str(path),
        name=head.get("name", path.stem),
        scenario=scenario,
        parameters=parameters,
        design=design,
        summary=summary,
        series=series,
        months=head.get("months", scenario.months),
        warmup=head.get("warmup", scenario.warmup),
        sizes=sizes,
        memory_budget=float(head.get("memory_budget", 1e9)),
        **keep,
    )
    check_size(spec)
    return spec
