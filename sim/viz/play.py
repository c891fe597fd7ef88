"""Play: show the month the clock has reached, one frame at a time, until the run ends or Pause.

Why this shape: the server steps the model (a few milliseconds a month) to the month the clock has
reached and draws only that month, so a slow machine skips months instead of queueing them; the
next frame waits until the page has shown this one (sim/viz/ack.py), so frames never pile up in
the connection. Pause takes effect at once: the loop runs in a plain thread and draws there,
outside the page's render, so a Pause click never waits for a drawing (the page shows the last
frame shown); the click sets ``stop``, which the loop checks before each step, between the
pictures of a month, before showing a month it drew and in every wait. A month being drawn when
Pause came is not shown: it waits, and the next Step shows it (the models are at that month), so
no month appears after the click. What a click can still wait for is the page update of a month
already being shown: it is kept small (sim/viz/controls.py ``Shown``: only the parts showing a
month re-render, once) and its messages go straight to the socket (sim/viz/serve.py SEND_SETTINGS).

A plain thread and not ``solara.use_thread``: that one traces every line its thread runs (so that
it can be cancelled anywhere), which made each month's step and drawing about 40% slower, and each
start and end of it redraws the page three or four times.
"""

from __future__ import annotations

import threading
import time

from .pictures import Released


class Plays:
    """The play loops running in this server: work that can wait (organizations prepared ahead,
    sim/viz/spare.py) waits until none runs, and stops drawing when one starts (``any``).

    Why: on a loaded 2-core machine the server's threads share one interpreter; the four organizations
    the server prepares while it starts took over a minute at load 17, and a Pause click in that time
    waited for their drawing (0.85-1.20 s against 0.11-0.73 s once they were ready)."""

    def __init__(self):
        self.count = 0
        self.waiting = 0  # threads waiting for no play loop (for the tests)
        self.changed = threading.Condition()
        self.any = threading.Event()

    def __enter__(self):
        with self.changed:
            self.count += 1
            self.any.set()

    def __exit__(self, *exc) -> None:
        with self.changed:
            self.count -= 1
            if not self.count:
                self.any.clear()
                self.changed.notify_all()

    def wait_for_none(self) -> None:
        with self.changed:
            self.waiting += 1
            self.changed.wait_for(lambda: self.count == 0)
            self.waiting -= 1


PLAYS = Plays()


def play_loop(pictures, stop: threading.Event, page, pace: float, agents_every: int, autoscale: bool) -> None:
    """Advance ``pictures``' models by the clock until the run ends or ``stop`` is set.

    ``page``: the page's reactive values ``tick`` (+= 1 shows the frame just drawn), ``playing`` (the
    Pause button) and ``looping`` (true until the last month this loop draws is shown: Step waits for it),
    and ``stop``, the event of the page's latest Play.
    """
    try:
        with PLAYS:
            frame = advance_and_show(pictures, stop, page, pace, agents_every, autoscale)
            if frame is not None and not frame.fresh_agents and pictures.frame is frame:  # that month's agents
                agents = pictures.draw(autoscale, agents=True)
                if agents is not None:
                    pictures.show(agents)
                    with page.once:
                        page.tick.value += 1
    except Released:
        return  # the page closed while it played
    if page.stop is stop:  # not if a new Play (or new models' Play) began meanwhile
        with page.once:
            page.playing.value = False
            page.looping.value = False


def advance_and_show(pictures, stop: threading.Event, page, pace: float, agents_every: int, autoscale: bool):
    """The loop itself: step to the month the clock reached, draw it, show it, wait for the page; the last frame."""
    lead = pictures.models[0]
    began, first_month = time.monotonic(), lead.month
    frame = pictures.frame
    while lead.running and pictures.advance_to(first_month + 1 + int((time.monotonic() - began) / pace), stop):
        drawn = pictures.draw(autoscale, agents=lead.month % agents_every == 0 or not lead.running, stop=stop)
        if drawn is None or not pictures.show_unless(drawn, stop):
            break  # paused while drawing: that month waits for the next Step
        frame = drawn
        with page.once:  # one render for the run bar, the pictures and the sliders
            page.tick.value += 1  # the page shows it (its render finds it drawn)
        # the next frame only once the page shows this one (a page gone quiet: 10 s at most)
        pictures.seen.wait_for(page.tick.value, timeout=10.0, stop=stop)
        wait = began + (lead.month - first_month) * pace - time.monotonic()
        if stop.wait(max(0.05, wait)):  # always a breath, and Pause ends it
            break
    return frame


def start_playing(pictures, page, pace: float, agents_every: int, autoscale: bool) -> threading.Event:
    """Play from the month shown in a thread of its own; returns the event that pauses it."""
    stop = threading.Event()
    pictures.paused = page.stop = stop
    page.playing.value = page.looping.value = True
    args = (pictures, stop, page, pace, agents_every, autoscale)
    threading.Thread(target=play_loop, args=args, name="culturesim-play", daemon=True).start()
    return stop
