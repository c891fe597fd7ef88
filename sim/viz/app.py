"""The educator's dashboard: watch one organization (or two, side by side) move from culture step 1 to 5.

Serve it with ``culturesim dashboard``. A Solara page of its own (not Mesa's SolaraViz) so that a
class sees only what it needs: months, not Mesa's ticks; no render-interval or thread switches;
every value checked (sim/viz/inputs.py) and a refused one explained beside its control while the
page keeps the last good run; a change of setting restarts at month 0 and says so. Settings can
come from the address (``?step=3&compare=1&plan_b=...``), checked the same way. One pair of
models per browser session, so students on their own laptops do not share a run.

Play on a busy machine: the server steps the model (a few milliseconds a month) to the month the
clock has reached and draws only that month, so a slow machine skips months instead of queueing
them, and Pause is taken between two frames. We chose this over computing the whole run at once
and animating it in the browser (SyntheSim's way): the months are cheap, the drawing is not, and
the lever sliders, the step panel and the agents must show the model's own state at the month on
screen, which stepping keeps true by construction.
"""

from __future__ import annotations

import html
import logging
import sys
import threading
import time

import solara

from .ack import FrameAck, Seen
from .classroom import CUSTOM
from .figures import PANELS, AgentsFigure, TimePlot, legend_html, unscope_rcparams
from .inputs import B_REWARDS, CONTROLS, GUIDE_LINKS, LEVER_KEYS, MODEL_KEYS, build, check, from_url
from .panel import step_html
from .ranges import exercise_ranges
from .sessions import SESSIONS

TITLE = "culturesim: from step 1 to step 5"
ERROR_STYLE = "color: #b00020; font-size: 13px; margin: -4px 0 8px 0"


def logger() -> logging.Logger:
    """The server's log for refused values and failed builds (to stderr, which the server's log keeps)."""
    log = logging.getLogger("culturesim.dashboard")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s culturesim dashboard %(levelname)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log


def org_names(values: dict) -> list[str]:
    names = [f"A: {values['plan']}"]
    if values["compare"]:
        reward = "" if values["reward_b"] == B_REWARDS[0] else f", rewards {values['reward_b'].split(' (')[0]}"
        names.append(f"B: {values['plan_b']}{reward}")
    return names


class Pictures:
    """The figures of one set of models, drawn incrementally; the agents view can be skipped while playing."""

    def __init__(self, models, names, projector: bool = False):
        unscope_rcparams()
        self.models, self.names, self.projector = models, names, projector
        self.lock = threading.Lock()  # Play steps in its own thread: never draw a month half-made
        self.paused = threading.Event()  # set by Pause: the play loop steps no further
        self.seen = Seen()  # the last frame the browser has shown (sim/viz/ack.py)
        ranges = exercise_ranges(models, PANELS)
        self.plots = [TimePlot(p, models, names, ranges.get(p.series), projector) for p in PANELS]
        compare = len(models) > 1
        self.agents = [
            AgentsFigure(m, f"{n.split(':')[0]}: " if compare else "", wide=not compare, projector=projector)
            for m, n in zip(models, names)
        ]
        self.agents_drawn: list[str] = []
        self.last: tuple = (None, None)  # (what was asked, what was drawn): a repeat costs nothing

    def draw(self, autoscale: bool, agents: bool) -> tuple[list, list, list[str]]:
        """[(PNG, heading)] of the agents (kept from last time unless ``agents``), [(PNG, description)] of the
        plots, the step panels' HTML: all of one month."""
        with self.lock:
            key = (tuple(m.month for m in self.models), autoscale, agents or not self.agents_drawn)
            if key == self.last[0]:
                return self.last[1]
            if agents or not self.agents_drawn:
                self.agents_drawn = [a.image() for a in self.agents]
            names = self.names if len(self.models) > 1 else [""]
            panels = [step_html(m, n) for m, n in zip(self.models, names)]
            self.last = (key, (self.agents_drawn, [p.image(autoscale) for p in self.plots], panels))
            return self.last[1]

    def step(self) -> None:
        with self.lock:
            for m in self.models:
                if m.running:
                    m.step()

    def advance_to(self, month: int) -> bool:
        """Step every model up to ``month`` at once (months are cheap; only this one will be drawn).

        False, and nothing stepped, once Pause was pressed: a paused run never moves again.
        """
        with self.lock:
            if self.paused.is_set():
                return False
            for m in self.models:
                while m.running and m.month < month:
                    m.step()
            return True


class Spare:
    """Organizations built and drawn ahead of time, for the next page opened with the same settings.

    Why: on a 2-core machine the first picture (7 figures drawn in full) takes 1-2 s while the
    browser is busy loading the page; prepared while the server starts (sim/viz/serve.py) or after
    the last one was taken, a visitor's page only has to send it. Prepared are the default settings
    and every link of docs/teaching.md (``GUIDE_LINKS``). Each visitor still gets a model of their
    own: a spare is handed out once.
    """

    def __init__(self, settings=None):
        self.lock = threading.Lock()
        self.settings = settings  # None: the defaults and the guide's links
        self.ready: dict = {}  # key of the settings -> (settings, models, Pictures)

    def wanted(self) -> list[dict]:
        if self.settings is not None:
            return self.settings
        from .inputs import defaults

        return [defaults(), *(from_url(query)[0] for query in GUIDE_LINKS.values())]

    @staticmethod
    def key(values: dict) -> tuple:
        return tuple(sorted((k, str(v)) for k, v in values.items()))

    def prepare(self, values: dict | None = None) -> None:
        todo = [values] if values is not None else self.wanted()
        for wanted in todo:
            if self.key(wanted) in self.ready:
                continue
            models = build(wanted)
            pictures = Pictures(models, org_names(wanted), wanted["projector"])
            pictures.draw(wanted["autoscale"], agents=True)
            with self.lock:
                self.ready[self.key(wanted)] = (wanted, models, pictures)
        if values is None:
            # the count asked for, not how many are still waiting: a page may already have taken one
            logger().info("prepared %d organizations ahead (the defaults and the guide's links)", len(todo))

    def prepare_in_background(self, values: dict | None = None) -> None:
        def quietly():
            try:
                self.prepare(values)
            except Exception:  # noqa: BLE001 - only a head start: pages build their own
                logger().exception("could not prepare the next organization")

        threading.Thread(target=quietly, name="culturesim-spare", daemon=True).start()

    def take(self, values: dict):
        """(models, Pictures) drawn at month 0 for these settings, or None; another is then prepared."""
        with self.lock:
            ready = self.ready.pop(self.key(values), None)
        if ready is None:
            return None
        self.prepare_in_background(values)
        return ready[1], ready[2]


SPARE = Spare()
SR_ONLY = "position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0)"
CAPTION = "Each dot above an employee is a customer they served; a black ring marks a member of the customer community."


@solara.component
def AgentsView(picture, heading: str):
    solara.HTML(
        tag="div",
        unsafe_innerHTML=html.escape(heading),
        classes=["culturesim-agents-heading"],
        style="font-size: 16px; font-weight: bold",
    )
    solara.HTML(tag="div", unsafe_innerHTML=CAPTION, style="font-size: 13px")
    solara.Image(picture, width="100%", classes=["culturesim-agents"])


@solara.component
def Plots(plots, names, projector=False):
    if len(names) > 1:
        solara.HTML(tag="div", unsafe_innerHTML=legend_html(names, projector))
    with solara.GridFixed(columns=2 if projector else 3):
        for picture, description in plots:
            with solara.Column(gap="0px"):
                solara.Image(picture, width="100%", classes=["culturesim-plot"])
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=html.escape(description),
                    classes=["culturesim-plot-text"],
                    style=SR_ONLY,
                )


def _heading(text: str, note: str = "") -> None:
    """A sidebar heading (plain HTML: solara.Markdown would fetch KaTeX from a CDN on every page)."""
    solara.HTML(tag="div", unsafe_innerHTML=f"<b>{text}</b> {note}", style="margin: 12px 0 4px 0")


# Solara's "This website runs on Solara" badge sits over the page's bottom right corner: the server
# turns it off (sim/viz/serve.py); this hides it too where a page is served another way.
PAGE_CSS = """
.v-application .solara-banner, .v-application a[href*="solara.dev"] { display: none !important; }
.culturesim-projector .culturesim-clock { font-size: 28px !important; }
.culturesim-projector .culturesim-step { font-size: 18px !important; }
"""
FULL = "The class is full: {n} pages are open on this computer. Close a tab, or ask your teacher to try later."


def _error(message: str | None) -> None:
    if message:
        solara.HTML(tag="div", unsafe_innerHTML=html.escape(message), classes=["culturesim-error"], style=ERROR_STYLE)


def plan_text(pairs) -> str:
    """A plan as the custom plan box writes it: "0:1, 6:2, 12:3"."""
    return ", ".join(f"{m}:{s}" for m, s in pairs)


@solara.component
def Page():
    """The classroom page, or a clear message when the class is full (sim/viz/sessions.py)."""
    solara.Style(PAGE_CSS)
    admitted = solara.use_memo(SESSIONS.admit, [])
    if admitted:
        Classroom()
    else:
        solara.Title(TITLE)
        solara.HTML(
            tag="div",
            unsafe_innerHTML=html.escape(FULL.format(n=SESSIONS.capacity)),
            classes=["culturesim-full"],
            style="font-size: 22px; margin: 24px",
        )


@solara.component
def Classroom():
    router = solara.use_router()
    start = solara.use_memo(lambda: from_url(router.search), [])
    values, set_values = solara.use_state(start[0])
    errors, set_errors = solara.use_state(start[1])
    texts, set_texts = solara.use_state({k: str(start[0][k]) for k in ("custom_plan", "seed")})
    models = solara.use_reactive(None)  # read at call time: a click steps what is on screen
    notice, set_notice = solara.use_state("")
    tick = solara.use_reactive(0)
    playing = solara.use_reactive(False)

    def first_build():
        for key, message in start[1].items():
            logger().warning("refused a value in the address (%s): %s", key or "unknown name", message[:300])
        spare = SPARE.take(start[0])
        if spare:
            prepared.current = spare[1]
        built = spare[0] if spare else build(start[0])
        if models.value is None:
            models.value = built

    prepared = solara.use_ref(None)  # the spare's pictures, already drawn at month 0
    first = solara.use_thread(first_build, dependencies=[])
    current = models.value
    names = org_names(values)
    projector = values["projector"]

    def make_pictures():
        if current is None:
            return None
        ready = prepared.current
        if ready is not None and ready.models is current and ready.projector == projector:
            return ready
        return Pictures(current, names, projector)

    pictures = solara.use_memo(make_pictures, [id(current), projector])

    def pause() -> None:
        if pictures is not None:
            pictures.paused.set()  # the play loop steps no further, from now
        playing.value = False

    def change(key: str, raw) -> None:
        control = CONTROLS[key]
        if key in LEVER_KEYS and not values["hold_levers"]:
            return  # a slider showing the plan's value: the browser echoes it back; not a choice
        if (
            key == "custom_plan"
            and values["plan"] != CUSTOM
            and current
            and str(raw).strip() == plan_text(current[0].plan)
        ):
            return  # the box showing the plan in force, sent back unchanged
        if control.kind == "text" or key == "seed":
            set_texts({**texts, key: str(raw)})
        try:
            new = {**values, key: control.parse(raw)}
            if key == "custom_plan":
                new["plan"] = CUSTOM  # a typed plan is the plan in force
            if key in MODEL_KEYS:
                check(new)
                rebuilt = build(new)
        except ValueError as e:
            set_errors({**errors, key: f"{e}. Not applied: the run on screen uses the last good value."})
            logger().warning("refused %s = %r: %s", key, str(raw)[:300], e)
            return
        except Exception as e:  # noqa: BLE001 - a class must never lose the page
            logger().exception("could not build the organizations with %s = %r", key, str(raw)[:300])
            set_errors({**errors, key: f"Could not build the organization with this value ({e}). Not applied."})
            return
        set_errors({k: m for k, m in errors.items() if k != key})
        set_values(new)
        if key in MODEL_KEYS:
            pause()
            models.value = rebuilt
            tick.value += 1
            set_notice(f"{control.label} changed: the run restarted at month 0.")

    def step_once() -> None:
        pictures.step()
        tick.value += 1

    def reset() -> None:
        pause()
        models.value = build(values)
        tick.value += 1
        set_notice("Restarted at month 0.")

    def play() -> None:
        pictures.paused.clear()
        playing.value = True

    def play_loop():
        """Show the month the clock has reached: months the machine had no time to draw are skipped."""
        if not playing.value or pictures is None:
            return
        pace, began, first_month = values["pace"], time.monotonic(), current[0].month
        while playing.value and current[0].running:
            due = first_month + 1 + int((time.monotonic() - began) / pace)
            if not pictures.advance_to(due):
                return  # paused
            tick.value += 1  # draws this month, and only this one
            # the next frame only once the page shows this one (a page gone quiet: 10 s at most)
            if not pictures.seen.wait_for(tick.value, timeout=10.0, stop=pictures.paused):
                if pictures.paused.is_set():
                    return
            wait = began + (due - first_month) * pace - time.monotonic()
            time.sleep(max(0.05, wait))  # always a breath: a click is handled between frames
        playing.value = False

    solara.use_thread(play_loop, dependencies=[playing.value, id(current), values["pace"]])

    month = current[0].month if current else 0
    agents_now = not playing.value or month % values["agents_every"] == 0 or not current[0].running
    drawn = solara.use_memo(
        lambda: pictures.draw(values["autoscale"], agents_now) if pictures else None,
        [id(pictures), tick.value, values["autoscale"], month],
    )

    solara.Title(TITLE)
    with solara.Sidebar():
        Controls(values, errors, texts, current, change, month=month, tick=tick.value)

    if current is None:
        if first.state == solara.ResultState.ERROR:
            solara.Error(f"Could not build the organization: {first.error}")
        else:
            solara.Info("Building the organization (about a second)...", classes=["culturesim-loading"])
        return

    months = current[0].months
    agents, plots, panels = drawn
    FrameAck.element(frame=tick.value, on_seen=pictures.seen.report)
    if prepared.current is not None and prepared.current is pictures:  # for the tests: served ready-made
        solara.HTML(tag="div", unsafe_innerHTML="", classes=["culturesim-prepared"], style="display: none")
    with solara.Column(classes=["culturesim-projector"] if projector else [], gap="4px"):
        with solara.Row(style="align-items: center; flex-wrap: wrap"):
            solara.Button("Reset", on_click=reset, outlined=True)
            solara.Button("Step", on_click=step_once, disabled=playing.value or not current[0].running, color="primary")
            solara.Button(
                "Pause" if playing.value else "Play",
                disabled=not current[0].running and not playing.value,
                on_click=pause if playing.value else play,
                color="primary",
            )
            solara.HTML(
                tag="div",
                unsafe_innerHTML=f"Month {month} of {months}",
                classes=["culturesim-clock"],
                style="font-size: 22px; font-weight: bold; margin: 0 16px",
            )
            if notice:
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=html.escape(notice),
                    classes=["culturesim-notice"],
                    style="color: #555; font-size: 14px",
                )
        if errors:
            solara.Warning(
                "A value was refused (see the message beside its control); the run shown uses the last good settings.",
                dense=True,
            )
        if projector:  # a projector: the plots first, large; the agents below
            Plots(plots, names, projector=True)
        if len(current) == 1:  # one organization: its agents large, what the step means beside them
            with solara.Columns([5, 2]):
                with solara.Column():
                    AgentsView(*agents[0])
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=panels[0],
                    classes=["culturesim-step"],
                    style="font-size: 15px; padding: 0 8px",
                )
        else:  # two: side by side, each with its own step panel below
            with solara.Columns([1, 1]):
                for panel, picture in zip(panels, agents):
                    with solara.Column():
                        AgentsView(*picture)
                        solara.HTML(
                            tag="div",
                            unsafe_innerHTML=panel,
                            classes=["culturesim-step"],
                            style="font-size: 15px; padding: 0 8px",
                        )
        if not projector:
            Plots(plots, names)


@solara.component
def Controls(values, errors, texts, models, change, month=0, tick=0):
    """The sidebar: every control with its value in its label, a hover explanation, any refusal right below it.

    ``month`` and ``tick`` redraw it with the page, so the plan's lever values move on the sliders.
    """

    def hover(key, element):
        with solara.Tooltip(CONTROLS[key].help):
            with solara.Column(gap="0px", classes=["culturesim-control"]):
                element()

    def choice(key):
        c = CONTROLS[key]
        hover(
            key,
            lambda: solara.Select(
                c.label, value=values[key], values=list(c.choices), on_value=lambda v: change(key, v)
            ),
        )
        _error(errors.get(key))

    def number(key, value=None, suffix="", disabled=False):
        c = CONTROLS[key]
        value = values[key] if value is None else value
        shown = f"{value:.2f}" if key in LEVER_KEYS else f"{value:g}" if isinstance(value, float) else str(value)
        slider = solara.SliderInt if c.kind == "int" else solara.SliderFloat
        hover(
            key,
            lambda: slider(
                f"{c.label}: {shown}{suffix}",
                value=value,
                min=c.lo,
                max=c.hi,
                step=c.step,
                disabled=disabled,
                on_value=lambda v: change(key, v),
                thumb_label=False,
            ),
        )
        _error(errors.get(key))

    def text(key, shown=None):
        c = CONTROLS[key]
        hover(
            key,
            lambda: solara.InputText(
                c.label,
                value=texts[key] if shown is None else shown,
                on_value=lambda v: change(key, v),
                error=bool(errors.get(key)),
            ),
        )
        _error(errors.get(key))

    def checkbox(key):
        hover(
            key,
            lambda: solara.Checkbox(label=CONTROLS[key].label, value=values[key], on_value=lambda v: change(key, v)),
        )
        _error(errors.get(key))

    _error(errors.get(""))
    _heading("Organization A")
    choice("step")
    choice("plan")
    in_force = values["plan"] == CUSTOM or errors.get("custom_plan") or not models
    text("custom_plan", None if in_force else plan_text(models[0].plan))
    checkbox("compare")
    if values["compare"]:
        choice("plan_b")
        choice("reward_b")
    _heading("Size and seed", "(the same for A and B)")
    text("seed")
    for key in ("months", "n_employees", "n_customers"):
        number(key)
    _heading("Levers", f"(A at month {month})" if models and not values["hold_levers"] else "")
    checkbox("hold_levers")
    for key in LEVER_KEYS:
        if values["hold_levers"]:
            number(key, suffix=" (held)")
        else:
            now = round(float(getattr(models[0].policy, key)), 2) if models else values[key]
            number(key, value=now, suffix=" (plan)", disabled=True)
    _heading("Display")
    checkbox("projector")
    number("pace")
    number("agents_every")
    checkbox("autoscale")
