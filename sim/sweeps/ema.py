"""EMA Workbench interop: culturesim as an EMA model, and an evaluator that runs many experiments per call.

EMA Workbench (``pip install culturesim[ema]``) is the standard tool for exploratory modelling:
samplers over uncertainties and levers, scenario discovery (PRIM, CART) and robust optimisation.
Its ordinary evaluators call a model once per experiment; the culturesim core is vectorised, so
``BatchEvaluator`` hands it a whole batch of experiments at once (``ModelFunction``) and reports
each experiment's outcomes back to EMA as if they had been run one by one::

    from ema_workbench import perform_experiments
    from sim.sweeps import ModelFunction
    from sim.sweeps.ema import BatchEvaluator, ema_model
    f = ModelFunction(load("scenarios/step3_link_employees_with_users.toml"),
                      ("empowerment", "training", "churn_floor"), summary=("npv", "annual_churn"),
                      replications=4)
    model = ema_model(f)                   # levers -> EMA levers, environment -> EMA uncertainties
    with BatchEvaluator(model) as evaluator:
        experiments, outcomes = perform_experiments(model, scenarios=50, policies=20, evaluator=evaluator)

A model whose parameters are all levers needs ``scenarios=1`` (EMA cannot combine no scenarios
with sampled policies), or ``ema_model(f, all_uncertain=True)`` and ``scenarios=n``.

Every experiment's outcomes are ``f(X)`` of its row: the mean over ``f.replications`` replications
on the seeds ``derive_seeds(f.seed, replications)`` (the same seeds for every experiment: common
random numbers), identical whether EMA's own evaluators call ``model`` row by row or
``BatchEvaluator`` runs the batch. A parameter of ``f`` that an experiment does not set takes the
base scenario's value (a lever: its month-0 target, then in every phase, as ``ModelFunction`` does).
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from ..params import group_of, spec
from .model_function import ModelFunction

with warnings.catch_warnings():  # EMA warns at import about optional parallel back-ends it does not need
    warnings.simplefilter("ignore", UserWarning)
    from ema_workbench import IntegerParameter, Model, RealParameter, ScalarOutcome
    from ema_workbench.em_framework.evaluators import BaseEvaluator


def base_value(function: ModelFunction, name: str) -> float:
    """The value a parameter has in the base scenario (a lever: its month-0 target)."""
    if group_of(name) == "environment":
        return float(getattr(function.scenario.env, name))
    return float(getattr(function.scenario.schedule.phases[0].policy, name))


def row_matrix(function: ModelFunction, samples: Iterable[dict]) -> np.ndarray:
    """The (n, d) matrix of ``function.names`` from EMA samples (scenario and policy merged)."""
    names = function.names
    return np.array(
        [[float(s[n]) if n in s else base_value(function, n) for n in names] for s in samples], dtype=np.float64
    ).reshape(-1, len(names))


@dataclass(frozen=True)
class RowFunction:
    """One experiment at a time, as EMA's own evaluators call a model: keyword values -> outcomes."""

    function: ModelFunction

    def __call__(self, **values) -> dict[str, float]:
        y = np.asarray(self.function(row_matrix(self.function, [values])), dtype=np.float64).reshape(-1)
        return dict(zip(self.function.summary, y.tolist()))


def ema_model(
    function: ModelFunction,
    name: str = "culturesim",
    bounds: dict[str, tuple[float, float]] | None = None,
    all_uncertain: bool = False,
) -> Model:
    """An EMA ``Model`` over the parameters of ``function``: levers become EMA levers, environment
    parameters EMA uncertainties (bounds: ``sim.params`` unless given), summary outputs ScalarOutcomes.

    ``all_uncertain`` declares every parameter an EMA uncertainty, to explore levers with
    ``perform_experiments(model, scenarios=n)``: EMA 3.0 fails on a model without uncertainties
    under its SequentialEvaluator (use ``scenarios=1, policies=n`` with ``BatchEvaluator`` instead)."""
    bounds = bounds or {}
    model = Model(name, function=RowFunction(function))
    uncertainties: list = []
    levers: list = []
    for n in function.names:
        meta = spec(group_of(n), n)
        lo, hi = bounds.get(n, meta["bounds"])
        parameter = IntegerParameter(n, int(lo), int(hi)) if meta["integer"] else RealParameter(n, float(lo), float(hi))
        (uncertainties if all_uncertain or group_of(n) == "environment" else levers).append(parameter)
    model.uncertainties = uncertainties
    model.levers = levers
    model.outcomes = [ScalarOutcome(k) for k in function.summary]
    return model


class BatchEvaluator(BaseEvaluator):
    """An EMA evaluator that runs ``batch_size`` experiments per call of the vectorised core.

    Works with every EMA entry point that takes an evaluator (``perform_experiments``, ``optimize``,
    ``robust_optimize``). Only models made by ``ema_model`` can be batched.
    """

    def __init__(self, model: Model, batch_size: int = 1024):
        super().__init__(model)
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        self.batch_size = batch_size
        for m in self._msis:
            if not isinstance(getattr(m, "function", None), RowFunction):
                raise TypeError(f"model {m.name!r} was not made by sim.sweeps.ema.ema_model; it cannot be batched")

    def initialize(self):
        """Nothing to start: the batches run in this process."""

    def finalize(self):
        """Nothing to stop."""

    def evaluate_experiments(self, experiments: Iterable, callback: Callable, **kwargs):
        """Evaluate experiments in batches; tell EMA's callback each experiment's outcomes."""
        models = {m.name: m for m in self._msis}
        iterator = iter(experiments)
        while chunk := list(itertools.islice(iterator, self.batch_size)):
            by_model: dict[str, list] = {}
            for experiment in chunk:
                by_model.setdefault(experiment.model_name, []).append(experiment)
            for model_name, group in by_model.items():
                model = models[model_name]
                function = model.function.function
                X = row_matrix(function, [{**e.scenario, **e.policy} for e in group])
                y = np.asarray(function(X), dtype=np.float64).reshape(len(group), -1)
                for experiment, values in zip(group, y):
                    outcomes = {
                        o.name: o.process([values[function.summary.index(o.variable_name[0])]]) for o in model.outcomes
                    }
                    callback(experiment, outcomes)
