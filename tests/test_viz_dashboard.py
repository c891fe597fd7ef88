"""The dashboard without a browser: solara.render the page, click its buttons, read what it shows."""

import io
import subprocess
import sys
import threading
import time

import ipyvuetify as v
import numpy as np
import pytest
import solara
import solara.widgets
from PIL import Image

from sim.steps import STEP_NAMES
from sim.viz.app import Page
from sim.viz.figures import PANELS, AgentsFigure, TimePlot
from sim.viz.inputs import build, defaults
from sim.viz.panel import step_text
from sim.viz.serve import environment


@solara.component
def Dashboard():
    with solara.AppLayout():  # renders the sidebar too
        Page()


def html_of(rc, css_class: str) -> list[str]:
    return [w.unsafe_innerHTML for w in rc.find(solara.widgets.HTML).widgets if w.attributes.get("class") == css_class]


def clock(rc) -> str:
    return html_of(rc, "culturesim-clock")[0]


def wait_built(rc, timeout=60.0):
    """Until the page shows its clock and the thread that built the organization has finished rendering."""
    deadline = time.monotonic() + timeout
    while not html_of(rc, "culturesim-clock") or any(t.name.endswith("(runner)") for t in threading.enumerate()):
        assert time.monotonic() < deadline, "the page never finished building"
        time.sleep(0.05)


@pytest.fixture
def dashboard():
    _, rc = solara.render(Dashboard(), handle_error=False)
    wait_built(rc)
    return rc


def click(rc, name: str, times: int = 1):
    for _ in range(times):
        rc.find(v.Btn, children=[name]).widget.click()


def test_page_shows_a_class_its_controls_with_values_and_none_of_mesas_internals(dashboard):
    assert [b.children for b in dashboard.find(v.Btn).widgets] == [["Reset"], ["Step"], ["Play"]]
    assert clock(dashboard) == "Month 0 of 60"
    labels = [w.label for w in dashboard.find(v.Slider).widgets]
    assert {
        "Months: 60",
        "Employees: 40",
        "Customer capacity: 800",
        "Play: seconds per month: 0.5",
        "Service training: 0.20 (plan)",
    } <= set(labels)
    everything = repr(dashboard.find(v.Html).widgets) + " ".join(map(str, labels))
    for internal in ("Play Interval", "Render Interval", "Use Threads", "PAGE 0", "Time:"):
        assert internal not in everything
    assert len(html_of(dashboard, "culturesim-plot-text")) == 6
    assert all(" by month: " in text for text in html_of(dashboard, "culturesim-plot-text"))


def test_step_advances_the_model_and_shows_what_its_twin_computes(dashboard):
    click(dashboard, "Step", 3)
    assert clock(dashboard) == "Month 3 of 60"
    twin = build(defaults())[0]  # same inputs, same seed: the same organization
    for _ in range(3):
        twin.step()
    panel = html_of(dashboard, "culturesim-step")[0]
    last_month = step_text(twin).split("Last month: ")[1].split(".\n")[0]
    assert f"Last month: {last_month}" in panel


def test_lever_sliders_show_what_the_plan_is_doing(dashboard):
    click(dashboard, "Step", 8)  # the default plan reaches step 2 at month 6: training rises
    twin = build(defaults())[0]
    for _ in range(8):
        twin.step()
    sliders = {w.label.split(":")[0]: w for w in dashboard.find(v.Slider).widgets}
    training = sliders["Service training"]
    # shown, not bound: the browser never sends it back (sim/viz/controls.py shown_slider)
    assert training.disabled and training.v_model == "!!disabled!!"
    assert training.value == pytest.approx(round(twin.policy.training, 2))
    assert training.value > 0.2 and training.label == f"Service training: {twin.policy.training:.2f} (plan)"


def test_a_changed_setting_restarts_the_run_and_says_so(dashboard):
    click(dashboard, "Step", 2)
    dashboard.find(v.Select, label="Culture step at month 0").widget.v_model = 4
    assert clock(dashboard) == "Month 0 of 60"
    assert "restarted at month 0" in html_of(dashboard, "culturesim-notice")[0]
    assert "step 4, Promoting community" in html_of(dashboard, "culturesim-step")[0]


def test_every_session_has_its_own_model():
    _, first = solara.render(Dashboard(), handle_error=False)
    _, second = solara.render(Dashboard(), handle_error=False)
    wait_built(first)
    wait_built(second)
    click(first, "Step", 2)
    click(second, "Step")
    assert clock(first) == "Month 2 of 60"
    assert clock(second) == "Month 1 of 60"  # a shared model would be at 3


def test_step_panel_says_what_a_step_adds_to_the_earlier_ones():
    model = build({**defaults(), "step": 2, "plan": "stay at the start step"})[0]
    assert "Step 2 adds, on top of step 1:" in step_text(model)
    model = build({**defaults(), "step": 3, "plan": "stay at the start step"})[0]
    assert "Step 3 adds, on top of steps 1 and 2:" in step_text(model)
    model = build({**defaults(), "step": 5, "plan": "stay at the start step"})[0]
    assert "Step 5 adds, on top of steps 1-4:" in step_text(model)


def pixels(picture: tuple) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(picture[0])).convert("RGB"), dtype=int)


def test_plots_are_by_month_with_named_step_changes_and_ranges_that_do_not_chase_noise():
    values = {**defaults(), "compare": True, "plan_b": "stay at the start step"}
    models = build(values)
    plots = {p.series: TimePlot(p, models, ["A", "B"]) for p in PANELS}
    loyalty = plots["mean_loyalty"]
    assert loyalty.ax.get_xlabel() == "month" and loyalty.ax.get_xlim() == (0, 60)
    markers = [t.get_text() for t in loyalty.ax.texts]
    assert [m.split(": ")[:2] for m in markers] == [["A", f"step {s}"] for s in (2, 3, 4, 5)]  # B stays: no marker
    assert markers[0] == f"A: step 2: {STEP_NAMES[2]}"  # named where the name fits
    for _ in range(12):
        for m in models:
            m.step()
    for p in plots.values():
        p.image(autoscale=False)
        assert [len(line.get_xdata()) for line in p.lines] == [12, 12]  # two organizations, 12 months
    assert loyalty.ax.get_ylim() == (0, 1) and plots["nps"].ax.get_ylim() == (-100, 100)
    profit = plots["profit"]
    lo, hi = profit.ax.get_ylim()
    assert lo <= 0 <= hi  # zero stays in view
    for line, raw, model in zip(profit.lines, profit.raw, models):  # a noisy month: trend line + faint months
        months = np.asarray(model.datacollector.model_vars["profit"], dtype=float)
        assert np.allclose(raw.get_ydata(), months) and raw.get_alpha() < 0.5
        assert np.allclose(line.get_ydata()[2:], (months[2:] + months[1:-1] + months[:-2]) / 3)
        assert line.get_ydata()[0] == months[0] and line.get_ydata()[1] == months[:2].mean()
    assert all(not p.raw for p in plots.values() if p is not profit)
    loyalty.image(autoscale=True)
    y = np.concatenate([line.get_ydata() for line in loyalty.lines])
    assert loyalty.ax.get_ylim()[0] > 0 and loyalty.ax.get_ylim()[1] - loyalty.ax.get_ylim()[0] < 2 * np.ptp(y)


def test_incremental_drawing_gives_the_picture_a_full_drawing_gives():
    models = build(defaults())
    plot, agents = TimePlot(PANELS[0], models, ["A"]), AgentsFigure(models[0])
    plot.image(False)
    agents.image()  # month 0: the still parts are drawn and kept
    for _ in range(5):
        models[0].step()
    fresh_plot, fresh_agents = TimePlot(PANELS[0], models, ["A"]), AgentsFigure(models[0])
    fresh_agents.top = agents.top
    assert np.abs(pixels(plot.image(False)) - pixels(fresh_plot.image(False))).max() <= 2
    drawn, full = pixels(agents.image()), pixels(fresh_agents.image())
    assert drawn.shape == full.shape and np.mean(np.abs(drawn - full) > 2) < 0.001


def test_the_server_silences_only_solaras_cookie_warning():
    code = (
        "import warnings; warnings.warn('Cookies with samesite=none require https, but ...'); "
        "warnings.warn('something else')"
    )
    err = subprocess.run([sys.executable, "-c", code], env=environment(), capture_output=True, text=True).stderr
    assert "samesite" not in err and "something else" in err


def test_a_spare_default_organization_is_handed_out_once_and_only_for_default_settings():
    from sim.viz.spare import Spare

    spare = Spare(settings=[defaults()])
    spare.prepare()
    assert spare.take({**defaults(), "seed": 2}) is None  # other settings build their own
    models, pictures = spare.take(defaults())
    assert models[0].month == 0 and pictures.models is models
    frame = pictures.draw(autoscale=False, agents=True)  # month 0, already drawn: reused
    assert pictures.draw(autoscale=False, agents=True).plots is frame.plots and len(frame.plots) == 6
    assert pictures.shown(autoscale=False) is frame and frame.month == 0
    deadline = time.monotonic() + 60  # the next one is prepared...
    while not spare.ready and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [r[1] is not models for r in spare.ready.values()] == [True]  # ...and is a new organization


def test_organizations_are_prepared_ahead_only_while_no_page_plays():
    """While a page plays, the server prepares nothing ahead (a Pause click would wait for that drawing);
    a drawing begun before the Play stops between pictures and is done again once no page plays."""
    from sim.viz.play import PLAYS
    from sim.viz.spare import Spare

    spare = Spare(settings=[defaults()])
    with PLAYS:
        worker = threading.Thread(target=spare.prepare)
        worker.start()
        deadline = time.monotonic() + 60
        while PLAYS.waiting != 1:  # waiting for the play to end (state, not time)
            assert time.monotonic() < deadline and worker.is_alive(), "the spare did not wait for the play"
            time.sleep(0.01)
        assert not spare.ready
    worker.join(timeout=120)
    assert not worker.is_alive() and len(spare.ready) == 1 and PLAYS.waiting == 0

    stopped = threading.Event()
    stopped.set()  # a Play began before the first picture: nothing is drawn, the caller tries again later
    pictures = next(iter(spare.ready.values()))[2]
    pictures.step()
    assert pictures.draw(autoscale=False, agents=True, stop=stopped) is None


def test_solaras_per_session_rcparams_are_undone_for_the_figures():
    import matplotlib

    from sim.viz.figures import unscope_rcparams

    original = type(matplotlib.rcParams)

    class Scoped(original):  # stands for Solara's RcParamsScoped (defined outside matplotlib)
        pass

    matplotlib.rcParams.__class__ = Scoped
    try:
        unscope_rcparams()
        assert type(matplotlib.rcParams) is original and matplotlib.rcParams["lines.linewidth"] > 0
    finally:
        matplotlib.rcParams.__class__ = original
        matplotlib.RcParams = original


@pytest.fixture(scope="module")
def model_of_each_plan():
    """One organization per plan (what ``build`` makes for A, and for B when it differs only in plan),
    built once for every pair of plans and both screen sizes."""
    from sim.viz.classroom import PLANS
    from sim.viz.inputs import CUSTOM

    return {
        plan: build({**defaults(), "compare": False, "plan": plan, "custom_plan": "0:1, 12:3, 13:5"})[0]
        for plan in [*PLANS, CUSTOM]
    }


def test_a_compared_organization_is_the_same_as_built_alone_with_its_plan(model_of_each_plan):
    """What lets the label test below reuse one organization per plan."""
    from sim.viz.inputs import CUSTOM

    plan_a, plan_b = next(iter(model_of_each_plan)), CUSTOM
    values = {**defaults(), "compare": True, "plan": plan_a, "plan_b": plan_b, "custom_plan": "0:1, 12:3, 13:5"}
    a, b = build(values)
    for built, alone in ((a, model_of_each_plan[plan_a]), (b, model_of_each_plan[plan_b])):
        assert built.plan == alone.plan and built.setup.schedule == alone.setup.schedule


@pytest.mark.parametrize("projector", [False, True])
def test_step_labels_never_overlap_nor_leave_the_plot_for_any_pair_of_plans(projector, model_of_each_plan):
    for plan_a, model_a in model_of_each_plan.items():
        for plan_b, model_b in model_of_each_plan.items():
            models = [model_a, model_b]
            plot = TimePlot(PANELS[3], models, ["A", "B"], projector=projector)
            boxes = plot.label_boxes()
            changes = sum(len(m.plan) - 1 for m in models)
            assert len(boxes) == changes, (plan_a, plan_b)  # every change is labelled
            frame = plot.ax.get_window_extent(plot.fig.canvas.get_renderer())
            for i, box in enumerate(boxes):
                assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
                assert not any(box.overlaps(other) for other in boxes[i + 1 :]), (plan_a, plan_b, i)


def test_projector_letters_are_at_least_16_pixels_and_money_reads_as_dollars():
    from sim.viz.figures import DPI, money

    models = build({**defaults(), "compare": True})
    plot = TimePlot(PANELS[3], models, ["A", "B"], projector=True)
    plot.image(False)
    pixels_of = [
        t.get_fontsize() * DPI / 72
        for t in (
            plot.ax.title,
            plot.ax.xaxis.label,
            *plot.labels,
            *plot.ax.get_xticklabels(),
            *plot.ax.get_yticklabels(),
        )
    ]
    assert min(pixels_of) >= 16, pixels_of
    assert [money(x) for x in (0, 950, 30_000, -72_000, 1_250_000, -2e6)] == [
        "$0",
        "$950",
        "$30k",
        "-$72k",
        "$1.25M",
        "-$2M",
    ]
    assert all(t.get_text().startswith(("$", "-$", "\u2212$")) for t in plot.ax.get_yticklabels() if t.get_text())


def test_a_month_drawn_when_pause_came_is_not_shown_until_the_next_step():
    """Pause's promise: no month appears after the click. Play had stepped and drawn month 3 when Pause
    came: the page keeps month 2; the next Step shows month 3 (the models are there) without stepping."""
    import threading

    from sim.viz.pictures import Pictures

    models = build(defaults())
    pictures = Pictures(models, ["A"])
    stop = threading.Event()
    pictures.paused = stop
    assert pictures.advance_to(2, stop) and pictures.show_unless(pictures.draw(False, agents=True), stop)
    assert pictures.advance_to(3, stop)
    drawn = pictures.draw(False, agents=True)
    pictures.pause()  # the click comes while month 3 is being drawn
    assert stop.is_set() and not pictures.show_unless(drawn, stop)
    assert pictures.shown(False).month == 2 and models[0].month == 3
    assert not pictures.advance_to(4, stop) and models[0].month == 3  # a paused Play steps no further
    assert pictures.step_and_draw(False) is drawn and models[0].month == 3  # Step: the month already drawn
    assert pictures.step_and_draw(False).month == 4 and models[0].month == 4  # then it steps again


def test_pause_stops_a_month_being_drawn_at_once_and_the_next_step_draws_the_month_play_reached():
    """A paused Play draws no further picture (on a loaded machine each one is seconds of a busy CPU that the
    Pause click's own page update waits for); the models stay at the month Play reached, and Step draws it."""
    import threading

    from sim.viz.pictures import Pictures

    models = build(defaults())
    pictures = Pictures(models, ["A"])
    stop = threading.Event()
    pictures.paused = stop
    assert pictures.advance_to(2, stop) and pictures.show_unless(pictures.draw(False, agents=True), stop)
    drawn = []
    for plot in pictures.plots:
        plot.image = (lambda image: lambda autoscale: drawn.append(1) or image(autoscale))(plot.image)
    assert pictures.advance_to(3, stop)
    pictures.plots[0].image = (lambda image: lambda autoscale: pictures.pause() or image(autoscale))(
        pictures.plots[0].image
    )  # the click comes while the first plot is being drawn
    assert pictures.draw(False, agents=True, stop=stop) is None and drawn == [1]  # no picture after it
    assert pictures.shown(False).month == 2 and models[0].month == 3
    assert pictures.step_and_draw(False).month == 3 and models[0].month == 3  # Step: the month Play reached
    assert pictures.step_and_draw(False).month == 4 and models[0].month == 4


def test_the_agents_view_lays_out_every_month_of_the_guides_links():
    """Every month of every organization the guide links to can be drawn as agents, also after layoffs:
    a customer still linked to someone laid off that month (headcount follows demand) once made the
    agents view fail at month 16 of exercise 3 (KeyError), stopping the page's clock there."""
    from sim.viz.agents_view import layout
    from sim.viz.inputs import GUIDE_LINKS, from_url

    for query in GUIDE_LINKS.values():
        models = build(from_url(query)[0])
        while models[0].running:
            for m in models:
                m.step()
                lay = layout(m)
                assert len(lay.customer_xy) == len(lay.satisfaction) == len(m.customers)
