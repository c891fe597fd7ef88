"""The two modes of CultureModel give the same trajectories, and the same as the core itself."""

import numpy as np
import pytest

from sim.core import make_batch, simulate
from sim.metrics import SERIES
from sim.model import CultureModel

SMALL = dict(n_employees=24, n_customers=300, n_suppliers=4, months=24, warmup=6)
LOGS = ("churn_log", "arrival_log", "leaver_log", "supplier_log")
CASES = {f"step{k}": dict(step=k) for k in range(1, 6)}
CASES["schedule"] = dict(schedule=[(0, 1), (6, 3), (12, 5)])


def run(mode, **kw):
    model = CultureModel(mode=mode, **kw)
    while model.running:
        model.step()
    return model


def series(model):
    frame = model.datacollector.get_model_vars_dataframe()
    return {k: frame[k].to_numpy() for k in SERIES}


@pytest.mark.parametrize("case", CASES)
def test_agents_and_vectorised_modes_agree(case):
    # a brisk supplier market so that supplier replacements happen in the later steps
    kw = dict(SMALL, rng=11, supplier_turnover=0.3, **CASES[case])
    agents, vectorised = run("agents", **kw), run("vectorised", **kw)
    a, v = series(agents), series(vectorised)
    for name in SERIES:
        np.testing.assert_allclose(a[name], v[name], rtol=1e-9, atol=1e-12, err_msg=name)
    for log in LOGS:  # who churned, who arrived, who left (slot, hire month), which suppliers went
        assert getattr(agents, log) == getattr(vectorised, log), log

    def served(model):
        return sorted((e.slot, c.slot) for e in model.employees for c in e.customers)

    assert served(agents) == served(vectorised)
    appraisals = [[e.performance for e in m.employees] for m in (agents, vectorised)]
    assert [p is None for p in appraisals[0]] == [p is None for p in appraisals[1]]
    np.testing.assert_allclose(
        [p for p in appraisals[0] if p is not None], [p for p in appraisals[1] if p is not None], rtol=1e-9
    )
    leavers = a["quits"] + a["misfits_removed"] + a["laid_off"]
    for expected, log in ((a["churned"], "churn_log"), (a["acquired"], "arrival_log"), (leavers, "leaver_log")):
        counts = [len(getattr(agents, log)[m]) for m in range(SMALL["months"])]
        assert counts == list(expected), log
    # the comparison exercises every mechanism: churn, acquisition, quits, lost employees
    assert a["churned"].sum() > 0 and a["acquired"].sum() > 0 and a["hires"].sum() > 0
    if case in ("step3", "step4", "step5", "schedule"):
        assert a["lost_employee"].sum() > 0
    if case in ("step4", "step5"):
        assert sum(map(len, agents.supplier_log.values())) > 0


def test_vectorised_mode_reports_the_core_series():
    model = run("vectorised", step=4, **SMALL, rng=7)
    batch = make_batch([model.env], [model.setup.schedule], [7], model.sizes, SMALL["months"], SMALL["warmup"])
    core = simulate(batch)
    got = series(model)
    for name in SERIES:
        np.testing.assert_array_equal(got[name], core[name][0], err_msg=name)


TINY = dict(n_employees=16, n_customers=150, n_suppliers=3, months=8, warmup=3)


def random_parameters(seed: int) -> dict:
    """Every lever and every environment parameter drawn uniformly within its bounds (integers rounded)."""
    from sim.params import ENVIRONMENT, LEVERS, clip_to_bounds, group_of, spec

    rng = np.random.default_rng(seed)
    values = {}
    for name in (*LEVERS, *ENVIRONMENT):
        lo, hi = spec(group_of(name), name)["bounds"]
        values[name] = float(clip_to_bounds(name, rng.uniform(lo, hi)))
    return values


@pytest.mark.parametrize("draw", range(4))
def test_modes_agree_on_random_values_of_every_lever_and_environment_parameter(draw):
    """Not only the presets: a lever or environment value no preset sets must act the same in both modes.
    Two phases with different random levers: a mechanism that only acts while levers change (one settled
    in the warm-up under levers held through the run, as offer fit) is compared too."""
    from dataclasses import replace

    from sim.params import ENVIRONMENT, LEVERS
    from sim.steps import Phase, Schedule, step_policy

    values, later = random_parameters(1000 + draw), random_parameters(3000 + draw)
    assert set(values) == set(LEVERS) | set(ENVIRONMENT)
    first = replace(step_policy(1), **{k: values[k] for k in LEVERS})
    second = replace(step_policy(4), **{k: later[k] for k in LEVERS})
    plan = Schedule((Phase(0, first), Phase(4, second)))
    kw = dict(TINY, rng=draw + 21, schedule=plan, **{k: values[k] for k in ENVIRONMENT})
    agents, vectorised = run("agents", **kw), run("vectorised", **kw)
    assert [p.policy for p in agents.setup.schedule.phases] == [first, second]
    assert all(getattr(agents.env, k) == values[k] for k in ENVIRONMENT)
    a, v = series(agents), series(vectorised)
    for name in SERIES:
        np.testing.assert_allclose(a[name], v[name], rtol=1e-9, atol=1e-12, err_msg=f"{name} (draw {draw})")
    for log in LOGS:
        assert getattr(agents, log) == getattr(vectorised, log), log


@pytest.mark.parametrize("draw", range(2))
def test_modes_agree_on_layoffs_when_a_plan_moves_staffing_to_demand(draw):
    """A lever whose effect needs a change of plan: with every lever held through the plan (the test above)
    headcount already sits at its target after the warm-up, so ``layoffs`` never acts. Here the plan takes
    staffing to demand from step 1's fixed headcount to step 5's, with few customers per employee: the
    excess is laid off (checked), the same in both modes, on random values of every other lever."""
    values = random_parameters(2000 + draw)
    values.pop("staffing_to_demand")  # the plan's: 0 at step 1, 1 at step 5
    values.update(layoffs=0.5 + 0.5 * draw, frontline_share=0.8, staffing_band=0.0)
    kw = dict(TINY, n_customers=60, months=12, rng=draw + 31, schedule=[(0, 1), (2, 5)], **values)
    agents, vectorised = run("agents", **kw), run("vectorised", **kw)
    a, v = series(agents), series(vectorised)
    assert v["laid_off"].sum() > 0, v["laid_off"]  # the effect this test is about happened
    for name in SERIES:
        np.testing.assert_allclose(a[name], v[name], rtol=1e-9, atol=1e-12, err_msg=f"{name} (draw {draw})")
    for log in LOGS:
        assert getattr(agents, log) == getattr(vectorised, log), log
