import signal

import numpy as np
import pytest

from sim.core import make_batch
from sim.params import Environment
from sim.steps import Schedule, step_policy

from .support import SMALL

HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)  # the signals the project installs handlers for


def pytest_configure(config):
    """The ``without_core`` mark (see ``compiled_core``). Ctrl-C as in a terminal's foreground, even when
    a script started the suite in the background: a non-interactive shell starts a background command
    with SIGINT ignored, Python keeps it ignored, and every child (the xdist workers, the commands the
    Ctrl-C tests interrupt) inherits that."""
    config.addinivalue_line("markers", "without_core: the module runs no month and starts no command")
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def signal_handlers_restored():
    """Fail the test that leaves a signal handler changed in this process (a library call that did
    would leave a notebook user's Ctrl-C changed too); put the handlers back for the next test."""
    before = {s: signal.getsignal(s) for s in HANDLED}
    yield
    changed = {s: signal.getsignal(s) for s in HANDLED if signal.getsignal(s) != before[s]}
    for s in changed:
        signal.signal(s, before[s])
    assert not changed, f"the test left signal handlers changed: {changed}"


@pytest.fixture(autouse=True)
def compiled_core(request):
    """Compile the core (or load numba's cache) before the first test that may run a month or start a
    command-line subprocess (which would otherwise compile it too, and say so on stderr). A module
    marked ``without_core`` (checks of text and tables) does not wait for it: after a change to rules.py
    the first compile (42 s of CPU, 112-244 s of wall at load 10-13) was charged to whichever test came
    first, once a pure text check (tests/test_pointers.py, 4 minutes)."""
    if request.node.get_closest_marker("without_core") is None:
        from sim.core import backend as chosen

        chosen.current()  # after the first call: a check of two globals


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
