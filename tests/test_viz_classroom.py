"""The dashboard's model inputs (start step + plan, seed text, lever sliders), its agents view and command."""

import numpy as np
import pytest

from sim import cli
from sim.steps import step_policy
from sim.viz.agents_view import layout
from sim.viz.classroom import CUSTOM, ClassroomModel, plan_pairs, seed_from_text
from sim.viz.serve import command, environment

SMALL = dict(n_employees=16, n_customers=120, months=24)


def test_plans_start_at_the_chosen_step_and_stay_within_the_run():
    assert plan_pairs(1, "one step up every 6 months (1 -> 5 in 2 years)", "", 60) == [(0, 1), (6, 2), (12, 3), (18, 4), (24, 5)]
    assert plan_pairs(3, "one step up every 12 months", "", 60) == [(0, 3), (12, 4), (24, 5)]
    assert plan_pairs(5, "jump to step 5 at month 12", "", 60) == [(0, 5)]
    assert plan_pairs(2, "one step up every 12 months", "", 20) == [(0, 2), (12, 3)]
    assert plan_pairs(4, CUSTOM, "0:1, 12:3, 24:5", 60) == [(0, 1), (12, 3), (24, 5)]
    with pytest.raises(ValueError, match="step must be one of 1..5"):
        plan_pairs(1, CUSTOM, "0:1, 6:9", 60)
    with pytest.raises(ValueError, match="plan: must be one of"):
        plan_pairs(1, "no such plan", "", 60)


def test_seed_text_must_be_a_whole_number():
    assert seed_from_text(" 42 ") == 42
    for bad in ("abc", "-1", "1.5"):
        with pytest.raises(ValueError, match="Seed: expected a whole number"):
            seed_from_text(bad)


def test_model_follows_the_plan_and_uses_lever_sliders_only_when_held():
    model = ClassroomModel(step=2, plan="one step up every 6 months (1 -> 5 in 2 years)", rng="7",
                           empowerment=0.95, **SMALL)
    assert model.seed == 7 and model.overridden == []
    assert model.setup.schedule.target_at(6) == step_policy(3)      # the slider was ignored
    for _ in range(6):
        model.step()
    assert (model.target_step(), model.next_change()) == (3, (12, 4))
    held = ClassroomModel(step=2, override_levers=True, empowerment=0.95, **SMALL)
    assert held.overridden == ["empowerment"]
    assert all(p.policy.empowerment == 0.95 for p in held.setup.schedule.phases)


def test_agents_view_places_every_customer_above_the_employee_who_served_them():
    model = ClassroomModel(step=3, **SMALL)
    for _ in range(4):
        model.step()
    lay = layout(model)
    customers = model.customers
    assert len(lay.satisfaction) == len(customers) > 0
    assert sorted(lay.satisfaction) == sorted(c.satisfaction for c in customers)
    assert lay.member.sum() == sum(c.member for c in customers)
    assert lay.frontline.sum() == model.frontline_count
    # each link ends at an employee's position, and the customer sits above it
    employee_x = set(lay.employee_xy[:, 0])
    assert set(lay.served_by_xy[:, 0]) <= employee_x
    assert np.all(lay.customer_xy[:, 1] >= 1.0) and np.all(np.abs(lay.customer_xy[:, 0] - lay.served_by_xy[:, 0]) < 0.5)
    served = sorted(c.employee.slot for c in customers)
    x_of_slot = {e.slot: lay.employee_xy[i, 0] for i, e in enumerate(model.employee_in_slot)}
    assert sorted(lay.served_by_xy[:, 0]) == sorted(x_of_slot[s] for s in served)


def test_dashboard_command_binds_localhost_with_telemetry_off(capsys):
    argv = command(8765)
    assert argv[argv.index("--host") + 1] == "127.0.0.1" and argv[argv.index("--port") + 1] == "8765"
    assert environment()["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    assert cli.main(["dashboard", "--port", "70000"]) == 2      # argparse errors: one line, exit 2 (sim.cli.Parser)
    assert "--port: must be 1..65535" in capsys.readouterr().err
