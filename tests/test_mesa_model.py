"""CultureModel as a Mesa model: real agents, construction from scenarios or keywords, running."""

from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from sim.abm.agents import Customer, Employee, Supplier
from sim.metrics import SERIES
from sim.model import CultureModel
from sim.runs.scenario import Scenario, load

ROOT = Path(__file__).resolve().parents[1]
SIZES = dict(n_employees=24, n_customers=200, n_suppliers=3)


@pytest.mark.parametrize("mode", ["agents", "vectorised"])
def test_agents_are_real_and_churned_customers_are_removed(mode):
    model = CultureModel(step=3, mode=mode, months=12, warmup=3, rng=4, **SIZES)
    seen_churned = []
    while model.running:
        before = {c.unique_id: c for c in model.agents_by_type[Customer]}
        model.step()
        ids = {a.unique_id for a in model.agents}
        churned = [c for c in before.values() if (c.slot, c.joined) in model.churn_log[model.month - 1]]
        assert len(churned) == model.latest["churned"]
        assert all(c.unique_id not in ids for c in churned)  # removed as agents
        seen_churned += churned
        customers = model.agents_by_type[Customer]
        assert len(customers) == model.latest["active_customers"]
        new = [c for c in customers if c.joined == model.month - 1]
        assert len(new) == model.latest["acquired"]  # created as agents
        # step 3 staffs half-way to demand: the headcount moves, every employee in post is an agent
        assert len(model.agents_by_type[Employee]) == model.latest["headcount"] == len(model.employees)
        assert len(model.agents_by_type[Supplier]) == 3
        for c in customers:
            assert isinstance(c.employee, Employee) and isinstance(c.supplier, Supplier)
            assert c.supplier.unique_id in ids
            if c.employee.employed:
                assert c in c.employee.customers
        for rank, e in enumerate(model.employees):  # ranked by slot among those in post
            assert e.team == rank // 8 and e.frontline == (rank < model.frontline_count)
    assert seen_churned
    graph = model.relationship_graph()
    assert isinstance(graph, nx.Graph)
    serves = [(a, b) for a, b, d in graph.edges(data=True) if d["kind"] == "serves"]
    assert len(serves) == sum(c.employee.employed for c in model.agents_by_type[Customer])


def test_agent_level_data_is_collected_each_month():
    model = CultureModel(step=2, months=3, warmup=2, rng=1, **SIZES)
    while model.running:
        model.step()
    customers = model.datacollector.get_agenttype_vars_dataframe(Customer)
    employees = model.datacollector.get_agenttype_vars_dataframe(Employee)
    assert sorted(customers.index.get_level_values("Step").unique()) == [1, 2, 3]
    assert customers["satisfaction"].between(0, 1).all() and employees["engagement"].between(0, 1).all()
    appraised = employees["performance"].notna()  # all but the month's new hires
    assert appraised.mean() > 0.8 and employees["performance"][appraised].between(0, 1).all()
    frame = model.datacollector.get_model_vars_dataframe()
    assert list(frame.columns) == list(SERIES) and len(frame) == 3


def run_series(**kw):
    model = CultureModel(mode="vectorised", **kw)
    while model.running:
        model.step()
    return model, model.datacollector.get_model_vars_dataframe()


def test_scenario_file_object_and_keywords_build_the_same_model():
    path = ROOT / "scenarios" / "step3_link_employees_with_users.toml"
    small = dict(months=6, warmup=2, **SIZES)
    _, from_file = run_series(setup=str(path), **small)
    _, from_object = run_series(setup=load(path), **small)
    _, from_keywords = run_series(step=3, rng=load(path).seed, **small)
    assert from_file.equals(from_object) and from_file.equals(from_keywords)
    _, other_seed = run_series(setup=str(path), rng=2, **small)
    assert not from_file.equals(other_seed)


def test_schedules_from_pairs_text_and_file_agree():
    small = dict(months=8, warmup=2, rng=3, **SIZES)
    _, pairs = run_series(schedule=[(0, 1), (6, 2)], **small)
    _, text = run_series(schedule="0:1, 6:2", **small)
    _, file = run_series(setup=str(ROOT / "scenarios" / "transition_1_to_5.toml"), **small)
    _, constant = run_series(step=1, **small)
    assert pairs.equals(text) and pairs.equals(file)
    assert pairs.iloc[:6].equals(constant.iloc[:6]) and not pairs.equals(constant)


def test_lever_and_environment_keywords_change_the_run():
    model, frame = run_series(step=2, training=0.9, wage=4000.0, months=2, warmup=1, rng=1, **SIZES)
    assert all(p.policy.training == 0.9 for p in model.setup.schedule.phases)
    assert model.env.wage == 4000.0 and np.allclose(frame["cost_wages"], 24 * 4000.0)


def test_bad_keywords_are_refused():
    with pytest.raises(TypeError, match="unknown parameter"):
        CultureModel(traning=0.5)
    with pytest.raises(ValueError, match="mode"):
        CultureModel(mode="fast")
    with pytest.raises(ValueError, match="training"):
        CultureModel(training=2.0)
    with pytest.raises(ValueError, match="step or schedule"):
        CultureModel(step=2, schedule=[(0, 1)])
    with pytest.raises(TypeError):
        CultureModel(3)  # keyword arguments only
    with pytest.raises(TypeError, match="setup="):
        CultureModel(scenario="scenarios/step3_link_employees_with_users.toml")


def test_running_stops_after_the_months():
    model = CultureModel(
        setup=Scenario.from_step(
            1,
            months=4,
            warmup=1,
            sizes=load(ROOT / "scenarios" / "step1_minimize_hassles.toml").sizes.__class__(**SIZES),
        ),
        mode="agents",
    )
    steps = 0
    while model.running:
        model.step()
        steps += 1
    assert steps == 4 and model.month == 4
    with pytest.raises(RuntimeError):
        model.step()


def test_reset_with_rng_and_mesa_scenario_keeps_the_rng():
    """SolaraViz's Reset passes Mesa's own Scenario beside rng: the rng is the seed that counts."""
    from mesa.experimental.scenarios import Scenario as MesaScenario

    from sim.model import CultureModel

    model = CultureModel(
        step=2, n_employees=16, n_customers=100, n_suppliers=2, months=3, warmup=2, rng=5, scenario=MesaScenario()
    )
    assert model.seed == 5
