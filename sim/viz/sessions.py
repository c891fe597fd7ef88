"""How many pages the dashboard serves at once: a class fits, the page after the last is told so.

Why: each page holds its own organizations and figures (about 10-20 MB); a machine that is also
projecting should refuse the 31st page with a clear message rather than slow every student down.
A page counts from its first render until the server closes its session (the tab closed, or
unreachable for ``SOLARA_KERNEL_CULL_TIMEOUT``, which sim/viz/serve.py sets short).
"""

from __future__ import annotations

import logging
import os
import threading

DEFAULT_CAPACITY = 30


def capacity_from_environment() -> int:
    """CULTURESIM_DASHBOARD_SESSIONS, a whole number >= 1 (else the default)."""
    text = os.environ.get("CULTURESIM_DASHBOARD_SESSIONS", "")
    return int(text) if text.isdigit() and int(text) >= 1 else DEFAULT_CAPACITY


class Sessions:
    """A count of open pages, with a capacity."""

    def __init__(self, capacity: int | None = None):
        self.capacity = capacity or capacity_from_environment()
        self.open = 0
        self.lock = threading.Lock()

    def admit(self) -> bool:
        """Count this page in if there is room (False: the class is full); it counts out when its session closes."""
        with self.lock:
            if self.open >= self.capacity:
                return False
            self.open += 1
        if not when_closed(self.leave):
            self.leave()  # no server session (solara.render in tests): nothing would count it out
        return True

    def leave(self) -> None:
        with self.lock:
            self.open = max(0, self.open - 1)
            now = self.open
        logging.getLogger("culturesim.dashboard").info("a page's session closed; %d open", now)
        threading.Timer(1.0, give_memory_back).start()


def when_closed(callback) -> bool:
    """Call ``callback`` when this page's server session closes; False outside a server session."""
    try:
        from solara.server import kernel_context
    except ImportError:
        return False
    if not kernel_context.has_current_context():
        return False
    kernel_context.get_current_context().on_close(callback)
    return True


def give_memory_back() -> None:
    """After a page's session closed: collect its cycles (figures, models) and hand the freed heap back
    to the system (glibc keeps it otherwise, and the server would look as big as its busiest hour)."""
    import ctypes
    import gc

    gc.collect()
    try:  # the running program's own C library (no ctypes.util.find_library: it runs ldconfig each time)
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory is still free for the server's own reuse
        pass


SESSIONS = Sessions()
