"""What the page shows of a run: the buttons and the clock, the agents, the plots, the step panels.

Plain layout, no state: sim/viz/app.py holds the state and passes what to show and what a click does.
"""

from __future__ import annotations

import html

import solara

from .ack import FrameAck
from .figures import FORMAT, legend_html

SR_ONLY = "position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0)"
CAPTION = "Each dot above an employee is a customer they served; a black ring marks a member of the customer community."
PANEL_STYLE = "font-size: 15px; padding: 0 8px"


@solara.component
def AgentsView(picture, heading: str):
    solara.HTML(
        tag="div",
        unsafe_innerHTML=html.escape(heading),
        classes=["culturesim-agents-heading"],
        style="font-size: 16px; font-weight: bold",
    )
    solara.HTML(tag="div", unsafe_innerHTML=CAPTION, style="font-size: 13px")
    solara.Image(picture, width="100%", format=FORMAT, classes=["culturesim-agents"])


@solara.component
def Plots(plots, names, projector=False):
    if len(names) > 1:
        solara.HTML(tag="div", unsafe_innerHTML=legend_html(names, projector))
    with solara.GridFixed(columns=2 if projector else 3):
        for picture, description in plots:
            with solara.Column(gap="0px"):
                solara.Image(picture, width="100%", format=FORMAT, classes=["culturesim-plot"])
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=html.escape(description),
                    classes=["culturesim-plot-text"],
                    style=SR_ONLY,
                )


@solara.component
def RunBar(shown, playing, looping, notice: str, on_reset, on_step, on_play, on_pause):
    """The run bar of the month shown: re-rendered for a new month or a Play/Pause, nothing else."""
    run_bar(shown.frame(), playing.value, looping.value, notice, on_reset, on_step, on_play, on_pause)


@solara.component
def FrameView(shown, names, projector: bool, on_seen):
    """The month shown: its agents, step panels and plots (projector: plots first), and the
    invisible widget that tells Play the page has shown it (sim/viz/ack.py)."""
    frame = shown.frame()
    FrameAck.element(frame=shown.tick.value, on_seen=on_seen)
    if projector:  # a projector: the plots first, large; the agents below
        Plots(frame.plots, names, projector=True)
    organizations(frame.agents, frame.panels)
    if not projector:
        Plots(frame.plots, names)


def run_bar(frame, playing: bool, looping: bool, notice: str, on_reset, on_step, on_play, on_pause):
    """Reset, Step, Play or Pause, the clock (the month of the ``frame`` shown), and what last restarted the run.

    Step waits until a paused play loop has shown its last month (``looping``), so it steps from there."""
    with solara.Row(style="align-items: center; flex-wrap: wrap"):
        solara.Button("Reset", on_click=on_reset, outlined=True)
        solara.Button("Step", on_click=on_step, disabled=playing or looping or not frame.running, color="primary")
        solara.Button(
            "Pause" if playing else "Play",
            disabled=not frame.running and not playing,
            on_click=on_pause if playing else on_play,
            color="primary",
        )
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"Month {frame.month} of {frame.months}",
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


def organizations(agents: list, panels: list[str]) -> None:
    """One organization: its agents large, what its step means beside them; two: side by side, panels below."""
    if len(agents) == 1:
        with solara.Columns([5, 2]):
            with solara.Column():
                AgentsView(*agents[0])
            solara.HTML(tag="div", unsafe_innerHTML=panels[0], classes=["culturesim-step"], style=PANEL_STYLE)
    else:
        with solara.Columns([1, 1]):
            for panel, picture in zip(panels, agents):
                with solara.Column():
                    AgentsView(*picture)
                    solara.HTML(tag="div", unsafe_innerHTML=panel, classes=["culturesim-step"], style=PANEL_STYLE)


def refused_warning() -> None:
    solara.Warning(
        "A value was refused (see the message beside its control); the run shown uses the last good settings.",
        dense=True,
    )
