"""The pictures of one page's organizations at one month: agents, plots and step panels, drawn together.

Why a class of its own: Play steps and draws the models in its own thread while the page shows
the last month drawn, so stepping and drawing share one lock (a month is never drawn half-made),
and Pause is an event the play loop checks before it steps again. A month is drawn into a
``Frame`` that also holds the month, A's levers and A's plan: the page shows a frame and nothing
read from the models, so the clock, the plots, the panels and the sliders always agree.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from .ack import Seen
from .figures import PANELS, AgentsFigure, TimePlot, unscope_rcparams
from .inputs import B_REWARDS, LEVER_KEYS
from .panel import step_html
from .ranges import exercise_ranges


class Released(LookupError):
    """Drawing asked of pictures whose page has closed."""


@dataclass(frozen=True)
class Frame:
    """One month of the page's organizations as drawn: everything the page shows of them."""

    month: int  # A's month (B's is the same)
    months: int
    running: bool  # False once the run reached its last month
    agents: list  # [(JPEG, heading)] per organization
    plots: list  # [(JPEG, description)] per plot
    panels: list  # the step panels' HTML
    levers: dict  # A's lever values this month, by key
    plan: tuple  # A's plan: ((month, step), ...)
    autoscale: bool  # drawn with y ranges fitted to the data
    fresh_agents: bool  # the agents drawn this month (while playing they may be from an earlier one)


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
        self.paused = threading.Event()  # set by Pause: the play loop steps no further (one per Play)
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
        self.frame: Frame | None = None  # the frame on the page
        self.pending: Frame | None = None  # drawn by Play when Pause came: shown by the next Step
        self.showing = threading.Lock()  # Play decides to show a frame, or Pause stops it: one at a time

    def draw(self, autoscale: bool, agents: bool, stop: threading.Event | None = None) -> Frame | None:
        """This month's frame; the agents are kept from last time unless ``agents`` (the largest picture).

        None when ``stop`` (Play's Pause) is set before the last picture: a paused Play stops drawing at
        once instead of finishing a month no one will see (the next Step draws it, ``step_and_draw``)."""
        with self.lock:
            if not self.models:
                raise Released("the page closed: its organizations are gone")
            key = (tuple(m.month for m in self.models), autoscale, agents or not self.agents_drawn)
            if key == self.last[0]:
                return self.last[1]
            fresh = agents or not self.agents_drawn
            drawers: list[Callable[[], tuple[bytes, str]]] = [a.image for a in self.agents] if fresh else []
            drawers += [partial(p.image, autoscale) for p in self.plots]
            pictures = []
            for draw_one in drawers:  # one picture at a time, so that Pause stops between them
                if stop is not None and stop.is_set():
                    return None
                pictures.append(draw_one())
            if fresh:
                self.agents_drawn, pictures = pictures[: len(self.agents)], pictures[len(self.agents) :]
            names = self.names if len(self.models) > 1 else [""]
            lead = self.models[0]
            frame = Frame(
                month=int(lead.month),
                months=lead.months,
                running=bool(lead.running),
                agents=self.agents_drawn,
                plots=pictures,
                panels=[step_html(m, n) for m, n in zip(self.models, names)],
                levers={key: float(getattr(lead.policy, key)) for key in LEVER_KEYS},
                plan=tuple(lead.plan),
                autoscale=autoscale,
                fresh_agents=fresh,
            )
            self.last = (key, frame)
            return frame

    def show(self, frame: Frame) -> Frame:
        """``frame`` is the one the page shows from now (the caller then redraws the page)."""
        self.frame, self.pending = frame, None
        return frame

    def show_unless(self, frame: Frame, stop: threading.Event) -> bool:
        """Show ``frame`` unless ``stop`` is set (then it waits for the next Step): Pause sets ``stop``
        under the same lock (``pause``), so a month drawn when Pause came never appears after it."""
        with self.showing:
            if stop.is_set():
                self.pending = frame
                return False
            self.show(frame)
            return True

    def pause(self) -> None:
        """Stop this Play: no month is stepped, and none drawn is shown, after this returns."""
        with self.showing:
            self.paused.set()

    def shown(self, autoscale: bool) -> Frame:
        """The frame a page shows: the last one shown (Step and Play draw before they show a month), or
        this month's drawn now when there is none yet or ``autoscale`` changed.

        Why not always this month's: while playing, the models may already be a month ahead, being
        drawn in the play thread; a page redrawn then (by a Pause click) shows the last frame at once
        instead of waiting for that drawing.
        """
        frame = self.frame
        if frame is None or frame.autoscale != autoscale:
            frame = self.pending if self.pending is not None and self.pending.autoscale == autoscale else None
            frame = frame or self.draw(autoscale, agents=True)
            assert frame is not None  # no stop: drawn in full
            return self.show(frame)
        return frame

    def step_and_draw(self, autoscale: bool) -> Frame:
        """Step: the month Play stepped to or drew when Pause came, if any (after the one on the page),
        else the next month, drawn."""
        if self.pending is not None:
            return self.show(self.pending)
        ahead = self.frame is not None and self.models and self.models[0].month > self.frame.month
        if not ahead:
            self.step()
        frame = self.draw(autoscale, agents=True)
        assert frame is not None  # no stop: drawn in full
        return self.show(frame)

    def release(self) -> None:
        """Let go of the models and figures (the page closed): whatever still holds this object, or a
        widget of its page, then holds a few empty lists instead of two organizations and seven figures."""
        self.paused.set()
        with self.lock:
            self.models.clear()  # the page's own list: its reactive value empties too
            self.plots, self.agents, self.agents_drawn = [], [], []
            self.last, self.frame, self.pending = (None, None), None, None

    def step(self) -> None:
        with self.lock:
            for m in self.models:
                if m.running:
                    m.step()

    def advance_to(self, month: int, stop: threading.Event) -> bool:
        """Step every model up to ``month`` at once (months are cheap; only this one will be drawn).

        False, and nothing stepped, once ``stop`` (this Play's Pause) is set: a paused run never moves again.
        """
        with self.lock:
            if stop.is_set():
                return False
            for m in self.models:
                while m.running and m.month < month:
                    m.step()
            return True
