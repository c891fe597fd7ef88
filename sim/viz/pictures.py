"""The pictures of one page's organizations at one month: agents, plots and step panels, drawn together.

Why a class of its own: Play steps the models in its own thread while the page may draw them, so
stepping and drawing share one lock (a month is never drawn half-made), and Pause is an event the
play loop checks before it steps again.
"""

from __future__ import annotations

import threading

from .ack import Seen
from .figures import PANELS, AgentsFigure, TimePlot, unscope_rcparams
from .inputs import B_REWARDS
from .panel import step_html
from .ranges import exercise_ranges


def org_names(values: dict) -> list[str]:
    """The organizations' names on the page: "A: <plan>" and, side by side, "B: <plan>, rewards ..."."""
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
        self.agents_drawn: list[tuple[bytes, str]] = []
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
