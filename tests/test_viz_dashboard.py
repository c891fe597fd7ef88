"""The dashboard without a browser: solara.render the page, click its buttons, read what it shows."""

import ipyvuetify as v
import ipywidgets
import pytest
import solara
import solara.widgets

from sim.viz.app import Page, initial_values, model_params
from sim.viz.classroom import ClassroomModel
from sim.viz.components import step_text


@solara.component
def Dashboard():
    with solara.AppLayout():      # renders the sidebar (controls and parameters) too
        Page()


@pytest.fixture
def dashboard():
    _, rc = solara.render(Dashboard(), handle_error=False)
    return rc


def shown_time(rc) -> str:
    return [w.children[0] for w in rc.find(v.Html, tag="span").widgets if str(w.children[0]).startswith("Time:")][0]


def step_html(rc) -> str:
    [panel] = [w for w in rc.find(solara.widgets.HTML).widgets if w.attributes.get("class") == "culturesim-step"]
    return panel.unsafe_innerHTML


def images(rc) -> list[bytes]:
    return [bytes(w.value) for w in rc.find(ipywidgets.Image).widgets]


def test_page_has_the_step_selector_plan_sliders_and_controls(dashboard):
    selects = {w.label: w for w in dashboard.find(v.Select).widgets}
    assert selects["Culture step at month 0"].items == [1, 2, 3, 4, 5]
    assert len(selects["Transition plan"].items) >= 4
    sliders = {w.label for w in dashboard.find(v.Slider).widgets}
    assert {"Reward teams (0 individual, 1 team)", "Empowerment of the front line", "Service time and resources",
            "Service training", "Employees", "Customer places"} <= sliders
    assert {"Seed", "Custom plan (month:step, ...)"} <= {w.label for w in dashboard.find(v.TextField).widgets}
    assert [b.children for b in dashboard.find(v.Btn).widgets] == [["Reset"], ["▶"], ["Step"]]
    assert shown_time(dashboard) == "Time: 0.0"
    assert len(images(dashboard)) == 5          # the agents and four plots


def test_step_advances_the_model_and_redraws_plots_and_agents(dashboard):
    before = images(dashboard)
    for _ in range(3):
        dashboard.find(v.Btn, children=["Step"]).widget.click()
    assert shown_time(dashboard) == "Time: 3.0"
    after = images(dashboard)
    assert all(a != b for a, b in zip(before, after, strict=True))
    twin = ClassroomModel(**initial_values(model_params))   # same inputs, same seed: the same organization
    for _ in range(3):
        twin.step()
    html = step_html(dashboard)
    assert "Month 3 of 60" in html
    last_month = step_text(twin).split("Last month: ")[1].split(".\n")[0]      # loyalty, churn, NPS, profit
    assert f"Last month: {last_month}" in html


def test_reset_builds_the_chosen_step_and_plan(dashboard):
    dashboard.find(v.Select, label="Culture step at month 0").widget.v_model = 4
    dashboard.find(v.Select, label="Transition plan").widget.v_model = "stay at the start step"
    dashboard.find(v.Btn, children=["Step"]).widget.click()
    assert "step 1, Minimize hassles" in step_html(dashboard)
    dashboard.find(v.Btn, children=["Reset"]).widget.click()
    assert shown_time(dashboard) == "Time: 0.0"
    html = step_html(dashboard)
    assert "step 4, Promoting community" in html and "No further change in the plan" in html


def test_every_session_has_its_own_model():
    _, first = solara.render(Dashboard(), handle_error=False)
    _, second = solara.render(Dashboard(), handle_error=False)
    for _ in range(2):
        first.find(v.Btn, children=["Step"]).widget.click()
    second.find(v.Btn, children=["Step"]).widget.click()
    assert shown_time(first) == "Time: 2.0"
    assert shown_time(second) == "Time: 1.0"      # a shared model would be at 3.0
