"""The educator's dashboard: watch one organization (or two, side by side) move from culture step 1 to 5.

Serve it with ``culturesim dashboard``. A Solara page of its own (not Mesa's SolaraViz) so that a
class sees only what it needs: months, not Mesa's ticks; no render-interval or thread switches;
every value checked (sim/viz/inputs.py) and a refused one explained beside its control while the
page keeps the last good run; a change of setting restarts at month 0 and says so. Settings can
come from the address (``?step=3&compare=1&plan_b=...``), checked the same way. One pair of
models per browser session, so students on their own laptops do not share a run.

This module holds the page's state and what each click does; the rest is one job per module:
the sidebar (sim/viz/controls.py), the layout of a run (sim/viz/views.py), Play (sim/viz/play.py),
the pictures of a month (sim/viz/pictures.py), organizations prepared ahead (sim/viz/spare.py).

Play on a busy machine (sim/viz/play.py): the server steps the model (a few milliseconds a month)
to the month the clock has reached and draws only that month, so a slow machine skips months
instead of queueing them; Pause takes effect at once, as the page never draws while it is shown
(Play and Step draw, the page shows their last frame). We chose this over computing the whole run
at once and animating it in the browser (SyntheSim's way): the months are cheap, the drawing is
not, and the lever sliders, the step panel and the agents must show the model's own state at the
month on screen, which one frame drawn from the models keeps true by construction.
"""

from __future__ import annotations

import html
from contextlib import nullcontext
from types import SimpleNamespace
from typing import cast

import reacton.core
import solara
import solara.toestand

from .classroom import CUSTOM, ClassroomModel
from .controls import Controls, Shown, plan_text
from .inputs import CONTROLS, LEVER_KEYS, MODEL_KEYS, build, check, from_url
from .log import logger
from .pictures import Pictures, org_names
from .play import start_playing
from .sessions import SESSIONS, when_closed
from .spare import SPARE
from .views import FrameView, RunBar, refused_warning

TITLE = "culturesim: from step 1 to step 5"

# Solara's "This website runs on Solara" badge sits over the page's bottom right corner: the server
# turns it off (sim/viz/serve.py); this hides it too where a page is served another way.
PAGE_CSS = """
.v-application .solara-banner, .v-application a[href*="solara.dev"] { display: none !important; }
.culturesim-projector .culturesim-clock { font-size: 28px !important; }
.culturesim-projector .culturesim-step { font-size: 18px !important; }
"""
FULL = "The class is full: {n} pages are open on this computer. Close a tab, or ask your teacher to try later."


def one_render():
    """A context in which changes to the page's reactive values re-render the page once, at its end.

    Why: a new month changes what three parts of the page read (the run bar, the pictures, the lever
    sliders); set outside this, each would re-render the page on its own, and each render walks the
    whole page. Solara's own pairing of the page's render context with its kernel's, made while rendering.
    """
    from solara.server import kernel_context

    kernel = kernel_context.get_current_context() if kernel_context.has_current_context() else nullcontext()
    return solara.toestand.Context(reacton.core.get_render_context(), kernel)


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
    no_models: list[ClassroomModel] | None = None
    models = solara.use_reactive(no_models)  # read at call time: a click steps what is on screen
    notice, set_notice = solara.use_state("")
    tick = solara.use_reactive(0)
    playing = solara.use_reactive(False)  # the button says Pause
    looping = solara.use_reactive(False)  # a play loop has not shown its last month yet
    once = solara.use_memo(one_render, [])
    page = solara.use_memo(
        lambda: SimpleNamespace(tick=tick, playing=playing, looping=looping, stop=None, once=once), []
    )

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
    first = solara.use_thread(first_build, dependencies=[], intrusive_cancel=False)  # no tracing: builds faster
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
    on_screen = solara.use_ref(cast(Pictures | None, None))
    on_screen.current = pictures

    def release_when_closed() -> None:
        if on_screen.current is not None:
            on_screen.current.release()

    # a closed page lets go of its organizations and figures, even if Solara keeps some of its widgets
    solara.use_memo(lambda: when_closed(release_when_closed), [])

    def pause() -> None:
        if pictures is not None:
            pictures.pause()  # the play loop steps no further, and shows no month it drew, from now
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
        pictures.step_and_draw(values["autoscale"])
        with once:
            tick.value += 1

    def reset() -> None:
        pause()
        models.value = build(values)
        tick.value += 1
        set_notice("Restarted at month 0.")

    def play() -> None:
        start_playing(pictures, page, values["pace"], values["agents_every"], values["autoscale"])

    def stop_playing_when_gone():
        # the page closed, or new models replaced these: their play loop stops (this Play's event, read then)
        return (lambda: pictures.paused.set()) if pictures else None

    solara.use_effect(stop_playing_when_gone, [id(pictures)])
    # what the page shows: the frame drawn last (never drawn here while a Play or Step is drawing), read
    # by the parts of the page that show a month, so that a new month or a Pause re-renders only them
    shown = solara.use_memo(
        lambda: Shown(pictures, tick, values["autoscale"]) if pictures else None, [id(pictures), values["autoscale"]]
    )
    # a new function only when what it reads changes: a Pause click does not redraw the sidebar
    on_change = solara.use_memo(lambda: change, [values, errors, texts, id(current)])
    plan = tuple(current[0].plan) if current else None

    solara.Title(TITLE)
    with solara.Sidebar():
        Controls(values, errors, texts, plan, shown, on_change)

    if current is None or shown is None:
        if first.state == solara.ResultState.ERROR:
            solara.Error(f"Could not build the organization: {first.error}")
        else:
            solara.Info("Building the organization (about a second)...", classes=["culturesim-loading"])
        return

    if prepared.current is not None and prepared.current is pictures:  # for the tests: served ready-made
        solara.HTML(tag="div", unsafe_innerHTML="", classes=["culturesim-prepared"], style="display: none")
    with solara.Column(classes=["culturesim-projector"] if projector else [], gap="4px"):
        RunBar(shown, playing, looping, notice, reset, step_once, play, pause)
        if errors:
            refused_warning()
        FrameView(shown, names, projector, pictures.seen.report)
