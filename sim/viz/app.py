"""The educator's dashboard: watch an organization move from culture step 1 toward step 5.

Serve it with ``culturesim dashboard`` (or ``solara run sim.viz.app``). Every key of
``model_params`` is a keyword of ClassroomModel (sim/viz/classroom.py), which Reset rebuilds.
"""

import solara
from mesa.visualization import Slider, SolaraViz

from sim.viz.classroom import CUSTOM, PLANS, ClassroomModel
from sim.viz.components import COMPONENTS


def _lever(label: str, value: float) -> Slider:
    return Slider(label, value, 0.0, 1.0, 0.05)


model_params = {
    "step": {"type": "Select", "value": 1, "values": [1, 2, 3, 4, 5], "label": "Culture step at month 0"},
    "plan": {"type": "Select", "value": list(PLANS)[1], "values": [*PLANS, CUSTOM], "label": "Transition plan"},
    "custom_plan": {"type": "InputText", "value": "0:1, 12:3, 24:5", "label": "Custom plan (month:step, ...)"},
    "rng": {"type": "InputText", "value": "1", "label": "Seed"},
    "months": Slider("Months", 60, 12, 120, 12),
    "n_employees": Slider("Employees", 40, 16, 120, 8),
    "n_customers": Slider("Customer places", 800, 200, 2000, 100),
    "override_levers": {"type": "Checkbox", "value": False, "label": "Hold the levers below (else the plan sets them)"},
    "team_reward_weight": _lever("Reward teams (0 individual, 1 team)", 0.0),
    "empowerment": _lever("Empowerment of the front line", 0.1),
    "service_spend": _lever("Service time and resources", 0.25),
    "training": _lever("Service training", 0.2),
}


def initial_values(params: dict) -> dict:
    """The value each input starts at, as Reset would pass it."""
    return {k: v.value if isinstance(v, Slider) else v["value"] if isinstance(v, dict) else v
            for k, v in params.items()}


@solara.component
def Page():
    # One model per browser session: a module-level model would be shared by every visitor.
    model = solara.use_memo(lambda: ClassroomModel(**initial_values(model_params)), [])
    SolaraViz(model, components=COMPONENTS, model_params=model_params, name="culturesim: from step 1 to step 5")
