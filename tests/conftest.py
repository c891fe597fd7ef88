import numpy as np
import pytest

from sim.core import make_batch
from sim.params import Environment
from sim.steps import Schedule, step_policy

from .support import SMALL


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
