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
    assert plan_pairs(1, "one step up every 6 months (1 -> 5 in 2 years)", "", 60) == [
        (0, 1),
        (6, 2),
        (12, 3),
        (18, 4),
        (24, 5),
    ]
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
    model = ClassroomModel(
        step=2, plan="one step up every 6 months (1 -> 5 in 2 years)", rng="7", empowerment=0.95, **SMALL
    )
    assert model.seed == 7 and model.overridden == []
    assert model.setup.schedule.target_at(6) == step_policy(3)  # the slider was ignored
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
    x_of_slot = {e.slot: lay.employee_xy[i, 0] for i, e in enumerate(model.employees)}
    assert sorted(lay.served_by_xy[:, 0]) == sorted(x_of_slot[s] for s in served)


def test_dashboard_command_binds_localhost_with_telemetry_off(capsys):
    argv = command(8765)
    assert argv[argv.index("--host") + 1] == "127.0.0.1" and argv[argv.index("--port") + 1] == "8765"
    assert environment()["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    assert environment()["MALLOC_MMAP_THRESHOLD_"] == "65536"  # large blocks go back to the system when freed
    assert cli.main(["dashboard", "--port", "70000"]) == 2  # argparse errors: one line, exit 2 (sim.cli.Parser)
    assert "--port: must be 1..65535" in capsys.readouterr().err


def test_every_control_refuses_a_bad_value_with_a_message_naming_it_and_what_is_allowed():
    from sim.viz.inputs import CONTROLS

    bad = {"choice": "nonsense", "int": "abc", "float": "nan", "bool": "maybe"}
    for control in CONTROLS.values():
        if control.kind == "text":
            continue
        with pytest.raises(ValueError) as e:
            control.parse(bad[control.kind])
        assert str(e.value).startswith(control.label + ":") and "got" in str(e.value)
        assert control.parse(str(control.default)) == control.default
    with pytest.raises(ValueError, match="Employees: a whole number from 16 to 120; got '12'"):
        CONTROLS["n_employees"].parse("12")
    with pytest.raises(ValueError, match="Employees: a whole number from 16 to 120; got '40.5'"):
        CONTROLS["n_employees"].parse("40.5")
    assert CONTROLS["seed"].parse(" 42 ") == 42


def test_address_values_are_checked_like_typed_ones():
    from sim.viz.inputs import defaults, from_url

    values, errors = from_url("step=3&compare=1&seed=9&n_customers=5000&custom_plan=0:1,%206:8&zoom=2")
    assert (values["step"], values["compare"], values["seed"]) == (3, True, 9)
    assert values["n_customers"] == defaults()["n_customers"] and "from 200 to 2000" in errors["n_customers"]
    assert values["custom_plan"] == defaults()["custom_plan"] and "step must be one of 1..5" in errors["custom_plan"]
    assert "Unknown setting 'zoom'" in errors[""]
    assert from_url(None) == (defaults(), {})


def test_side_by_side_builds_two_organizations_on_one_seed_differing_only_in_plan_or_reward():
    from sim.viz.inputs import build, defaults

    a, b = build(
        {
            **defaults(),
            "compare": True,
            "plan": "stay at the start step",
            "plan_b": "stay at the start step",
            "reward_b": "teams (1)",
            "n_employees": 16,
            "n_customers": 200,
        }
    )
    assert a.seed == b.seed and a.sizes == b.sizes and a.plan == b.plan
    assert (
        a.policy.team_reward_weight == 0.0
        and b.policy.team_reward_weight == 1.0
        and b.overridden == ["team_reward_weight"]
    )
    same = build({**defaults(), "compare": True, "plan_b": defaults()["plan"], "n_employees": 16, "n_customers": 200})
    for _ in range(3):
        for m in same:
            m.step()
    assert same[0].latest == same[1].latest  # same seed, same plan: the same months (noise is shared)
