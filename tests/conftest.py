import signal

import numpy as np
import pytest

from sim.core import make_batch
from sim.params import Environment
from sim.steps import Schedule, step_policy

from .support import SMALL

HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)  # the signals the project installs handlers for


def pytest_configure(config):
    """Ctrl-C as in a terminal's foreground, even when a script started the suite in the background: a
    non-interactive shell starts a background command with SIGINT ignored, Python then keeps it ignored,
    and every child (the xdist workers, the commands the Ctrl-C tests interrupt) inherits that."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def signal_handlers_restored():
    """Fail the test that leaves a signal handler changed in this process (a library call that did
    would leave a notebook user's Ctrl-C changed too); put the handlers back for the next test."""
    before = {s: signal.getsignal(s) for s in HANDLED}
    yield
    changed = {s.name: signal.getsignal(s) for s in HANDLED if signal.getsignal(s) != before[s]}
    for s in HANDLED:
        signal.signal(s, before[s])
    assert not changed, f"the test left signal handlers changed: {changed}"


@pytest.fixture(scope="session", autouse=True)
def compiled_core():
    """Compile the core (or load numba's cache) once, before tests start command-line subprocesses."""
    from sim.core import backend as chosen

    chosen.current()


@pytest.fixture(params=["numpy", "compiled"])
def backend(request):
    """Run the test on each backend of the core (sim/core/backend.py)."""
    from sim.core import backend as chosen

    with chosen.using(request.param):
        yield request.param


@pytest.fixture
def small_batch():
    """Five steps, two seeds each, at small sizes."""

    def build(months=24, warmup=6, sizes=SMALL):
        schedules = [Schedule.constant(step_policy(k)) for k in range(1, 6) for _ in range(2)]
        seeds = np.array([s for _ in range(5) for s in (11, 12)], dtype=np.uint64)
        return make_batch([Environment()] * 10, schedules, seeds, sizes, months, warmup)

    return build
