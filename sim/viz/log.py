"""The dashboard server's log: refused values, failed builds, sessions opened and closed (to stderr)."""

from __future__ import annotations

import logging
import sys

NAME = "culturesim.dashboard"


def logger() -> logging.Logger:
    """The server's log (stderr, which the server's log keeps), set up once."""
    log = logging.getLogger(NAME)
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s culturesim dashboard %(levelname)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log
