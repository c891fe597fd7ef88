"""Both modes run the month as the one phase list of sim/core/phases.py, in its order.

The traces are of the numpy core (``ArrayMonth``); the compiled core's month calls the same
phases in the same order (tests/test_compiled.py reads its source).
"""

import pytest

from sim.abm.month import AgentMonth
from sim.core import PHASES, backend, make_batch, simulate
from sim.core.engine import ArrayMonth
from sim.model import CultureModel
from sim.params import Environment, Sizes
from sim.steps import Schedule, step_policy

SMALL = dict(n_employees=12, n_customers=80, n_suppliers=3, months=2, warmup=1)


def traced(monkeypatch, cls) -> list[str]:
    """Record every phase method of ``cls`` as it is called."""
    calls: list[str] = []
    for name in PHASES:

        def wrapper(self, _name=name, _method=getattr(cls, name)):  # noqa: B008 - binds this phase's method
            calls.append(_name)
            return _method(self)

        monkeypatch.setattr(cls, name, wrapper)
    return calls


@pytest.mark.parametrize("cls", [ArrayMonth, AgentMonth])
def test_each_mode_implements_exactly_the_phases(cls):
    public = [k for k, v in vars(cls).items() if callable(v) and not k.startswith("_") and k != "draw"]
    assert sorted(public) == sorted(PHASES)


def test_core_runs_the_phases_in_order(monkeypatch):
    calls = traced(monkeypatch, ArrayMonth)
    batch = make_batch([Environment()], [Schedule.constant(step_policy(3))], [1], Sizes(12, 80, 3), months=2, warmup=1)
    with backend.using("numpy"):
        simulate(batch)
    assert calls == list(PHASES) * 3  # one warm-up month and two recorded months


@pytest.mark.parametrize("mode,cls", [("agents", AgentMonth), ("vectorised", ArrayMonth)])
def test_mesa_modes_run_the_phases_in_order(monkeypatch, mode, cls):
    calls = traced(monkeypatch, cls)
    with backend.using("numpy"):
        model = CultureModel(mode=mode, step=3, rng=2, **SMALL)
        model.step()
    assert calls == list(PHASES) * 2  # the warm-up month and the first recorded month
