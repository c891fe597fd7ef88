"""``sim.optimize``: NSGA-II (pymoo) over lever settings and schedules, robust over draws.

Why NSGA-II: the strategist's question has three sides (NPV, loyalty, programme cost) and two
limits (budget, minimum loyalty); NSGA-II (Deb et al. 2002) returns the whole trade-off front
in one run, handles the limits by constrained domination, needs no gradients of a stochastic
simulator, and asks for a whole population at a time, which the batched core evaluates as one
batch (pymoo ``Problem`` with ``elementwise=False``). The initial population holds today's
policy and the five step presets (seeded, as is usual when known designs exist), the rest a
random sample; the front is taken over every evaluated candidate (an archive), so no good
candidate is lost to NSGA-II's crowding truncation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from pymoo.algorithms.moo.nsga2 import NSGA2
from pymoo.core.problem import Problem
from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting

from ..errors import InputError
from ..files.checkpoints import Checkpoints
from ..format import money
from ..params import LEVERS
from ..runs.runner import as_scenario
from ..steps import STEP_NAMES
from .problem import DEFAULT_LEVERS, Draws, Space, outcomes

# The evaluation budget of a search: candidates per generation and generations. Raise them when the
# core is faster (two seeds then agree on more levers; see sim/optimization/robust.py for what holds).
DEFAULT_POPULATION = 32
DEFAULT_GENERATIONS = 20


class OptimizeError(InputError):
    """A bad optimisation request (one line naming the option and what is allowed)."""


class PolicyProblem(Problem):
    """Minimise (-NPV, -loyalty, programme cost), means over the draws; limits as constraints <= 0."""

    def __init__(
        self,
        space: Space,
        draws: Draws,
        budget: float | None,
        min_loyalty: float | None,
        store: Checkpoints | None = None,
        on_rows: Callable[[float], None] | None = None,
    ):
        b = space.bounds
        super().__init__(
            n_var=len(b),
            n_obj=3,
            n_ieq_constr=(budget is not None) + (min_loyalty is not None),
            xl=b[:, 0],
            xu=b[:, 1],
            elementwise=False,
        )
        self.space, self.draws, self.budget, self.min_loyalty = space, draws, budget, min_loyalty
        self.store, self.on_rows = store, on_rows
        self.generation, self.model_runs = 0, 0
        self.archive: list[tuple[np.ndarray, dict[str, np.ndarray]]] = []

    def _evaluate(self, X, out, *args, **kwargs):
        saved = self.store.load(self.generation) if self.store else None
        if saved is not None and np.array_equal(saved["X"], X):
            res = {k: saved[k] for k in ("npv", "loyalty", "cost")}
        else:
            res = outcomes(self.space, X, self.draws, on_rows=self.on_rows)
            if self.store:
                self.store.save(self.generation, {"X": X, **res}, len(X) * self.draws.n)
        self.model_runs += len(X) * self.draws.n
        self.archive.append((np.array(X), res))
        self.generation += 1
        out["F"] = objectives(res)
        if self.n_ieq_constr:
            out["G"] = constraints(res, self.budget, self.min_loyalty)


def objectives(res: dict[str, np.ndarray]) -> np.ndarray:
    return np.column_stack([-res["npv"].mean(axis=1), -res["loyalty"].mean(axis=1), res["cost"].mean(axis=1)])


def constraints(res, budget, min_loyalty) -> np.ndarray:
    g = []
    if budget is not None:
        g.append((res["cost"].mean(axis=1) - budget) / max(budget, 1.0))
    if min_loyalty is not None:
        g.append(min_loyalty - res["loyalty"].mean(axis=1))
    return np.column_stack(g) if g else np.zeros((len(res["npv"]), 0))


@dataclass
class Optimization:
    space: Space
    draws: Draws
    budget: float | None
    min_loyalty: float | None
    evaluated: pd.DataFrame  # every candidate: decision, means, feasible, on_front
    X: np.ndarray  # decision vectors of ``evaluated``'s rows
    model_runs: int
    generations: int
    settings: dict = field(default_factory=dict)
    validation: pd.DataFrame | None = None  # filled by report.validate
    today: dict | None = None  # today's programme cost and its parts ($/month), robust.today_costs
    profile: pd.DataFrame | None = None  # the near-optimal profile, filled by robust.profile
    business: list[str] | None = None  # the recommendation's business case, filled by report.write

    @property
    def front(self) -> pd.DataFrame:
        return self.evaluated[self.evaluated["on_front"]].sort_values("npv", ascending=False)

    @property
    def recommended_index(self) -> int:
        """The feasible candidate with the highest NPV (the least infeasible if none is feasible)."""
        ev = self.evaluated
        if ev["feasible"].any():
            return int(ev[ev["feasible"]]["npv"].idxmax())
        return int(ev["violation"].idxmin())

    def comparison(self) -> pd.DataFrame:
        """Today's policy, the five presets and the recommendation re-simulated on fresh draws."""
        from .report import comparison, validate

        if self.validation is None:
            self.validation = validate(self, self.settings.get("validate", 16))
        return comparison(self)

    def summary(self) -> str:
        """What the recommendation changes and what it is worth, in plain language, with intervals."""
        from .report import summary_text

        return summary_text(self, self.comparison())

    def recommended_scenario(self):
        from .report import recommended_scenario

        return recommended_scenario(self)

    def figure(self):
        from .report import front_figure

        return front_figure(self)

    def write(self, out: str | Path) -> list[Path]:
        from .report import write

        return write(self, Path(out))


def table(space: Space, X: np.ndarray, res: dict[str, np.ndarray], budget, min_loyalty) -> pd.DataFrame:
    frame = pd.DataFrame(X, columns=space.names)
    frame["template"] = [space.describe(x) for x in X]
    for col in ("stages", "interval"):  # whole numbers as the schedule uses them
        if col in frame:
            frame[col] = np.rint(frame[col]).astype(int)
    frame["npv"] = res["npv"].mean(axis=1)
    frame["loyalty"] = res["loyalty"].mean(axis=1)
    frame["programme_cost"] = res["cost"].mean(axis=1)
    G = constraints(res, budget, min_loyalty)
    frame["violation"] = np.clip(G, 0, None).sum(axis=1)
    frame["feasible"] = frame["violation"] <= 0
    frame["on_front"] = False
    feasible = np.flatnonzero(frame["feasible"].to_numpy())
    if len(feasible):
        F = objectives(res)[feasible]
        first = NonDominatedSorting().do(F, only_non_dominated_front=True)
        frame.loc[feasible[first], "on_front"] = True
    return frame


def parse_levers(levers) -> tuple[str, ...]:
    levers = tuple(levers) if levers else tuple(k for k in DEFAULT_LEVERS if k in LEVERS)
    for k in levers:
        if k not in LEVERS:
            raise OptimizeError(f"--levers {k}: unknown lever; see `culturesim params` (group levers)")
    if len(set(levers)) != len(levers):
        raise OptimizeError("--levers: a lever is named twice")
    return levers


MAX_BUDGET = 1e12  # $/month: a trillion a month is beyond any organization the model holds


def check_limits(budget, min_loyalty) -> None:
    if budget is not None and not 0 <= budget <= MAX_BUDGET:
        raise OptimizeError(f"--budget: must be a number in [0, {MAX_BUDGET:g}] ($/month), got {budget}")
    if min_loyalty is not None and not 0 <= min_loyalty <= 1:
        raise OptimizeError(f"--min-loyalty: must be in [0, 1], got {min_loyalty}")


def load_plausible(scenario) -> pd.DataFrame | None:
    """The plausible parameter sets stored beside a calibrated scenario file, if any."""
    from ..calibration.report import PLAUSIBLE_SUFFIX

    if not scenario.path:
        return None
    path = Path(scenario.path)
    beside = path.with_name(path.stem + PLAUSIBLE_SUFFIX)
    if not beside.exists():
        return None
    return read_plausible(beside)


def read_plausible(path: Path) -> pd.DataFrame:
    """Plausible sets checked like data: a readable CSV of environment parameters within their
    bounds, finite, with non-negative weights not all zero; else one line naming row and column."""
    from ..calibration.data import check_file
    from ..errors import quote
    from ..params import ENVIRONMENT, check_value

    check_file(path, OptimizeError)
    try:
        frame = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise OptimizeError(f"{path}: not a readable CSV of plausible sets ({quote(first, 80)[1:-1]})") from None
    names = [c for c in frame.columns if c not in ("implausibility", "weight")]
    bad = [c for c in names if c not in ENVIRONMENT]
    if bad or not names:
        raise OptimizeError(
            f"{path}: column {quote(str(bad[0]), 40) if bad else '(none)'}: not an environment "
            "parameter; a plausible-sets file holds environment parameters, implausibility, weight"
        )
    if frame.empty:
        raise OptimizeError(f"{path}: no plausible sets")
    for col in frame.columns:
        values = pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float)
        for i, v in enumerate(values):
            why = (
                "must be a finite number"
                if not np.isfinite(v)
                else (
                    check_value("environment", col, float(v))
                    if col in ENVIRONMENT
                    else ("must be >= 0" if v < 0 else None)
                )
            )
            if why:
                raise OptimizeError(
                    f"{path}: row {i + 2}, column {col}: {why}, got {quote(str(frame[col].iloc[i]), 40)}"
                )
        frame[col] = values
    if "weight" in frame and not frame["weight"].sum() > 0:
        raise OptimizeError(f"{path}: column weight: every weight is 0; at least one plausible set needs weight > 0")
    return frame


def check_budget(budget: float | None, today: dict[str, float]) -> None:
    """Refuse a budget below what today's policy already spends (see sim.optimization.robust)."""
    from .robust import cost_words

    if budget is not None and budget < today["total"] * (1 - 1e-9):
        raise OptimizeError(
            f"--budget {budget:,.0f}: below today's programme cost, {cost_words(today)}; a budget "
            "below it asks where to cut, not what to add, and no policy under it is a recommendation; "
            f"give --budget {today['total']:,.0f} or more, or leave it out"
        )


def optimize(
    scenario,
    budget: float | None = None,
    min_loyalty: float | None = None,
    levers=None,
    *,
    schedule: bool = False,
    out: str | Path | None = None,
    population: int = DEFAULT_POPULATION,
    generations: int = DEFAULT_GENERATIONS,
    replications: int = 4,
    sets: int = 4,
    seed: int = 1,
    plausible: pd.DataFrame | None = None,
    validate: int = 16,
    progress: Callable[[str, float], None] | None = None,
) -> Optimization:
    """Search lever settings (and with ``schedule`` a staged path) adopted from month 1, maximising
    NPV and loyalty and minimising programme cost, with mean programme cost <= ``budget`` ($/month)
    and mean loyalty >= ``min_loyalty``. Robust over ``replications`` seeds and, for a calibrated
    scenario (plausible sets beside its file, or ``plausible``), over ``sets`` of its plausible sets.
    With ``out`` every generation is checkpointed there (a re-run resumes) and the results written.
    A ``budget`` below today's programme cost is refused (``check_budget``).
    """
    base = as_scenario(scenario)
    space = Space(base, parse_levers(levers), schedule)
    check_limits(budget, min_loyalty)
    if population < len(STEP_NAMES) + 1:
        raise OptimizeError(
            f"--population: must be >= {len(STEP_NAMES) + 1} (today's policy and the five presets), got {population}"
        )
    plausible = plausible if plausible is not None else load_plausible(base)
    draws = Draws.make(base, replications, seed, plausible, sets)
    from .robust import today_costs

    today = today_costs(space, draws)
    check_budget(budget, today)
    settings = dict(
        scenario=repr(base),
        levers=space.levers,
        schedule=schedule,
        budget=budget,
        min_loyalty=min_loyalty,
        population=population,
        generations=generations,
        replications=replications,
        sets=sets,
        seed=seed,
        plausible=None if plausible is None else plausible.to_dict("list"),
    )
    store = Checkpoints(out, "optimize", settings) if out is not None else None
    rng = np.random.default_rng(seed)
    b = space.bounds
    seeded = [space.point(k) for k in range(len(STEP_NAMES) + 1)]
    X0 = np.vstack(
        seeded + [b[:, 0] + rng.random(len(b)) * (b[:, 1] - b[:, 0]) for _ in range(population - len(seeded))]
    )
    tick = (lambda n: progress("", n / (population * draws.n))) if progress else None
    problem = PolicyProblem(space, draws, budget, min_loyalty, store, tick)
    algorithm = NSGA2(pop_size=population, sampling=X0, eliminate_duplicates=True)
    algorithm.setup(problem, seed=seed, termination=("n_gen", generations))
    for g in range(generations):
        pop = algorithm.ask()
        algorithm.evaluator.eval(problem, pop)
        algorithm.tell(infills=pop)
        if progress:
            best = problem.archive[-1][1]["npv"].mean(axis=1).max()
            progress(f"generation {g + 1}: best NPV this generation {money(best)}", 0.0)
    X = np.vstack([x for x, _ in problem.archive])
    res = {k: np.vstack([r[k] for _, r in problem.archive]) for k in ("npv", "loyalty", "cost")}
    result = Optimization(
        space,
        draws,
        budget,
        min_loyalty,
        table(space, X, res, budget, min_loyalty),
        X,
        problem.model_runs,
        generations,
        {**settings, "validate": validate},
        today=today,
    )
    if out is not None:
        result.write(out)
    return result
