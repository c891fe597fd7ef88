"""Play: show the month the clock has reached, one frame at a time, until the run ends or Pause.

Why this shape: the server steps the model (a few milliseconds a month) to the month the clock has
reached and draws only that month, so a slow machine skips months instead of queueing them; the
next frame waits until the page has shown this one (sim/viz/ack.py), so frames never pile up in
the connection; Pause is an event checked before every step and every wait.
"""

from __future__ import annotations

import time


def play_loop(pictures, playing, tick, pace: float) -> None:
    """Advance ``pictures``' models by the clock while ``playing`` is true; ``tick`` += 1 shows a month.

    ``playing`` and ``tick`` are the page's reactive values (a change of ``tick`` redraws the page).
    """
    lead = pictures.models[0]
    began, first_month = time.monotonic(), lead.month
    while playing.value and lead.running:
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
