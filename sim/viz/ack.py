"""The browser says which frame it has shown, so that Play never sends faster than the page can show.

Why: the server can step and draw months faster than a busy laptop's browser can apply them; every
frame sent ahead of the browser waits in the connection, and a Pause click is then seen only after
the backlog (tens of seconds on a loaded machine). Play sends frame n, then waits until this
invisible widget reports n back from the page (messages are applied in order, so frame n's
pictures are in the page by then), and only then draws the month the clock has reached.
"""

from __future__ import annotations

import threading

import ipyvuetify as v
import traitlets


class FrameAck(v.VuetifyTemplate):
    """Echoes ``frame`` back as ``seen`` once the page has applied it."""

    template = traitlets.Unicode("""
<template><span class="culturesim-frame" style="display: none">{{ frame }}</span></template>
<script>
module.exports = {
    watch: { frame(n) { this.$nextTick(() => { this.seen = n; }); } },
    mounted() { this.seen = this.frame; },
}
</script>""").tag(sync=True)
    frame = traitlets.Int(0).tag(sync=True)
    seen = traitlets.Int(-1).tag(sync=True)


class Seen:
    """The last frame the page reported, and a way to wait for one."""

    def __init__(self):
        self.frame = -1
        self.changed = threading.Condition()

    def report(self, frame: int) -> None:
        with self.changed:
            self.frame = max(self.frame, int(frame))
            self.changed.notify_all()

    def wait_for(self, frame: int, timeout: float, stop: threading.Event) -> bool:
        """True once the page has shown ``frame``; False after ``timeout`` s or when ``stop`` is set."""
        with self.changed:
            return self.changed.wait_for(lambda: self.frame >= frame or stop.is_set(), timeout) and not stop.is_set()
