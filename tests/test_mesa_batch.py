"""Mesa's own batch_run drives CultureModel in two processes and reports the metric names."""

import multiprocessing

import mesa
import pytest

from sim.metrics import SERIES
from sim.model import CultureModel

FIXED = dict(mode="vectorised", n_employees=16, n_customers=120, n_suppliers=3, months=5, warmup=2)


@pytest.fixture
def keep_start_method():
    """batch_run forces the 'spawn' start method for the whole process: put it back afterwards."""
    before = multiprocessing.get_start_method(allow_none=True)
    yield
    multiprocessing.set_start_method(before, force=True)


def test_batch_run_two_processes(keep_start_method):
    rows = mesa.batch_run(
        CultureModel,
        parameters={"step": [1, 5], "training": [0.2, 0.8], **FIXED},
        number_processes=2,
        rng=[3, 4],
        data_collection_period=1,
        max_steps=100,
        display_progress=False,
    )
    # one row per agent (customers and employees: the agent-type reporters) per month per run
    runs = {(r["RunId"], r["Step"]) for r in rows}
    assert len(runs) == 2 * 2 * 2 * FIXED["months"]
    for row in rows:
        assert set(SERIES) | {"step", "training", "rng", "RunId", "iteration", "Step", "AgentID"} <= set(row)
        assert ("satisfaction" in row) or ("engagement" in row)
    for run_id, step in runs:
        at = [r for r in rows if r["RunId"] == run_id and r["Step"] == step]
        assert len(at) == at[0]["active_customers"] + at[0]["headcount"]  # step 5 staffs to demand
    # each row is the same number a direct run gives
    row = next(r for r in rows if r["step"] == 5 and r["training"] == 0.8 and r["rng"] == 4 and r["Step"] == 5)
    model = CultureModel(step=5, training=0.8, rng=4, **FIXED)
    while model.running:
        model.step()
    assert row["profit"] == model.latest["profit"] and row["nps"] == model.latest["nps"]


def test_batch_run_model_rows_without_agent_data(keep_start_method):
    rows = mesa.batch_run(
        CultureModel,
        parameters={"step": 3, "agent_data": False, **FIXED, "mode": "agents"},
        number_processes=1,
        rng=[5],
        data_collection_period=1,
        display_progress=False,
    )
    assert [r["Step"] for r in rows] == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert all(set(SERIES) <= set(r) and "AgentID" not in r for r in rows)


def test_batch_run_culture_step_column_is_not_mesas_step(keep_start_method):
    """The culture step (1..5) has its own column name, apart from Mesa's ``Step`` (the month counter)."""
    rows = mesa.batch_run(
        CultureModel,
        parameters={"culture_step": [2, 4], "agent_data": False, **FIXED},
        number_processes=1,
        rng=[5],
        data_collection_period=1,
        display_progress=False,
    )
    assert {r["culture_step"] for r in rows} == {2, 4} and all("step" not in r for r in rows)
    last = next(r for r in rows if r["culture_step"] == 4 and r["Step"] == FIXED["months"])
    model = CultureModel(step=4, rng=5, **FIXED)  # the older keyword: the same model
    while model.running:
        model.step()
    assert last["profit"] == model.latest["profit"]
    with pytest.raises(ValueError, match="culture_step"):
        CultureModel(step=4, culture_step=4, **FIXED)


def test_batch_run_iterations_without_seeds_are_different_runs(keep_start_method):
    """As in Mesa, rng=None draws a fresh seed, so ``iterations=3`` gives three runs, not one run three times."""
    rows = mesa.batch_run(
        CultureModel,
        parameters={"step": 3, "agent_data": False, **FIXED},
        iterations=3,
        number_processes=1,
        data_collection_period=-1,
        display_progress=False,
    )
    assert len(rows) == 3
    finals = {(r["profit"], r["nps"], r["active_customers"]) for r in rows}
    assert len(finals) == 3, rows
    explicit = [CultureModel(step=3, rng=9, **FIXED).seed, CultureModel(step=3, rng=9, **FIXED).seed]
    assert explicit == [9, 9]  # an explicit seed is still the seed that counts
