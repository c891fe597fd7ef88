"""Organizations built and drawn ahead of time, so that a page opened with their settings is ready at once."""

from __future__ import annotations

import threading

from .inputs import GUIDE_LINKS, build, defaults, from_url
from .log import logger
from .pictures import Pictures, org_names
from .play import PLAYS


class Spare:
    """Organizations built and drawn ahead of time, for the next page opened with the same settings.

    Why: on a 2-core machine the first picture (7 figures drawn in full) takes 1-2 s while the
    browser is busy loading the page; prepared while the server starts (sim/viz/serve.py) or after
    the last one was taken, a visitor's page only has to send it. Prepared are the default settings
    and every link of docs/teaching.md (``GUIDE_LINKS``). Each visitor still gets a model of their
    own: a spare is handed out once. Prepared only while no page plays (sim/viz/play.py ``PLAYS``).
    """

    def __init__(self, settings=None):
        self.lock = threading.Lock()
        self.settings = settings  # None: the defaults and the guide's links
        self.ready: dict = {}  # key of the settings -> (settings, models, Pictures)

    def wanted(self) -> list[dict]:
        if self.settings is not None:
            return self.settings
        return [defaults(), *(from_url(query)[0] for query in GUIDE_LINKS.values())]

    @staticmethod
    def key(values: dict) -> tuple:
        return tuple(sorted((k, str(v)) for k, v in values.items()))

    def prepare(self, values: dict | None = None) -> None:
        todo = [values] if values is not None else self.wanted()
        for wanted in todo:
            if self.key(wanted) in self.ready:
                continue
            while True:  # never while a page plays: its Pause would wait for this drawing (sim/viz/play.py)
                PLAYS.wait_for_none()
                models = build(wanted)
                pictures = Pictures(models, org_names(wanted), wanted["projector"])
                if pictures.draw(wanted["autoscale"], agents=True, stop=PLAYS.any) is not None:
                    break
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
